import {
  AchievementDetails,
  achievementDecider,
  achievementStreamId,
  certificateDecider,
  certificateKeyOf,
  CertificateState,
  certificateStreamId,
  ClaimCertificate,
  HolderStatus,
  otherLearnersHolding,
} from '@credit-bank/ledger-domain';
import { CommandContext, EVENT_STORE, EventStore, executeCommand, loadStream } from '@credit-bank/kernel';
import { Pseudonyms, PSEUDONYMS } from '@credit-bank/platform';
import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { createHash } from 'node:crypto';

/** The stream key of a certificate as releases before keyed pseudonyms made it: SHA-256 of its issuer and normalised number. */
export const certificateKeyHash = (details: AchievementDetails): string => createHash('sha256').update(certificateKeyOf(details), 'utf8').digest('hex');

/**
 * One certificate, one credit: before an achievement is stored (or amended to another
 * certificate) its handler claims the certificate in the certificate's stream with that stream's
 * expected revision, so one learner cannot hold it twice even when two stores race (409
 * LEDGER.CERTIFICATE_ALREADY_STORED); the claim is released when the achievement is withdrawn,
 * moves to another certificate, or its own append fails. Reviewers see the other learners'
 * holders as possible duplicates.
 *
 * The stream is named by a keyed HMAC of the certificate (`Pseudonyms`: certificate numbers cannot
 * be tested against stream names without the master key). Claims an earlier release made in the
 * stream named by the bare SHA-256 still count: they refuse the same learner's second claim, show
 * as possible duplicates, and are released where they are; new claims go to the keyed stream only.
 */
@Injectable()
export class CertificateClaims {
  private readonly logger = new Logger(CertificateClaims.name);

  private readonly pseudonyms: Pseudonyms;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore, @Optional() @Inject(PSEUDONYMS) pseudonyms?: Pseudonyms) {
    this.pseudonyms = pseudonyms ?? new Pseudonyms();
  }

  /** The certificate's stream key: a keyed HMAC (64 hex digits), or the legacy SHA-256 without a pseudonym key. */
  keyHashOf(details: AchievementDetails): string {
    return this.pseudonyms.keyed ? this.pseudonyms.digest('certificate', 'ledger', certificateKeyOf(details)) : certificateKeyHash(details);
  }

  /** The stream of the certificate as an earlier release named it, when that differs. */
  private legacyKeyHashOf(details: AchievementDetails): string | undefined {
    return this.pseudonyms.keyed ? certificateKeyHash(details) : undefined;
  }

  private async legacyState(details: AchievementDetails): Promise<{ keyHash: string; state: CertificateState } | undefined> {
    const keyHash = this.legacyKeyHashOf(details);
    if (!keyHash) return undefined;
    const { state } = await loadStream(this.store, certificateStreamId(keyHash), certificateDecider);
    return Object.keys(state.holders).length ? { keyHash, state } : undefined;
  }

  async claim(details: AchievementDetails, ownerId: string, achievementId: string, ctx: CommandContext): Promise<number | undefined> {
    const keyHash = this.keyHashOf(details);
    const key = certificateKeyOf(details);
    // A live claim of the same learner in the legacy stream refuses as one in the keyed stream would (nothing is written there).
    const legacy = await this.legacyState(details);
    if (legacy && !legacy.state.holders[achievementId]) {
      const command: ClaimCertificate = { type: 'ClaimCertificate', keyHash: legacy.keyHash, achievementId, ownerId, ownHolders: await this.ownHolders(legacy.state, ownerId, achievementId, key), now: ctx.now };
      certificateDecider.decide(command, legacy.state);
    }
    if (legacy?.state.holders[achievementId]) return undefined; // this achievement holds it there already
    const stream = certificateStreamId(keyHash);
    const { state } = await loadStream(this.store, stream, certificateDecider);
    const ownHolders = await this.ownHolders(state, ownerId, achievementId, key);
    const result = await executeCommand(this.store, stream, certificateDecider, { type: 'ClaimCertificate', keyHash, achievementId, ownerId, ownHolders, now: ctx.now }, ctx);
    return result.position;
  }

  /** Releases the claim if this achievement holds it. Never throws: a claim left behind is taken over by the learner's next claim. */
  async release(details: AchievementDetails, achievementId: string, ctx: CommandContext): Promise<number | undefined> {
    const legacy = await this.legacyState(details).catch(() => undefined);
    const keyHash = legacy?.state.holders[achievementId] ? legacy.keyHash : this.keyHashOf(details);
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
    const { state } = await loadStream(this.store, certificateStreamId(this.keyHashOf(details)), certificateDecider);
    const legacy = await this.legacyState(details);
    return [...new Set([...otherLearnersHolding(state, ownerId), ...(legacy ? otherLearnersHolding(legacy.state, ownerId) : [])])].sort();
  }

  private async ownHolders(state: CertificateState, ownerId: string, achievementId: string, key: string): Promise<Record<string, HolderStatus>> {
    const ownHolders: Record<string, HolderStatus> = {};
    for (const [holderId, holder] of Object.entries(state.holders)) {
      if (holder.ownerId === ownerId && holderId !== achievementId) ownHolders[holderId] = await this.holderStatus(holderId, key);
    }
    return ownHolders;
  }

  private async holderStatus(achievementId: string, key: string): Promise<HolderStatus> {
    const { state } = await loadStream(this.store, achievementStreamId(achievementId), achievementDecider);
    if (state.status === 'absent') return 'absent';
    if (state.status === 'withdrawn') return 'withdrawn';
    return certificateKeyOf(state.details) === key ? 'uses-it' : 'uses-other';
  }
}
