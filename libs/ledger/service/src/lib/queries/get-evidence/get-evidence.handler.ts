import { EvidenceView } from '@credit-bank/contracts';
import { evidenceFileName, evidenceNotFound } from '@credit-bank/ledger-domain';
import { READ_STORE, ReadStore } from '@credit-bank/kernel';
import { requireActor } from '@credit-bank/platform';
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EVIDENCE_COLLECTION, EvidenceDocument } from '../../projections/evidence/evidence.projection';
import { GetEvidenceQuery } from './get-evidence.query';

/** An evidence file's record, to its owner only: anyone else gets what an unknown id gets. */
@QueryHandler(GetEvidenceQuery)
export class GetEvidenceHandler implements IQueryHandler<GetEvidenceQuery, EvidenceView> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async execute({ payload, meta }: GetEvidenceQuery): Promise<EvidenceView> {
    const actor = requireActor(meta, 'learner');
    const doc = await this.readStore.collection<EvidenceDocument>(EVIDENCE_COLLECTION).get(payload.evidenceId);
    if (!doc || doc.ownerId !== actor.accountId) throw evidenceNotFound();
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
