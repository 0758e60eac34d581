import { ConversionApplicationView, MessageMeta } from '@credit-bank/contracts';
import { LearningAccountCommand, learningAccountDecider, LedgerErrorCodes, learningAccountStreamId } from '@credit-bank/ledger-domain';
import { DomainError, EVENT_STORE, EventStore, executeCommand, READ_STORE, ReadStore } from '@credit-bank/kernel';
import { contextOf, pendingAnswer, requireActor } from '@credit-bank/platform';
import { Inject, Injectable } from '@nestjs/common';
import { InstitutionsDirectory } from '../projections/institutions/institutions-directory';
import { LearnersDirectory } from '../projections/learners/learners-directory';
import { CONVERSION_APPLICATIONS_COLLECTION, ConversionApplicationDocument } from '../projections/learning-accounts/learning-accounts.projection';
import { LedgerProjectionsHost } from '../projections/ledger-projections.host';
import { toApplicationView } from './conversion-views';

/**
 * The awarding institution's decision on a conversion application (转换审核). The caller must be
 * an institution account the ledger knows as approved (403 otherwise); the application is found
 * through ledger_conversion_applications (another institution's is "not found"), and the decider
 * on the learner's stream checks again and lets one decision stand (two at once: one 409).
 */
@Injectable()
export class ConversionDecisions {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    private readonly institutions: InstitutionsDirectory,
    private readonly projections: LedgerProjectionsHost,
    private readonly learners: LearnersDirectory,
  ) {}

  /** An application as its learner or awarding institution reads it (a repeated delivery's answer); pending while not projected. */
  async view(applicationId: string): Promise<ConversionApplicationView> {
    const doc = await this.readStore.collection<ConversionApplicationDocument>(CONVERSION_APPLICATIONS_COLLECTION).get(applicationId);
    if (!doc) return pendingAnswer({ applicationId } as unknown as ConversionApplicationView);
    return toApplicationView(doc, await this.learners.labelOf(doc.learnerId));
  }

  async decide(meta: MessageMeta, applicationId: string, build: (reviewer: { decidedBy: string; institutionId: string }, now: string) => LearningAccountCommand): Promise<ConversionApplicationView> {
    const actor = requireActor(meta, 'institution');
    const reviewer = await this.institutions.approvedReviewer(actor.accountId);
    const collection = this.readStore.collection<ConversionApplicationDocument>(CONVERSION_APPLICATIONS_COLLECTION);
    const found = await collection.get(applicationId);
    if (!found || found.awardingInstitutionId !== reviewer.institutionId) {
      throw new DomainError(LedgerErrorCodes.CONVERSION_APPLICATION_NOT_FOUND, 'not_found', 'No such conversion application.');
    }
    const ctx = contextOf(meta);
    const result = await executeCommand(
      this.store,
      learningAccountStreamId(found.learnerId),
      learningAccountDecider,
      build({ decidedBy: reviewer.reviewerId, institutionId: reviewer.institutionId }, ctx.now),
      ctx,
    );
    const seen = await this.projections.waitFor(result.position);
    const doc = (await collection.get(applicationId)) ?? found;
    const view = toApplicationView(doc, await this.learners.labelOf(doc.learnerId));
    return seen ? view : pendingAnswer(view);
  }
}
