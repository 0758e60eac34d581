import { DomainError, FieldError, isCalendarDate } from '@credit-bank/kernel';
import { CatalogErrorCodes, CatalogFieldCodes } from '../catalog-errors';
import { isValidCredits, NAME_MAX_LENGTH } from '../catalog-item/catalog-item-rules';
import { isAchievementCategory } from '../classification/achievement-categories';
import { FRAMEWORK_LEVEL_MAX, FRAMEWORK_LEVEL_MIN, isFrameworkLevel } from '../framework-level/framework-level-range';
import { CONVERSION_RULE_KINDS, ConversionRuleContent, ConversionRuleLimits, ConversionRuleSources, ConversionRuleTarget } from './conversion-rule.events';

export const SOURCE_ITEMS_MAX = 100;
export const MAX_CREDITS_PER_TARGET_MAX = 600;
export const MAX_ACHIEVEMENTS_MAX = 100;
/** The category that holds work-performance achievements (业绩类成果). */
export const WORK_PERFORMANCE_CATEGORY = 'training-performance';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : v);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);


/** Drops absent (undefined or null) optional values, so equal rules are equal objects. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as T;
}

/**
 * Trims the texts and drops absent optional fields (an empty course is no course); the shape is
 * otherwise taken as given and checked by `conversionRuleErrors`.
 */
export function normalizeConversionRuleContent(content: ConversionRuleContent): ConversionRuleContent {
  const c = (content ?? {}) as Partial<ConversionRuleContent>;
  const sources = isObject(c.sources) ? (c.sources as ConversionRuleSources) : c.sources;
  const target = isObject(c.target) ? (c.target as ConversionRuleTarget) : c.target;
  const limits = c.limits === undefined || c.limits === null ? {} : c.limits;
  const course = isObject(target) ? text(target.course) : undefined;
  return {
    name: text(c.name) as string,
    kind: c.kind as ConversionRuleContent['kind'],
    sources: isObject(sources)
      ? compact({
          catalogItemIds: Array.isArray(sources.catalogItemIds) ? sources.catalogItemIds.map((id) => text(id) as string) : sources.catalogItemIds,
          category: sources.category,
          minFrameworkLevel: sources.minFrameworkLevel,
        } as ConversionRuleSources)
      : (sources as ConversionRuleSources),
    target: isObject(target)
      ? compact({
          programme: text(target.programme) as string,
          course: course === '' ? undefined : (course as string | undefined),
          awardingInstitutionId: text(target.awardingInstitutionId) as string,
          awardingInstitution: text(target.awardingInstitution) as string,
          credits: target.credits,
        })
      : (target as ConversionRuleTarget),
    limits: isObject(limits) ? compact({ maxCreditsPerTarget: (limits as ConversionRuleLimits).maxCreditsPerTarget, maxAchievements: (limits as ConversionRuleLimits).maxAchievements }) : (limits as ConversionRuleLimits),
    effectiveFrom: c.effectiveFrom as string,
  };
}

function requiredName(errors: FieldError[], field: string, value: unknown): void {
  if (typeof value !== 'string' || value.length === 0) errors.push({ field, code: CatalogFieldCodes.REQUIRED, message: `${field} is required` });
  else if (value.length > NAME_MAX_LENGTH) errors.push({ field, code: CatalogFieldCodes.TOO_LONG, message: `${field} must be at most ${NAME_MAX_LENGTH} characters` });
}

/**
 * Every broken rule of a (normalized) rule, one per field. `unknownCatalogItemIds` are the source
 * entries the catalogue does not have (a fact the handler looks up).
 */
export function conversionRuleErrors(c: ConversionRuleContent, unknownCatalogItemIds: readonly string[] = []): FieldError[] {
  const errors: FieldError[] = [];
  requiredName(errors, 'name', c.name);
  if (!(CONVERSION_RULE_KINDS as readonly unknown[]).includes(c.kind)) {
    errors.push({ field: 'kind', code: CatalogFieldCodes.KIND_UNKNOWN, message: `kind must be one of ${CONVERSION_RULE_KINDS.join(', ')}` });
  }

  if (!isObject(c.sources)) {
    errors.push({ field: 'sources', code: CatalogFieldCodes.REQUIRED, message: 'sources is required' });
  } else {
    const { catalogItemIds, category, minFrameworkLevel } = c.sources as ConversionRuleSources;
    if (catalogItemIds === undefined && category === undefined && minFrameworkLevel === undefined) {
      errors.push({ field: 'sources', code: CatalogFieldCodes.SOURCES_EMPTY, message: 'name at least one of catalogItemIds, category and minFrameworkLevel' });
    }
    if (catalogItemIds !== undefined) {
      if (!Array.isArray(catalogItemIds) || catalogItemIds.length === 0) {
        errors.push({ field: 'sources.catalogItemIds', code: CatalogFieldCodes.REQUIRED, message: 'catalogItemIds, when given, lists at least one entry' });
      } else if (catalogItemIds.length > SOURCE_ITEMS_MAX) {
        errors.push({ field: 'sources.catalogItemIds', code: CatalogFieldCodes.TOO_LONG, message: `at most ${SOURCE_ITEMS_MAX} entries` });
      } else {
        const seen = new Set<string>();
        catalogItemIds.forEach((id, i) => {
          const field = `sources.catalogItemIds[${i}]`;
          if (typeof id !== 'string' || !UUID.test(id) || unknownCatalogItemIds.includes(id)) {
            errors.push({ field, code: CatalogFieldCodes.CATALOG_ITEM_UNKNOWN, message: 'no catalogue entry has this id' });
          } else if (seen.has(id)) {
            errors.push({ field, code: CatalogFieldCodes.DUPLICATE, message: 'this entry is listed twice' });
          }
          if (typeof id === 'string') seen.add(id);
        });
      }
    }
    if (category !== undefined) {
      if (!isAchievementCategory(category)) errors.push({ field: 'sources.category', code: CatalogFieldCodes.CATEGORY_UNKNOWN, message: `Unknown achievement category: ${String(category)}` });
      else if (c.kind === 'work-performance' && category !== WORK_PERFORMANCE_CATEGORY) {
        errors.push({ field: 'sources.category', code: CatalogFieldCodes.CATEGORY_NOT_FOR_KIND, message: `work-performance achievements are in category ${WORK_PERFORMANCE_CATEGORY}` });
      }
    }
    if (minFrameworkLevel !== undefined && !isFrameworkLevel(minFrameworkLevel)) {
      errors.push({
        field: 'sources.minFrameworkLevel',
        code: CatalogFieldCodes.FRAMEWORK_LEVEL_OUT_OF_RANGE,
        message: `minFrameworkLevel must be an integer from ${FRAMEWORK_LEVEL_MIN} to ${FRAMEWORK_LEVEL_MAX}`,
      });
    }
  }

  if (!isObject(c.target)) {
    errors.push({ field: 'target', code: CatalogFieldCodes.REQUIRED, message: 'target is required' });
  } else {
    requiredName(errors, 'target.programme', c.target.programme);
    if (c.target.course !== undefined) requiredName(errors, 'target.course', c.target.course);
    // The awarding institution is named by its directory id; the name comes from the directory with it.
    const { awardingInstitutionId } = c.target;
    if (typeof awardingInstitutionId !== 'string' || awardingInstitutionId.length === 0) {
      errors.push({ field: 'target.awardingInstitutionId', code: CatalogFieldCodes.REQUIRED, message: 'awardingInstitutionId (a qualification institution of the directory) is required' });
    } else {
      requiredName(errors, 'target.awardingInstitution', c.target.awardingInstitution);
    }
    if (!isValidCredits(c.target.credits)) {
      errors.push({ field: 'target.credits', code: CatalogFieldCodes.CREDITS_INVALID, message: 'credits must be greater than 0, at most 60, with at most one decimal' });
    }
  }

  if (!isObject(c.limits)) {
    errors.push({ field: 'limits', code: CatalogFieldCodes.LIMIT_INVALID, message: 'limits must be an object' });
  } else {
    const { maxCreditsPerTarget, maxAchievements } = c.limits as { maxCreditsPerTarget?: number; maxAchievements?: number };
    if (maxCreditsPerTarget !== undefined) {
      const credits = isObject(c.target) ? (c.target as ConversionRuleTarget).credits : undefined;
      const tenths = typeof maxCreditsPerTarget === 'number' ? maxCreditsPerTarget * 10 : Number.NaN;
      if (!Number.isFinite(tenths) || maxCreditsPerTarget <= 0 || maxCreditsPerTarget > MAX_CREDITS_PER_TARGET_MAX || Math.abs(tenths - Math.round(tenths)) > 1e-9) {
        errors.push({ field: 'limits.maxCreditsPerTarget', code: CatalogFieldCodes.LIMIT_INVALID, message: `maxCreditsPerTarget must be > 0, at most ${MAX_CREDITS_PER_TARGET_MAX}, one decimal at most` });
      } else if (typeof credits === 'number' && maxCreditsPerTarget < credits) {
        errors.push({ field: 'limits.maxCreditsPerTarget', code: CatalogFieldCodes.LIMIT_INVALID, message: 'maxCreditsPerTarget is below the credits of one conversion: the rule could never apply' });
      }
    }
    if (maxAchievements !== undefined && !(Number.isInteger(maxAchievements) && maxAchievements >= 1 && maxAchievements <= MAX_ACHIEVEMENTS_MAX)) {
      errors.push({ field: 'limits.maxAchievements', code: CatalogFieldCodes.LIMIT_INVALID, message: `maxAchievements must be an integer from 1 to ${MAX_ACHIEVEMENTS_MAX}` });
    }
  }

  if (!isCalendarDate(c.effectiveFrom)) errors.push({ field: 'effectiveFrom', code: CatalogFieldCodes.DATE_INVALID, message: 'effectiveFrom must be a real date as YYYY-MM-DD' });
  return errors;
}

export function conversionRuleInvalid(errors: FieldError[]): DomainError {
  return new DomainError(CatalogErrorCodes.CONVERSION_RULE_INVALID, 'validation', 'The conversion rule has invalid fields.', undefined, errors);
}

/** Structural equality of two normalized contents (key order does not matter). */
export function sameConversionRuleContent(a: ConversionRuleContent, b: ConversionRuleContent): boolean {
  return canonical(a) === canonical(b);
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => value[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
