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
} as const;
