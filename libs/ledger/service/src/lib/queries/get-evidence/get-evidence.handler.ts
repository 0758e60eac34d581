import { EvidenceView } from '@credit-bank/contracts';
import { achievementDecider, achievementStreamId, evidenceFileName, evidenceNotFound, LedgerErrorCodes } from '@credit-bank/ledger-domain';
import { DomainError, EVENT_STORE, EventStore, executeCommand, READ_STORE, ReadStore } from '@credit-bank/kernel';
import { contextOf, requireActor } from '@credit-bank/platform';
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ReviewSteps } from '../../commands/review-step';
import { EVIDENCE_COLLECTION, EvidenceDocument } from '../../projections/evidence/evidence.projection';
import { LedgerProjectionsHost } from '../../projections/ledger-projections.host';
import { GetEvidenceQuery } from './get-evidence.query';

/**
 * An evidence file's record, to its owner; to a reviewer of the directory institution the
 * achievement it backs was submitted to, and to 管理中心 — each such view is recorded in the
 * achievement's stream first (EvidenceViewed: the learner sees it in the recognition record).
 * Anyone else gets what an unknown id gets.
 */
@QueryHandler(GetEvidenceQuery)
export class GetEvidenceHandler implements IQueryHandler<GetEvidenceQuery, EvidenceView> {
  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly steps: ReviewSteps,
    private readonly projections: LedgerProjectionsHost,
  ) {}

  async execute({ payload, meta }: GetEvidenceQuery): Promise<EvidenceView> {
    const actor = requireActor(meta, 'learner', 'institution', 'admin');
    const doc = await this.readStore.collection<EvidenceDocument>(EVIDENCE_COLLECTION).get(payload.evidenceId);
    if (!doc) throw evidenceNotFound();
    if (actor.role === 'learner') {
      if (doc.ownerId !== actor.accountId) throw evidenceNotFound();
    } else {
      if (!doc.attachedTo) throw evidenceNotFound();
      const viewer = await this.steps.official(meta);
      try {
        const ctx = contextOf(meta);
        const command = { type: 'RecordEvidenceView', achievementId: doc.attachedTo, evidenceId: doc.id, viewer, now: ctx.now } as const;
        const result = await executeCommand(this.store, achievementStreamId(doc.attachedTo), achievementDecider, command, ctx);
        await this.projections.waitFor(result.position);
      } catch (error) {
        // Not this official's request: the file is as unknown to them as a missing one.
        if (error instanceof DomainError && error.code === LedgerErrorCodes.ACHIEVEMENT_NOT_FOUND) throw evidenceNotFound();
        throw error;
      }
    }
    return {
      id: doc.id,
      sha256: doc.sha256,
      mediaType: doc.mediaType,
      size: doc.size,
      registeredAt: doc.registeredAt,
      fileName: evidenceFileName(doc.id, doc.mediaType),
      attachedTo: doc.attachedTo,
    };
  }
}
