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
} as const;
