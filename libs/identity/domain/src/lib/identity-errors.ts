/** Stable error codes of the identity service (`IDENTITY.<REASON>`). Clients may rely on them. */
export const IdentityErrorCodes = {
  /** Registration form breaks a domain rule; `errors` lists each field. */
  REGISTRATION_INVALID: 'IDENTITY.REGISTRATION_INVALID',
  /** A new password breaks the policy or its confirmation differs; `errors` lists each field. */
  PASSWORD_INVALID: 'IDENTITY.PASSWORD_INVALID',
  ACCOUNT_ALREADY_REGISTERED: 'IDENTITY.ACCOUNT_ALREADY_REGISTERED',
  ACCOUNT_NOT_FOUND: 'IDENTITY.ACCOUNT_NOT_FOUND',
  CURRENT_PASSWORD_INCORRECT: 'IDENTITY.CURRENT_PASSWORD_INCORRECT',
  PASSWORD_UNCHANGED: 'IDENTITY.PASSWORD_UNCHANGED',
  INVALID_CREDENTIALS: 'IDENTITY.INVALID_CREDENTIALS',
  TOO_MANY_ATTEMPTS: 'IDENTITY.TOO_MANY_ATTEMPTS',
  USERNAME_TAKEN: 'IDENTITY.USERNAME_TAKEN',
  MOBILE_TAKEN: 'IDENTITY.MOBILE_TAKEN',
  EMAIL_TAKEN: 'IDENTITY.EMAIL_TAKEN',
  ID_NUMBER_TAKEN: 'IDENTITY.ID_NUMBER_TAKEN',
  CREDIT_CODE_TAKEN: 'IDENTITY.CREDIT_CODE_TAKEN',
  UNIQUE_VALUE_NOT_OWNED: 'IDENTITY.UNIQUE_VALUE_NOT_OWNED',
  MOBILE_INVALID: 'IDENTITY.MOBILE_INVALID',
  SMS_RATE_LIMITED: 'IDENTITY.SMS_RATE_LIMITED',
  SMS_CODE_INVALID: 'IDENTITY.SMS_CODE_INVALID',
  SMS_CODE_EXPIRED: 'IDENTITY.SMS_CODE_EXPIRED',
  SMS_CODE_USED: 'IDENTITY.SMS_CODE_USED',
  SMS_CODE_ATTEMPTS_EXCEEDED: 'IDENTITY.SMS_CODE_ATTEMPTS_EXCEEDED',
  SMS_UNAVAILABLE: 'IDENTITY.SMS_UNAVAILABLE',
  /** The bank's SMS budget of this clock hour (SMS_GLOBAL_PER_HOUR) is spent (429, `details.retryAfterSeconds`). */
  SMS_BUDGET_EXHAUSTED: 'IDENTITY.SMS_BUDGET_EXHAUSTED',
  /** Only an administrator may approve or reject institutions (403). */
  ADMINISTRATOR_REQUIRED: 'IDENTITY.ADMINISTRATOR_REQUIRED',
  /** No institution account with that id (404). */
  INSTITUTION_NOT_FOUND: 'IDENTITY.INSTITUTION_NOT_FOUND',
  /** The institution was already approved or rejected (409); `details.status` tells which. */
  INSTITUTION_NOT_PENDING: 'IDENTITY.INSTITUTION_NOT_PENDING',
  /** A rejection needs a reason of 1 to 500 characters (400). */
  REJECTION_REASON_INVALID: 'IDENTITY.REJECTION_REASON_INVALID',
  /**
   * Approving without an institution id: no qualification institution of the catalogue's
   * directory has the account's credit code (409). List it (with the code) or give its id.
   */
  INSTITUTION_NOT_IN_DIRECTORY: 'IDENTITY.INSTITUTION_NOT_IN_DIRECTORY',
  /** Another active account is linked to that directory institution (409); `details.linkedAccountId` names it. */
  INSTITUTION_ALREADY_LINKED: 'IDENTITY.INSTITUTION_ALREADY_LINKED',
  /** Another pending or active institution account has this name (compared as `normalizeInstitutionName`) (409). */
  INSTITUTION_NAME_TAKEN: 'IDENTITY.INSTITUTION_NAME_TAKEN',
  /** The catalog (its directory of qualification institutions) could not be asked (503). */
  DIRECTORY_UNAVAILABLE: 'IDENTITY.DIRECTORY_UNAVAILABLE',
  /** The configured administrator username belongs to an account that is not an administrator. */
  ADMINISTRATOR_USERNAME_TAKEN: 'IDENTITY.ADMINISTRATOR_USERNAME_TAKEN',
  /** A profile edit (email, address) breaks a rule; `errors` lists each field (400). */
  PROFILE_INVALID: 'IDENTITY.PROFILE_INVALID',
  /** The administrator's account (from the configuration) has no contact data to edit (403). */
  PROFILE_NOT_EDITABLE: 'IDENTITY.PROFILE_NOT_EDITABLE',
  /** The new mobile number is the current one (400). */
  MOBILE_UNCHANGED: 'IDENTITY.MOBILE_UNCHANGED',
  /** Only a learner's account can be erased: not an institution account nor the administrator (403). */
  ERASURE_NOT_APPLICABLE: 'IDENTITY.ERASURE_NOT_APPLICABLE',
  /** The administrator's erasure needs the request recorded: a reason of 1 to 500 characters (400). */
  ERASURE_REASON_INVALID: 'IDENTITY.ERASURE_REASON_INVALID',
} as const;

/** Codes of single fields inside `errors` of a validation problem. */
export const IdentityFieldCodes = {
  REQUIRED: 'IDENTITY.REQUIRED',
  TOO_LONG: 'IDENTITY.TOO_LONG',
  USERNAME_FORMAT: 'IDENTITY.USERNAME_FORMAT',
  USERNAME_ALL_DIGITS: 'IDENTITY.USERNAME_ALL_DIGITS',
  PASSWORD_POLICY: 'IDENTITY.PASSWORD_POLICY',
  PASSWORD_MISMATCH: 'IDENTITY.PASSWORD_MISMATCH',
  TERMS_NOT_ACCEPTED: 'IDENTITY.TERMS_NOT_ACCEPTED',
  GENDER: 'IDENTITY.GENDER',
  ID_TYPE: 'IDENTITY.ID_TYPE',
  ID_NUMBER_FORMAT: 'IDENTITY.ID_NUMBER_FORMAT',
  ID_NUMBER_CHECK_DIGIT: 'IDENTITY.ID_NUMBER_CHECK_DIGIT',
  ID_NUMBER_BIRTH_DATE: 'IDENTITY.ID_NUMBER_BIRTH_DATE',
  BIRTH_DATE_INVALID: 'IDENTITY.BIRTH_DATE_INVALID',
  BIRTH_DATE_MISMATCH: 'IDENTITY.BIRTH_DATE_MISMATCH',
  EMAIL_FORMAT: 'IDENTITY.EMAIL_FORMAT',
  MOBILE_FORMAT: 'IDENTITY.MOBILE_FORMAT',
  CREDIT_CODE_FORMAT: 'IDENTITY.CREDIT_CODE_FORMAT',
  CREDIT_CODE_CHECK_CHARACTER: 'IDENTITY.CREDIT_CODE_CHECK_CHARACTER',
  /** The field does not exist for this kind of account (e.g. an institution's address). */
  NOT_APPLICABLE: 'IDENTITY.NOT_APPLICABLE',
  /** nationality is not a GB/T 2659 alpha-2 or alpha-3 code. */
  NATIONALITY_UNKNOWN: 'IDENTITY.NATIONALITY_UNKNOWN',
  /** ethnicity is not a GB/T 3304 code (01–56, 97, 98). */
  ETHNICITY_UNKNOWN: 'IDENTITY.ETHNICITY_UNKNOWN',
  /** address.province, .city or .district is not a GB/T 2260 code of that level. */
  REGION_UNKNOWN: 'IDENTITY.REGION_UNKNOWN',
  /** address.city is not in the province, or address.district not in the city (or given where the level above has none). */
  REGION_MISMATCH: 'IDENTITY.REGION_MISMATCH',
} as const;
