import {
  AchievementDetails,
  achievementDecider,
  achievementStreamId,
  certificateDecider,
  certificateKeyOf,
  certificateStreamId,
  HolderStatus,
  otherLearnersHolding,
} from '@credit-bank/ledger-domain';
import { CommandContext, EVENT_STORE, EventStore, executeCommand, loadStream } from '@credit-bank/kernel';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';

/** The stream key of a certificate: SHA-256 of its issuer and normalised number. */
export const certificateKeyHash = (details: AchievementDetails): string => createHash('sha256').update(certificateKeyOf(details), 'utf8').digest('hex');

/**
 * One certificate, one credit: before an achievement is stored (or amended to another
 * certificate) its handler claims the certificate in the certificate's stream with that stream's
 * expected revision, so one learner cannot hold it twice even when two stores race (409
 * LEDGER.CERTIFICATE_ALREADY_STORED); the claim is released when the achievement is withdrawn,
 * moves to another certificate, or its own append fails. Reviewers see the other learners'
 * holders as possible duplicates.
 */
@Injectable()
export class CertificateClaims {
  private readonly logger = new Logger(CertificateClaims.name);

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async claim(details: AchievementDetails, ownerId: string, achievementId: string, ctx: CommandContext): Promise<number | undefined> {
    const keyHash = certificateKeyHash(details);
    const stream = certificateStreamId(keyHash);
    const { state } = await loadStream(this.store, stream, certificateDecider);
    const ownHolders: Record<string, HolderStatus> = {};
    for (const [holderId, holder] of Object.entries(state.holders)) {
      if (holder.ownerId === ownerId && holderId !== achievementId) ownHolders[holderId] = await this.holderStatus(holderId, keyHash);
    }
    const result = await executeCommand(this.store, stream, certificateDecider, { type: 'ClaimCertificate', keyHash, achievementId, ownerId, ownHolders, now: ctx.now }, ctx);
    return result.position;
  }

  /** Releases the claim if this achievement holds it. Never throws: a claim left behind is taken over by the learner's next claim. */
  async release(details: AchievementDetails, achievementId: string, ctx: CommandContext): Promise<number | undefined> {
    const keyHash = certificateKeyHash(details);
    try {
      const result = await executeCommand(this.store, certificateStreamId(keyHash), certificateDecider, { type: 'ReleaseCertificate', keyHash, achievementId, now: ctx.now }, ctx);
      return result.position;
    } catch (error) {
      this.logger.warn(`Could not release certificate ${keyHash.slice(0, 12)}… of achievement ${achievementId}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  }

  /** Other learners' achievements holding the same certificate: "possible duplicate of …". */
  async possibleDuplicates(details: AchievementDetails, ownerId: string): Promise<string[]> {
    const { state } = await loadStream(this.store, certificateStreamId(certificateKeyHash(details)), certificateDecider);
    return otherLearnersHolding(state, ownerId);
  }

  private async holderStatus(achievementId: string, keyHash: string): Promise<HolderStatus> {
    const { state } = await loadStream(this.store, achievementStreamId(achievementId), achievementDecider);
    if (state.status === 'absent') return 'absent';
    if (state.status === 'withdrawn') return 'withdrawn';
    return certificateKeyHash(state.details) === keyHash ? 'uses-it' : 'uses-other';
  }
}
