import { BLOB_STORE, BlobStore, READ_STORE, ReadStore } from '@credit-bank/kernel';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { EVIDENCE_COLLECTION, EvidenceDocument } from '../projections/evidence/evidence.projection';

/**
 * When a learner erases their account, the files they uploaded go: scans of certificates show the
 * person (name, photo, ID number). What was decided about them stays — the achievement, its
 * recognition record, the file's hash, type and size in `ledger_evidence` — and a download of one
 * answers 404 from then on. Deleting is idempotent, so an erasure delivered again changes nothing.
 * (A side effect of the live consumer only: rebuilding read models never touches files.)
 */
@Injectable()
export class ErasedLearnerEvidence {
  private readonly logger = new Logger(ErasedLearnerEvidence.name);

  constructor(
    @Inject(READ_STORE) private readonly readStore: ReadStore,
    @Optional() @Inject(BLOB_STORE) private readonly blobs?: BlobStore,
  ) {}

  /** Deletes the files of every evidence the account registered; answers how many it deleted. */
  async deleteFilesOf(accountId: string): Promise<number> {
    if (!this.blobs || typeof accountId !== 'string') return 0;
    const docs = await this.readStore.collection<EvidenceDocument>(EVIDENCE_COLLECTION).find({ where: { ownerId: accountId } });
    let deleted = 0;
    for (const doc of docs) {
      try {
        await this.blobs.delete(doc.id);
        deleted++;
      } catch (error) {
        // Logged by id only; a later delivery of the erasure tries again.
        this.logger.error(`Could not delete evidence file ${doc.id} of an erased account: ${error instanceof Error ? error.message : String(error)}`);
        throw error;
      }
    }
    return deleted;
  }
}
