/**
 * The public codes of the achievement categories (成果分类) and types (成果类型). The catalog
 * service owns their meaning and Chinese labels (`GET /catalog/categories`); they are repeated here
 * so the gateway can validate query parameters, and a spec in the catalog service checks both agree.
 */
export const CATALOG_CATEGORY_CODES = ['academic-education', 'vocational-qualification', 'technician-education', 'training-performance'] as const;
export type CatalogCategoryCode = (typeof CATALOG_CATEGORY_CODES)[number];

export const CATALOG_TYPE_CODES = [
  'diploma',
  'incomplete-study-certificate',
  'degree',
  'single-course',
  'self-study-exam',
  'vocational-qualification-certificate',
  'skill-level-certificate',
  'national-exam-certificate',
  'technician-certificate',
  'senior-technician-certificate',
  'training-certificate',
  'work-performance',
] as const;
export type CatalogTypeCode = (typeof CATALOG_TYPE_CODES)[number];
