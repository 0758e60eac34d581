import {
  AchievementCategoryCode,
  AchievementTypeCode,
  CatalogItemContent,
  categoryLabel,
  categoryOrder,
  ConversionRuleContent,
  FrameworkLevelContent,
  typeLabel,
} from '@credit-bank/catalog-domain';
import { CatalogItemView, ConversionRuleKind, ConversionRuleStatus, ConversionRuleView, FrameworkLevelView, QualificationInstitutionView } from '@credit-bank/contracts';
import { StoredDocument } from '@credit-bank/kernel';

/**
 * Read-store collections of the catalog service. Entries and rules moved to `_v2` collections when
 * they gained institution ids (schema v2): a new collection rebuilds from the first event, the old
 * one is emptied (`Projection.supersedes`).
 */
export const CATALOG_ITEMS_COLLECTION = 'catalog_items_v2';
export const CATALOG_FRAMEWORK_LEVELS_COLLECTION = 'catalog_framework_levels';
/** The qualification-institution directory (资历机构). */
export const CATALOG_INSTITUTIONS_COLLECTION = 'catalog_institutions';

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

export type FrameworkLevelDocument = FrameworkLevelContent & { definedAt?: string; revisedAt?: string };

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
    institutionId: content.institutionId,
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
    institutionId: doc.institutionId,
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

/** Current version of every conversion rule (active and retired), one document per rule. */
export const CATALOG_CONVERSION_RULES_COLLECTION = 'catalog_conversion_rules_v2';
/** Every version of every conversion rule, id `<ruleId>:<version>`. */
export const CATALOG_CONVERSION_RULE_VERSIONS_COLLECTION = 'catalog_conversion_rule_versions_v2';
/** Collections of the catalog before institution ids (emptied at start). */
export const SUPERSEDED_CATALOG_COLLECTIONS = { items: ['catalog_items'], conversionRules: ['catalog_conversion_rules', 'catalog_conversion_rule_versions'] } as const;

/** One version of a rule; the search fields are lifted to the top level (the read store filters on top-level fields). */
export interface ConversionRuleVersionDocument extends ConversionRuleContent {
  ruleId: string;
  version: number;
  /** When this version was published. */
  publishedAt: string;
  awardingInstitutionId: string;
  awardingInstitution: string;
  programme: string;
  course?: string;
}

export interface ConversionRuleDocument extends ConversionRuleVersionDocument {
  status: ConversionRuleStatus;
  /** When version 1 was published. */
  firstPublishedAt: string;
  retiredAt?: string;
  retireReason?: string;
}

export function conversionRuleVersionDocument(ruleId: string, version: number, content: ConversionRuleContent, publishedAt: string): ConversionRuleVersionDocument {
  return {
    ruleId,
    version,
    name: content.name,
    kind: content.kind,
    sources: content.sources,
    target: content.target,
    limits: content.limits,
    effectiveFrom: content.effectiveFrom,
    publishedAt,
    awardingInstitutionId: content.target.awardingInstitutionId,
    awardingInstitution: content.target.awardingInstitution,
    programme: content.target.programme,
    ...(content.target.course !== undefined ? { course: content.target.course } : {}),
  };
}

export function toConversionRuleView(version: ConversionRuleVersionDocument, current: ConversionRuleDocument): ConversionRuleView {
  return {
    ruleId: version.ruleId,
    version: version.version,
    currentVersion: current.version,
    status: current.status,
    name: version.name,
    kind: version.kind as ConversionRuleKind,
    sources: version.sources,
    target: version.target,
    limits: version.limits,
    effectiveFrom: version.effectiveFrom,
    publishedAt: version.publishedAt,
    ...(current.retiredAt ? { retiredAt: current.retiredAt } : {}),
  };
}

/** A directory entry as searched: the aliases also as one text (the read store searches top-level strings). */
export interface QualificationInstitutionDocument {
  name: string;
  creditCode: string | null;
  aliases: string[];
  aliasesText: string;
  listedAt: string;
  revisedAt?: string;
  /** Revision of the entry's stream (0 = as listed). */
  revision: number;
}

export function qualificationInstitutionDocument(
  content: { name: string; creditCode: string | null; aliases: string[] },
  times: { listedAt: string; revisedAt?: string; revision: number },
): QualificationInstitutionDocument {
  return {
    name: content.name,
    creditCode: content.creditCode ?? null,
    aliases: content.aliases ?? [],
    aliasesText: (content.aliases ?? []).join(' / '),
    listedAt: times.listedAt,
    ...(times.revisedAt ? { revisedAt: times.revisedAt } : {}),
    revision: times.revision,
  };
}

export function toQualificationInstitutionView(doc: QualificationInstitutionDocument & StoredDocument): QualificationInstitutionView {
  return { id: doc.id, name: doc.name, creditCode: doc.creditCode ?? null, aliases: doc.aliases ?? [], revision: doc.revision };
}
