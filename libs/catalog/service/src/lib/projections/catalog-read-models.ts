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
}

export type FrameworkLevelDocument = FrameworkLevelContent & { definedAt: string };

export function catalogItemDocument(content: CatalogItemContent, times: { publishedAt: string; revisedAt?: string }): CatalogItemDocument {
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
  };
}

export function toFrameworkLevelView(doc: FrameworkLevelDocument): FrameworkLevelView {
  return { level: doc.level, name: doc.name, nameZh: doc.nameZh, knowledge: doc.knowledge, skills: doc.skills, competence: doc.competence };
}
