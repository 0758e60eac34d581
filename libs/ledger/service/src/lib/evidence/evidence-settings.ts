/**
 * How much room a learner's evidence files may take and how long a file may back no achievement.
 * From EVIDENCE_QUOTA_BYTES, EVIDENCE_UNATTACHED_MAX_AGE_SECONDS and EVIDENCE_SWEEP_INTERVAL_SECONDS
 * (validated in the platform's Environment); these defaults match the Environment's.
 */
export interface EvidenceSettings {
  /** Bytes of a learner's files (registered, not expired). Default 200 MiB. */
  quotaBytes: number;
  /** A file that backs no achievement this long expires. Default 86400 (24 hours). */
  unattachedMaxAgeSeconds: number;
  /** How often the sweep looks for such files. Default 600; 0 = never on its own (tests call it). */
  sweepIntervalSeconds: number;
}

export const DEFAULT_EVIDENCE_SETTINGS: EvidenceSettings = {
  quotaBytes: 200 * 1024 * 1024,
  unattachedMaxAgeSeconds: 86_400,
  sweepIntervalSeconds: 600,
};

export const EVIDENCE_SETTINGS = Symbol.for('credit-bank/ledger/EvidenceSettings');
