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
  /** anything → CatalogHealth `{status: 'up' | 'down', details}` */
  health: 'catalog.health.v1',
} as const;

/** Error codes a caller of the catalog may meet. */
export const CATALOG_ERROR_CODES = {
  ITEM_NOT_FOUND: 'CATALOG.ITEM_NOT_FOUND',
  TYPE_NOT_IN_CATEGORY: 'CATALOG.TYPE_NOT_IN_CATEGORY',
} as const;
