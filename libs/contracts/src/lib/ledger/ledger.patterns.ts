import { CONVERSION_ERROR_CODES } from './conversion.contracts';

/**
 * Request-reply patterns of the ledger service (payloads travel in a BusEnvelope). Every one
 * except `health` needs an actor of role `learner` (else AUTH.UNAUTHENTICATED / AUTH.FORBIDDEN).
 */
export const LEDGER_PATTERNS = {
  /** RegisterEvidenceDto → EvidenceRegisteredResponse. The gateway stored the bytes under `evidenceId` first. */
  registerEvidence: 'ledger.register-evidence.v1',
  /** EvidenceIdDto → EvidenceView (the caller's own evidence only; else LEDGER.EVIDENCE_NOT_FOUND). */
  getEvidence: 'ledger.get-evidence.v1',
  /** StoreAchievementDto → AchievementRevisionResponse (revision 0). */
  storeAchievement: 'ledger.store-achievement.v1',
  /** AmendAchievementMessageDto → AchievementRevisionResponse. */
  amendAchievement: 'ledger.amend-achievement.v1',
  /** WithdrawAchievementMessageDto → `{id, withdrawn: true}`. */
  withdrawAchievement: 'ledger.withdraw-achievement.v1',
  /** AchievementIdDto → RecognitionRequestedResponse. */
  requestRecognition: 'ledger.request-recognition.v1',
  /** ListAchievementsDto → AchievementsPage (the caller's own achievements, newest first). */
  listAchievements: 'ledger.list-achievements.v1',
  /** AchievementIdDto → AchievementView. */
  getAchievement: 'ledger.get-achievement.v1',
  /** anything → LedgerHealth. */
  health: 'ledger.health.v1',
  /** {} (any role; actor from the envelope) → LedgerPersonalData: what the ledger holds about the caller (GET /me/export) */
  exportPersonalData: 'ledger.export-personal-data.v1',
} as const;

/** Error codes a caller of the ledger may meet (the gateway raises the EVIDENCE_FILE_MISSING, EVIDENCE_MALFORMED, EVIDENCE_ACTIVE_CONTENT and IF_MATCH ones itself). */
export const LEDGER_ERROR_CODES = {
  EVIDENCE_FILE_MISSING: 'LEDGER.EVIDENCE_FILE_MISSING',
  EVIDENCE_TYPE_UNSUPPORTED: 'LEDGER.EVIDENCE_TYPE_UNSUPPORTED',
  EVIDENCE_TOO_LARGE: 'LEDGER.EVIDENCE_TOO_LARGE',
  EVIDENCE_MALFORMED: 'LEDGER.EVIDENCE_MALFORMED',
  EVIDENCE_ACTIVE_CONTENT: 'LEDGER.EVIDENCE_ACTIVE_CONTENT',
  EVIDENCE_QUOTA_EXCEEDED: 'LEDGER.EVIDENCE_QUOTA_EXCEEDED',
  EVIDENCE_NOT_FOUND: 'LEDGER.EVIDENCE_NOT_FOUND',
  EVIDENCE_UNKNOWN: 'LEDGER.EVIDENCE_UNKNOWN',
  EVIDENCE_IN_USE: 'LEDGER.EVIDENCE_IN_USE',
  CATALOG_ITEM_UNKNOWN: 'LEDGER.CATALOG_ITEM_UNKNOWN',
  CATEGORY_MISMATCH: 'LEDGER.CATEGORY_MISMATCH',
  TYPE_NOT_IN_CATEGORY: 'LEDGER.TYPE_NOT_IN_CATEGORY',
  CATALOG_UNAVAILABLE: 'LEDGER.CATALOG_UNAVAILABLE',
  ACHIEVEMENT_INVALID: 'LEDGER.ACHIEVEMENT_INVALID',
  AMENDMENT_EMPTY: 'LEDGER.AMENDMENT_EMPTY',
  ACHIEVEMENT_NOT_FOUND: 'LEDGER.ACHIEVEMENT_NOT_FOUND',
  ACHIEVEMENT_ALREADY_SUBMITTED: 'LEDGER.ACHIEVEMENT_ALREADY_SUBMITTED',
  REVISION_MISMATCH: 'LEDGER.REVISION_MISMATCH',
  IF_MATCH_REQUIRED: 'LEDGER.IF_MATCH_REQUIRED',
  IF_MATCH_INVALID: 'LEDGER.IF_MATCH_INVALID',
  INSTITUTION_NOT_APPROVED: 'LEDGER.INSTITUTION_NOT_APPROVED',
  RECOGNITION_CLAIMED_BY_ANOTHER: 'LEDGER.RECOGNITION_CLAIMED_BY_ANOTHER',
  RECOGNITION_ALREADY_DECIDED: 'LEDGER.RECOGNITION_ALREADY_DECIDED',
  RECOGNITION_NOT_PENDING: 'LEDGER.RECOGNITION_NOT_PENDING',
  RECOGNITION_INVALID: 'LEDGER.RECOGNITION_INVALID',
  INSTITUTION_NOT_LINKED: 'LEDGER.INSTITUTION_NOT_LINKED',
  INSTITUTION_UNKNOWN: 'LEDGER.INSTITUTION_UNKNOWN',
  INSTITUTION_HAS_NO_REVIEWER: 'LEDGER.INSTITUTION_HAS_NO_REVIEWER',
  NOT_AWAITING_ROUTING: 'LEDGER.NOT_AWAITING_ROUTING',
  INSTITUTION_NOT_FOUND: 'LEDGER.INSTITUTION_NOT_FOUND',
  CERTIFICATE_ALREADY_STORED: 'LEDGER.CERTIFICATE_ALREADY_STORED',
  POSSIBLE_DUPLICATE: 'LEDGER.POSSIBLE_DUPLICATE',
  RECOGNITION_NOT_RECOGNISED: 'LEDGER.RECOGNITION_NOT_RECOGNISED',
  RECOGNITION_ALREADY_REVOKED: 'LEDGER.RECOGNITION_ALREADY_REVOKED',
  ...CONVERSION_ERROR_CODES,
} as const;
