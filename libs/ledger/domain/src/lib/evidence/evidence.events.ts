import { EvidenceMediaType } from './evidence-media-type';

export interface EvidenceRegisteredData {
  evidenceId: string;
  /** The learner who uploaded it; only they may see it or attach it. */
  ownerId: string;
  /** Hex SHA-256 of the bytes in the blob store (key = evidenceId). */
  sha256: string;
  mediaType: EvidenceMediaType;
  size: number;
  registeredAt: string;
}

export type EvidenceEvent =
  | { type: 'EvidenceRegistered'; data: EvidenceRegisteredData }
  /** The evidence now backs this achievement (one active achievement at a time). */
  | { type: 'EvidenceAttached'; data: { evidenceId: string; achievementId: string; attachedAt: string } }
  /** The achievement let it go (withdrawn, changed to other evidence, or its store failed). */
  | { type: 'EvidenceDetached'; data: { evidenceId: string; achievementId: string; detachedAt: string } }
  /**
   * It backed no achievement for the allowed time (EVIDENCE_UNATTACHED_MAX_AGE_SECONDS) and was
   * deleted by the sweep: the bytes leave the blob store, the owner's quota gets `size` back.
   */
  | { type: 'EvidenceExpired'; data: EvidenceExpiredData };

export interface EvidenceExpiredData {
  evidenceId: string;
  ownerId: string;
  size: number;
  /** Since when it had backed no achievement (registered, or last detached). */
  idleSince: string;
  expiredAt: string;
}

export type EvidenceEventType = EvidenceEvent['type'];
