import { DomainError, FieldError } from '@credit-bank/kernel';
import { CatalogErrorCodes, CatalogFieldCodes } from '../catalog-errors';
import { isAchievementCategory, typeBelongsToCategory } from '../classification/achievement-categories';
import { FRAMEWORK_LEVEL_MAX, FRAMEWORK_LEVEL_MIN, isFrameworkLevel } from '../framework-level/framework-level-range';
import { CatalogItemContent } from './catalog-item.events';

export const CREDITS_MAX = 60;
export const NAME_MAX_LENGTH = 200;

/** > 0, ≤ 60, at most one decimal (e.g. 3.5). */
export function isValidCredits(value: unknown): value is number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > CREDITS_MAX) return false;
  const tenths = value * 10;
  return Math.abs(tenths - Math.round(tenths)) < 1e-9;
}

const NAME_FIELDS = ['projectName', 'achievementName'] as const;
const trim = (value: unknown) => (typeof value === 'string' ? value.trim() : value);

/** Trims the names; everything else is taken as given (and checked by `catalogItemErrors`). */
export function normalizeCatalogItemContent(content: CatalogItemContent): CatalogItemContent {
  return {
    category: content.category,
    type: content.type,
    projectName: trim(content.projectName) as string,
    achievementName: trim(content.achievementName) as string,
    institutionId: trim(content.institutionId) as string,
    institutionName: trim(content.institutionName) as string,
    frameworkLevel: content.frameworkLevel,
    credits: content.credits,
    sample: content.sample,
  };
}

/** Every broken rule of a (normalized) entry, one per field. */
export function catalogItemErrors(c: CatalogItemContent): FieldError[] {
  const errors: FieldError[] = [];
  if (!isAchievementCategory(c.category)) {
    errors.push({ field: 'category', code: CatalogFieldCodes.CATEGORY_UNKNOWN, message: `Unknown achievement category: ${String(c.category)}` });
  } else if (typeof c.type !== 'string' || !typeBelongsToCategory(c.category, c.type)) {
    errors.push({ field: 'type', code: CatalogFieldCodes.TYPE_NOT_IN_CATEGORY, message: `Type ${String(c.type)} is not a type of category ${c.category}` });
  }
  for (const field of NAME_FIELDS) {
    const value = c[field];
    if (typeof value !== 'string' || value.length === 0) {
      errors.push({ field, code: CatalogFieldCodes.REQUIRED, message: `${field} is required` });
    } else if (value.length > NAME_MAX_LENGTH) {
      errors.push({ field, code: CatalogFieldCodes.TOO_LONG, message: `${field} must be at most ${NAME_MAX_LENGTH} characters` });
    }
  }
  // The institution is named by its directory id; the name comes from the directory with it.
  if (typeof c.institutionId !== 'string' || c.institutionId.length === 0) {
    errors.push({ field: 'institutionId', code: CatalogFieldCodes.REQUIRED, message: 'institutionId (a qualification institution of the directory) is required' });
  } else if (typeof c.institutionName !== 'string' || c.institutionName.length === 0) {
    errors.push({ field: 'institutionName', code: CatalogFieldCodes.REQUIRED, message: 'institutionName is required' });
  } else if (c.institutionName.length > NAME_MAX_LENGTH) {
    errors.push({ field: 'institutionName', code: CatalogFieldCodes.TOO_LONG, message: `institutionName must be at most ${NAME_MAX_LENGTH} characters` });
  }
  if (!isFrameworkLevel(c.frameworkLevel)) {
    errors.push({
      field: 'frameworkLevel',
      code: CatalogFieldCodes.FRAMEWORK_LEVEL_OUT_OF_RANGE,
      message: `frameworkLevel must be an integer from ${FRAMEWORK_LEVEL_MIN} to ${FRAMEWORK_LEVEL_MAX}`,
    });
  }
  if (!isValidCredits(c.credits)) {
    errors.push({ field: 'credits', code: CatalogFieldCodes.CREDITS_INVALID, message: `credits must be greater than 0, at most ${CREDITS_MAX}, with at most one decimal` });
  }
  if (typeof c.sample !== 'boolean') {
    errors.push({ field: 'sample', code: CatalogFieldCodes.SAMPLE_FLAG_INVALID, message: 'sample must be true or false' });
  }
  return errors;
}

export function catalogItemInvalid(errors: FieldError[]): DomainError {
  return new DomainError(CatalogErrorCodes.ITEM_INVALID, 'validation', 'The catalogue entry has invalid fields.', undefined, errors);
}

export const CATALOG_ITEM_CONTENT_FIELDS: ReadonlyArray<keyof CatalogItemContent> = [
  'category',
  'type',
  'projectName',
  'achievementName',
  'institutionId',
  'institutionName',
  'frameworkLevel',
  'credits',
  'sample',
];

export function sameContent(a: CatalogItemContent, b: CatalogItemContent): boolean {
  return CATALOG_ITEM_CONTENT_FIELDS.every((f) => a[f] === b[f]);
}
