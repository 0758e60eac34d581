/** Request-reply patterns of the catalog service (payloads travel in a BusEnvelope). All public: no actor needed. */
export const CATALOG_PATTERNS = {
  /** SearchCatalogItemsDto → CatalogItemsPage */
  searchItems: 'catalog.search-items.v1',
  /** GetCatalogItemDto `{id}` → CatalogItemView, or a not_found error CATALOG.ITEM_NOT_FOUND */
  getItem: 'catalog.get-item.v1',
  /** {} → FrameworkLevelsResponse (`{items}`, ordered by level) */
  listFrameworkLevels: 'catalog.list-framework-levels.v1',
  /** {} → CatalogCategoriesResponse (`{items}`: the four categories with their types) */
  listCategories: 'catalog.list-categories.v1',
  /** SearchConversionRulesDto → ConversionRulesPage (规则查询: current versions of active rules). Public. */
  searchConversionRules: 'catalog.search-conversion-rules.v1',
  /**
   * GetConversionRuleDto `{ruleId, version?}` → ConversionRuleView (that version, else the current
   * one; retired rules too, `status: 'retired'`), or a not_found error CATALOG.CONVERSION_RULE_NOT_FOUND.
   * Public; the ledger calls it when a learner applies for a conversion.
   */
  getConversionRule: 'catalog.get-conversion-rule.v1',
  /**
   * GetConversionRuleVersionsDto `{refs: [{ruleId, version}]}` → ConversionRuleVersionsResponse
   * `{items}`: each version found (retired rules too), in the order asked; unknown ones are left
   * out. Public; the gateway names the rules on a statement (成绩单) with it, in one request.
   */
  getConversionRuleVersions: 'catalog.get-conversion-rule-versions.v1',
  /** Admin only (others: AUTH.FORBIDDEN). PublishCatalogItemDto → CatalogItemView */
  publishItem: 'catalog.publish-item.v1',
  /** Admin. ReviseCatalogItemDto → CatalogItemView */
  reviseItem: 'catalog.revise-item.v1',
  /** Admin. RetireCatalogItemDto → CatalogItemView (`status: 'retired'`) */
  retireItem: 'catalog.retire-item.v1',
  /** Admin. PutFrameworkLevelDto → FrameworkLevelView (defines the level, or revises its texts) */
  putFrameworkLevel: 'catalog.put-framework-level.v1',
  /** Admin. PublishConversionRuleDto → ConversionRuleView (version 1) */
  publishConversionRule: 'catalog.publish-conversion-rule.v1',
  /** Admin. ReviseConversionRuleDto → ConversionRuleView (the new version) */
  reviseConversionRule: 'catalog.revise-conversion-rule.v1',
  /** Admin. RetireConversionRuleDto → ConversionRuleView (`status: 'retired'`) */
  retireConversionRule: 'catalog.retire-conversion-rule.v1',
  /** SearchQualificationInstitutionsDto → QualificationInstitutionsPage (资历机构 directory; public) */
  searchInstitutions: 'catalog.search-institutions.v1',
  /** GetQualificationInstitutionDto `{id}` → QualificationInstitutionView, or not_found CATALOG.INSTITUTION_NOT_FOUND (public) */
  getInstitution: 'catalog.get-institution.v1',
  /** Admin. ListQualificationInstitutionDto → QualificationInstitutionView (a new directory entry) */
  listInstitution: 'catalog.list-institution.v1',
  /** Admin. ReviseQualificationInstitutionDto (`expectedRevision` optional) → QualificationInstitutionView */
  reviseInstitution: 'catalog.revise-institution.v1',
  /** anything → CatalogHealth `{status: 'up' | 'down', details}` */
  health: 'catalog.health.v1',
} as const;

/** Error codes a caller of the catalog may meet. */
export const CATALOG_ERROR_CODES = {
  ITEM_NOT_FOUND: 'CATALOG.ITEM_NOT_FOUND',
  TYPE_NOT_IN_CATEGORY: 'CATALOG.TYPE_NOT_IN_CATEGORY',
  ITEM_INVALID: 'CATALOG.ITEM_INVALID',
  ITEM_RETIRED: 'CATALOG.ITEM_RETIRED',
  FRAMEWORK_LEVEL_INVALID: 'CATALOG.FRAMEWORK_LEVEL_INVALID',
  CONVERSION_RULE_INVALID: 'CATALOG.CONVERSION_RULE_INVALID',
  CONVERSION_RULE_NOT_FOUND: 'CATALOG.CONVERSION_RULE_NOT_FOUND',
  CONVERSION_RULE_RETIRED: 'CATALOG.CONVERSION_RULE_RETIRED',
  REVISION_CONFLICT: 'CATALOG.REVISION_CONFLICT',
  IF_MATCH_REQUIRED: 'CATALOG.IF_MATCH_REQUIRED',
  IF_MATCH_INVALID: 'CATALOG.IF_MATCH_INVALID',
  INSTITUTION_NOT_FOUND: 'CATALOG.INSTITUTION_NOT_FOUND',
  INSTITUTION_INVALID: 'CATALOG.INSTITUTION_INVALID',
  INSTITUTION_CREDIT_CODE_TAKEN: 'CATALOG.INSTITUTION_CREDIT_CODE_TAKEN',
  INSTITUTION_NAME_TAKEN: 'CATALOG.INSTITUTION_NAME_TAKEN',
} as const;
