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
  | { type: 'EvidenceDetached'; data: { evidenceId: string; achievementId: string; detachedAt: string } };

export type EvidenceEventType = EvidenceEvent['type'];
