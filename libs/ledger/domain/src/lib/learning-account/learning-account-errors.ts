/**
 * Stable error codes of conversions (转换) and the learning account (学习账户), part of
 * `LedgerErrorCodes`. Kept in their own list so the slice can grow without touching the others.
 */
export const LearningAccountErrorCodes = {
  /** An application without achievements. 400. */
  CONVERSION_NO_ACHIEVEMENTS: 'LEDGER.CONVERSION_NO_ACHIEVEMENTS',
  /** The same achievement twice in one application. 400. */
  CONVERSION_DUPLICATE_ACHIEVEMENT: 'LEDGER.CONVERSION_DUPLICATE_ACHIEVEMENT',
  /** An achievement that does not exist or is someone else's (the same answer). 400. */
  CONVERSION_ACHIEVEMENT_UNKNOWN: 'LEDGER.CONVERSION_ACHIEVEMENT_UNKNOWN',
  /** An achievement that is not recognised (认定通过) yet. 409. */
  ACHIEVEMENT_NOT_RECOGNISED: 'LEDGER.ACHIEVEMENT_NOT_RECOGNISED',
  /** The achievement is held by a pending application. 409. */
  ACHIEVEMENT_HELD: 'LEDGER.ACHIEVEMENT_HELD',
  /** The achievement was spent in an approved conversion. 409. */
  ACHIEVEMENT_SPENT: 'LEDGER.ACHIEVEMENT_SPENT',
  /** The conversion rule does not exist. 400. */
  CONVERSION_RULE_UNKNOWN: 'LEDGER.CONVERSION_RULE_UNKNOWN',
  /** The conversion rule was retired. 409. */
  CONVERSION_RULE_RETIRED: 'LEDGER.CONVERSION_RULE_RETIRED',
  /** The conversion rule does not apply yet (effectiveFrom is later). 409. */
  CONVERSION_RULE_NOT_EFFECTIVE: 'LEDGER.CONVERSION_RULE_NOT_EFFECTIVE',
  /** The kind asked for is not the rule's, or an achievement is of the other kind (work performance vs others). 400. */
  CONVERSION_KIND_MISMATCH: 'LEDGER.CONVERSION_KIND_MISMATCH',
  /** An achievement does not meet the rule's sources (catalogue entries, category, lowest framework level). 400. */
  CONVERSION_SOURCE_MISMATCH: 'LEDGER.CONVERSION_SOURCE_MISMATCH',
  /** More achievements than the rule allows in one application. 400. */
  CONVERSION_TOO_MANY_ACHIEVEMENTS: 'LEDGER.CONVERSION_TOO_MANY_ACHIEVEMENTS',
  /** Approved + pending credits towards the target would exceed the rule's maximum. 409. */
  CONVERSION_CREDIT_LIMIT_EXCEEDED: 'LEDGER.CONVERSION_CREDIT_LIMIT_EXCEEDED',
  /** An application id is used once. 409. */
  CONVERSION_APPLICATION_EXISTS: 'LEDGER.CONVERSION_APPLICATION_EXISTS',
  /** No such application, or not one for the caller (the same answer). 404. */
  CONVERSION_APPLICATION_NOT_FOUND: 'LEDGER.CONVERSION_APPLICATION_NOT_FOUND',
  /** The application was approved or rejected already (one decision stands). 409. */
  CONVERSION_ALREADY_DECIDED: 'LEDGER.CONVERSION_ALREADY_DECIDED',
  /** A rejection needs a reason (≤ 500 characters). 400. */
  CONVERSION_REASON_REQUIRED: 'LEDGER.CONVERSION_REASON_REQUIRED',
  /** The statement's asOf is not an ISO date or date-time. 400. */
  STATEMENT_AS_OF_INVALID: 'LEDGER.STATEMENT_AS_OF_INVALID',
  /** An inbox message that does not exist or is not addressed to the caller (the same answer). 404. */
  INBOX_MESSAGE_NOT_FOUND: 'LEDGER.INBOX_MESSAGE_NOT_FOUND',
} as const;
