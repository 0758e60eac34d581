import { MessageMeta, ReviewDecisionResponse, RouteRecognitionMessageDto } from '@credit-bank/contracts';
import { achievementDecider, achievementStreamId, LedgerErrorCodes } from '@credit-bank/ledger-domain';
import { DomainError, EVENT_STORE, EventStore, loadStream } from '@credit-bank/kernel';
import { contextOf, requireActor } from '@credit-bank/platform';
import { Inject, Injectable } from '@nestjs/common';
import { CatalogLookup } from '../../catalog/catalog-lookup';
import { InstitutionsDirectory } from '../../projections/institutions/institutions-directory';
import { ReviewSteps } from '../review-step';

/**
 * 分派 (管理中心): a request of the routing queue goes to a directory institution that has an
 * approved account (else 409 LEDGER.INSTITUTION_HAS_NO_REVIEWER: it would wait for nobody again).
 * The state is checked first, so a request not in the queue is refused before anyone is asked.
 */
@Injectable()
export class RouteRecognitionHandler {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly steps: ReviewSteps,
    private readonly catalog: CatalogLookup,
    private readonly institutions: InstitutionsDirectory,
  ) {}

  async execute(payload: RouteRecognitionMessageDto, meta: MessageMeta): Promise<ReviewDecisionResponse> {
    const admin = requireActor(meta, 'admin');
    const { now } = contextOf(meta);
    const probe = { type: 'RouteRecognition', achievementId: payload.id, administratorId: admin.accountId, institutionId: payload.institutionId, institutionName: '', now } as const;
    achievementDecider.decide(probe, (await loadStream(this.store, achievementStreamId(payload.id), achievementDecider)).state);
    const institution = await this.catalog.institution(payload.institutionId, meta, 'institutionId');
    if (!(await this.institutions.hasReviewer(institution.id))) {
      throw new DomainError(LedgerErrorCodes.INSTITUTION_HAS_NO_REVIEWER, 'conflict', 'No approved institution account reviews for this institution yet.', { institutionId: institution.id });
    }
    return this.steps.append(meta, payload.id, { ...probe, institutionName: institution.name });
  }
}
