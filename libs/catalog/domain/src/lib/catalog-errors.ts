/** Stable error codes of the catalog service (`CATALOG.<REASON>`). Clients may rely on them. */
export const CatalogErrorCodes = {
  /** A catalogue entry breaks a rule; `errors` lists each field with a field code below. */
  ITEM_INVALID: 'CATALOG.ITEM_INVALID',
  /** The entry exists with different content (publishing identical content is a no-op). */
  ITEM_ALREADY_PUBLISHED: 'CATALOG.ITEM_ALREADY_PUBLISHED',
  ITEM_NOT_FOUND: 'CATALOG.ITEM_NOT_FOUND',
  /** A framework level breaks a rule; `errors` lists each field. */
  FRAMEWORK_LEVEL_INVALID: 'CATALOG.FRAMEWORK_LEVEL_INVALID',
  /** The level is defined with different texts (defining identical texts is a no-op). */
  FRAMEWORK_LEVEL_ALREADY_DEFINED: 'CATALOG.FRAMEWORK_LEVEL_ALREADY_DEFINED',
  /** A retired catalogue entry cannot be revised. 409. */
  ITEM_RETIRED: 'CATALOG.ITEM_RETIRED',
  /** The revision (entry) or version (conversion rule) named in If-Match is not the current one. 409. */
  REVISION_CONFLICT: 'CATALOG.REVISION_CONFLICT',
  /** A conversion rule breaks a rule; `errors` lists each field. 400. */
  CONVERSION_RULE_INVALID: 'CATALOG.CONVERSION_RULE_INVALID',
  /** No such conversion rule (or no such version of it). 404. */
  CONVERSION_RULE_NOT_FOUND: 'CATALOG.CONVERSION_RULE_NOT_FOUND',
  /** The rule exists with different content (publishing identical content is a no-op). 409. */
  CONVERSION_RULE_ALREADY_PUBLISHED: 'CATALOG.CONVERSION_RULE_ALREADY_PUBLISHED',
  /** A retired conversion rule cannot be revised. 409. */
  CONVERSION_RULE_RETIRED: 'CATALOG.CONVERSION_RULE_RETIRED',
  /** No qualification institution of the directory has this id (also as a field error of an entry or rule naming it). 404. */
  INSTITUTION_NOT_FOUND: 'CATALOG.INSTITUTION_NOT_FOUND',
  /** A directory entry breaks a rule; `errors` lists each field. 400. */
  INSTITUTION_INVALID: 'CATALOG.INSTITUTION_INVALID',
  /** Another directory entry has this credit code; `details.institutionId` names it. 409. */
  INSTITUTION_CREDIT_CODE_TAKEN: 'CATALOG.INSTITUTION_CREDIT_CODE_TAKEN',
  /** Another directory entry has this name; `details.institutionId` names it (revise that one instead). 409. */
  INSTITUTION_NAME_TAKEN: 'CATALOG.INSTITUTION_NAME_TAKEN',
  /** The id is listed with other content (listing identical content again is a no-op). 409. */
  INSTITUTION_ALREADY_LISTED: 'CATALOG.INSTITUTION_ALREADY_LISTED',
} as const;

/** Codes of single fields inside `errors` of a validation refusal. */
export const CatalogFieldCodes = {
  REQUIRED: 'CATALOG.REQUIRED',
  TOO_LONG: 'CATALOG.TOO_LONG',
  CATEGORY_UNKNOWN: 'CATALOG.CATEGORY_UNKNOWN',
  TYPE_NOT_IN_CATEGORY: 'CATALOG.TYPE_NOT_IN_CATEGORY',
  FRAMEWORK_LEVEL_OUT_OF_RANGE: 'CATALOG.FRAMEWORK_LEVEL_OUT_OF_RANGE',
  CREDITS_INVALID: 'CATALOG.CREDITS_INVALID',
  SAMPLE_FLAG_INVALID: 'CATALOG.SAMPLE_FLAG_INVALID',
  /** Conversion rules: */
  KIND_UNKNOWN: 'CATALOG.KIND_UNKNOWN',
  SOURCES_EMPTY: 'CATALOG.SOURCES_EMPTY',
  CATALOG_ITEM_UNKNOWN: 'CATALOG.CATALOG_ITEM_UNKNOWN',
  DUPLICATE: 'CATALOG.DUPLICATE',
  CATEGORY_NOT_FOR_KIND: 'CATALOG.CATEGORY_NOT_FOR_KIND',
  DATE_INVALID: 'CATALOG.DATE_INVALID',
  LIMIT_INVALID: 'CATALOG.LIMIT_INVALID',
  /** Qualification institutions: */
  CREDIT_CODE_FORMAT: 'CATALOG.CREDIT_CODE_FORMAT',
  CREDIT_CODE_CHECK_CHARACTER: 'CATALOG.CREDIT_CODE_CHECK_CHARACTER',
} as const;
