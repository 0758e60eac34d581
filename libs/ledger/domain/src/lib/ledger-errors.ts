import { DomainError, FieldError } from '@credit-bank/kernel';
import { LearningAccountErrorCodes } from './learning-account/learning-account-errors';

/** Stable error codes of the ledger service (`LEDGER.<REASON>`). Clients may rely on them. */
export const LedgerErrorCodes = {
  /** The upload is not a jpg, png, gif or pdf file (recognised by its first bytes). 415. */
  EVIDENCE_TYPE_UNSUPPORTED: 'LEDGER.EVIDENCE_TYPE_UNSUPPORTED',
  /** The upload is larger than 10 MiB. 413. */
  EVIDENCE_TOO_LARGE: 'LEDGER.EVIDENCE_TOO_LARGE',
  /** The learner's evidence files would take more than their storage quota (EVIDENCE_QUOTA_BYTES). 413. */
  EVIDENCE_QUOTA_EXCEEDED: 'LEDGER.EVIDENCE_QUOTA_EXCEEDED',
  /** The evidence registration itself is malformed (size, digest). 400. */
  EVIDENCE_INVALID: 'LEDGER.EVIDENCE_INVALID',
  /** An evidence id is registered once. 409. */
  EVIDENCE_ALREADY_REGISTERED: 'LEDGER.EVIDENCE_ALREADY_REGISTERED',
  /** Download of evidence that does not exist or is someone else's (the same answer). 404. */
  EVIDENCE_NOT_FOUND: 'LEDGER.EVIDENCE_NOT_FOUND',
  /** An achievement names evidence that does not exist or is someone else's (the same answer). 400. */
  EVIDENCE_UNKNOWN: 'LEDGER.EVIDENCE_UNKNOWN',
  /** The evidence already backs another (active) achievement of the learner. 409. */
  EVIDENCE_IN_USE: 'LEDGER.EVIDENCE_IN_USE',
  /** The catalogue entry does not exist. 400. */
  CATALOG_ITEM_UNKNOWN: 'LEDGER.CATALOG_ITEM_UNKNOWN',
  /** The catalogue entry belongs to another category than the one chosen. 400. */
  CATEGORY_MISMATCH: 'LEDGER.CATEGORY_MISMATCH',
  /** A hand-entered achievement's type is not a type of the chosen category. 400. */
  TYPE_NOT_IN_CATEGORY: 'LEDGER.TYPE_NOT_IN_CATEGORY',
  /** The catalogue could not be asked. 503. */
  CATALOG_UNAVAILABLE: 'LEDGER.CATALOG_UNAVAILABLE',
  /** The achievement breaks a domain rule (issue date in the future…); `errors` lists each field. 400. */
  ACHIEVEMENT_INVALID: 'LEDGER.ACHIEVEMENT_INVALID',
  /** An amendment without any field. 400. */
  AMENDMENT_EMPTY: 'LEDGER.AMENDMENT_EMPTY',
  /** No such achievement, or it is someone else's, or it was deleted (the same answer). 404. */
  ACHIEVEMENT_NOT_FOUND: 'LEDGER.ACHIEVEMENT_NOT_FOUND',
  /** An achievement id is used once. 409. */
  ACHIEVEMENT_ALREADY_EXISTS: 'LEDGER.ACHIEVEMENT_ALREADY_EXISTS',
  /** Submitted for recognition: no more edits, deletion or second submission. 409. */
  ACHIEVEMENT_ALREADY_SUBMITTED: 'LEDGER.ACHIEVEMENT_ALREADY_SUBMITTED',
  /** The client's If-Match revision is not the current one. 412. */
  REVISION_MISMATCH: 'LEDGER.REVISION_MISMATCH',
  /** An institution account the administrator has not approved (or rejected) may not review. 403. */
  INSTITUTION_NOT_APPROVED: 'LEDGER.INSTITUTION_NOT_APPROVED',
  /** Another reviewer of the institution claimed the request; only they may decide it. 409. */
  RECOGNITION_CLAIMED_BY_ANOTHER: 'LEDGER.RECOGNITION_CLAIMED_BY_ANOTHER',
  /** The request was recognised or rejected already (one decision stands). 409. */
  RECOGNITION_ALREADY_DECIDED: 'LEDGER.RECOGNITION_ALREADY_DECIDED',
  /** The request was returned to the learner and has not been submitted again. 409. */
  RECOGNITION_NOT_PENDING: 'LEDGER.RECOGNITION_NOT_PENDING',
  /** A decision with invalid fields (level outside 1–7, credits not > 0, missing reason…); `errors` lists each. 400. */
  RECOGNITION_INVALID: 'LEDGER.RECOGNITION_INVALID',
  /** An approved institution account not linked to a directory institution (approved before institutions had ids) reviews nothing. 403. */
  INSTITUTION_NOT_LINKED: 'LEDGER.INSTITUTION_NOT_LINKED',
  /** A hand-entered achievement names a directory institution that does not exist. 400. */
  INSTITUTION_UNKNOWN: 'LEDGER.INSTITUTION_UNKNOWN',
  /** 管理中心 routes a request to an institution no approved account reviews for. 409. */
  INSTITUTION_HAS_NO_REVIEWER: 'LEDGER.INSTITUTION_HAS_NO_REVIEWER',
  /** The request is neither in 管理中心's routing queue nor submitted and unclaimed. 409. */
  NOT_AWAITING_ROUTING: 'LEDGER.NOT_AWAITING_ROUTING',
  /** The administrator asked for the statistics of an account that is no institution account the ledger knows. 404. */
  INSTITUTION_NOT_FOUND: 'LEDGER.INSTITUTION_NOT_FOUND',
  /** The learner already stored this certificate (same issuer and normalised number). 409. */
  CERTIFICATE_ALREADY_STORED: 'LEDGER.CERTIFICATE_ALREADY_STORED',
  /** Other learners hold the same certificate: recognising needs `duplicateReason`; `details.possibleDuplicates` names them. 409. */
  POSSIBLE_DUPLICATE: 'LEDGER.POSSIBLE_DUPLICATE',
  /** Revocation of an achievement that is not recognised. 409. */
  RECOGNITION_NOT_RECOGNISED: 'LEDGER.RECOGNITION_NOT_RECOGNISED',
  /** The recognition was revoked already. 409. */
  RECOGNITION_ALREADY_REVOKED: 'LEDGER.RECOGNITION_ALREADY_REVOKED',
  /** Conversions, the learning account, the statement and the inbox. */
  ...LearningAccountErrorCodes,
} as const;

export type LedgerErrorCode = (typeof LedgerErrorCodes)[keyof typeof LedgerErrorCodes];

/** Codes of single fields inside `errors` of a LEDGER.ACHIEVEMENT_INVALID problem. */
export const LedgerFieldCodes = {
  REQUIRED: 'LEDGER.REQUIRED',
  TOO_LONG: 'LEDGER.TOO_LONG',
  DATE_FORMAT: 'LEDGER.DATE_FORMAT',
  DATE_IN_FUTURE: 'LEDGER.DATE_IN_FUTURE',
  SOURCE_INCONSISTENT: 'LEDGER.SOURCE_INCONSISTENT',
  EVIDENCE_UNKNOWN: 'LEDGER.EVIDENCE_UNKNOWN',
  CATALOG_ITEM_UNKNOWN: 'LEDGER.CATALOG_ITEM_UNKNOWN',
  CATEGORY_MISMATCH: 'LEDGER.CATEGORY_MISMATCH',
  TYPE_NOT_IN_CATEGORY: 'LEDGER.TYPE_NOT_IN_CATEGORY',
  OUT_OF_RANGE: 'LEDGER.OUT_OF_RANGE',
  INSTITUTION_UNKNOWN: 'LEDGER.INSTITUTION_UNKNOWN',
  /** certificateLevel is not a code of GET /reference/certificate-levels (the five vocational skill levels). */
  CERTIFICATE_LEVEL_UNKNOWN: 'LEDGER.CERTIFICATE_LEVEL_UNKNOWN',
  /** educationLevel is not a GB/T 4658 code (GET /reference/education-levels). */
  EDUCATION_LEVEL_UNKNOWN: 'LEDGER.EDUCATION_LEVEL_UNKNOWN',
} as const;

export function achievementNotFound(): DomainError {
  return new DomainError(LedgerErrorCodes.ACHIEVEMENT_NOT_FOUND, 'not_found', 'No such achievement.');
}

export function evidenceNotFound(): DomainError {
  return new DomainError(LedgerErrorCodes.EVIDENCE_NOT_FOUND, 'not_found', 'No such evidence file.');
}

/** A 400 naming the evidence field; the same for unknown evidence and someone else's. */
export function evidenceUnknown(field = 'evidenceId'): DomainError {
  return new DomainError(LedgerErrorCodes.EVIDENCE_UNKNOWN, 'validation', 'The evidence file is unknown; upload it first.', undefined, [
    { field, code: LedgerFieldCodes.EVIDENCE_UNKNOWN, message: 'No evidence file of yours has this id.' },
  ]);
}

export function achievementInvalid(errors: FieldError[]): DomainError {
  return new DomainError(LedgerErrorCodes.ACHIEVEMENT_INVALID, 'validation', 'The achievement has invalid fields.', undefined, errors);
}
