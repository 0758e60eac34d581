import { AchievementCategoryCode, AchievementTypeCode, CatalogItemContent, categoryLabel, categoryOrder, FrameworkLevelContent, typeLabel } from '@credit-bank/catalog-domain';
import { CatalogItemView, FrameworkLevelView } from '@credit-bank/contracts';
import { StoredDocument } from '@credit-bank/kernel';

/** Read-store collections of the catalog service. */
export const CATALOG_ITEMS_COLLECTION = 'catalog_items';
export const CATALOG_FRAMEWORK_LEVELS_COLLECTION = 'catalog_framework_levels';

/** A catalogue entry as searched: its content, the Chinese labels, and a sort key. */
export interface CatalogItemDocument extends CatalogItemContent {
  categoryName: string;
  typeName: string;
  /** Position of the category in display order, the first sort key. */
  categoryOrder: number;
  publishedAt: string;
  revisedAt?: string;
  /** Revision of the entry's stream (0 = as published); absent on documents projected before it was kept. */
  revision?: number;
  /** Set once the entry is retired; the search keeps documents where it is missing (null). */
  retiredAt?: string;
  retireReason?: string;
}

export type FrameworkLevelDocument = FrameworkLevelContent & { definedAt: string };

export function catalogItemDocument(
  content: CatalogItemContent,
  times: { publishedAt: string; revisedAt?: string; revision?: number; retiredAt?: string; retireReason?: string },
): CatalogItemDocument {
  return {
    category: content.category,
    categoryName: categoryLabel(content.category),
    categoryOrder: categoryOrder(content.category),
    type: content.type,
    typeName: typeLabel(content.type),
    projectName: content.projectName,
    achievementName: content.achievementName,
    institutionName: content.institutionName,
    frameworkLevel: content.frameworkLevel,
    credits: content.credits,
    sample: content.sample,
    publishedAt: times.publishedAt,
    ...(times.revisedAt ? { revisedAt: times.revisedAt } : {}),
    ...(times.revision !== undefined ? { revision: times.revision } : {}),
    ...(times.retiredAt ? { retiredAt: times.retiredAt } : {}),
    ...(times.retireReason ? { retireReason: times.retireReason } : {}),
  };
}

export function toCatalogItemView(doc: CatalogItemDocument & StoredDocument): CatalogItemView {
  return {
    id: doc.id,
    category: doc.category as AchievementCategoryCode,
    categoryName: doc.categoryName,
    type: doc.type as AchievementTypeCode,
    typeName: doc.typeName,
    projectName: doc.projectName,
    achievementName: doc.achievementName,
    institutionName: doc.institutionName,
    frameworkLevel: doc.frameworkLevel,
    credits: doc.credits,
    sample: doc.sample,
    status: doc.retiredAt ? 'retired' : 'published',
    ...(doc.revision !== undefined ? { revision: doc.revision } : {}),
    ...(doc.retiredAt ? { retiredAt: doc.retiredAt } : {}),
  };
}

export function toFrameworkLevelView(doc: FrameworkLevelDocument): FrameworkLevelView {
  return { level: doc.level, name: doc.name, nameZh: doc.nameZh, knowledge: doc.knowledge, skills: doc.skills, competence: doc.competence };
}
