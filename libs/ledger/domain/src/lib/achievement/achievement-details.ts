import { FieldError, institutionIdForName, isCalendarDate } from '@credit-bank/kernel';
import { findCertificateLevel, findEducationLevel } from '@credit-bank/reference-data';
import { LedgerFieldCodes } from '../ledger-errors';

/**
 * What the catalogue said about the entry when the learner stored (or re-pointed) the
 * achievement. Kept in the event so the record stays true if the catalogue changes later.
 */
export interface CatalogSnapshot {
  projectName: string;
  achievementName: string;
  /** The entry's qualification institution (资历机构) in the catalogue's directory: who reviews it. */
  institutionId: string;
  institutionName: string;
  type: string;
  typeName: string;
  frameworkLevel: number;
  credits: number;
}

/** An achievement entered by hand because the catalogue has no entry for it. */
export interface CustomAchievement {
  name: string;
  /** The institution picked from the directory; null when the learner named one that is not there. */
  institutionId: string | null;
  institutionName: string;
  type: string;
  typeName: string;
}

export type AchievementSource = 'catalog' | 'custom';

/** Everything the learner stores about an achievement (成果添加), with the catalogue snapshot. */
export interface AchievementDetails {
  /** Category code (成果分类) and its label at the time. */
  category: string;
  categoryName: string;
  source: AchievementSource;
  /** Set when source = catalog. */
  catalogItemId: string | null;
  catalogItem: CatalogSnapshot | null;
  /** Set when source = custom. */
  custom: CustomAchievement | null;
  /** 证书编号 */
  certificateNumber: string;
  /** 发证日期, YYYY-MM-DD */
  issueDate: string;
  /** 证书等级: a code of the five vocational skill levels (`2` 二级/技师); free text in achievements stored before the list. */
  certificateLevel: string | null;
  /** 职业(工种) */
  occupation: string | null;
  /** 文化程度: a GB/T 4658 code (`61` 普通高中毕业); free text in achievements stored before the list. */
  educationLevel: string | null;
  /** The uploaded scan or photo of the original. */
  evidenceId: string;
  /** 成果描述 */
  description: string | null;
}

export const ACHIEVEMENT_FIELDS: ReadonlyArray<keyof AchievementDetails> = [
  'category',
  'categoryName',
  'source',
  'catalogItemId',
  'catalogItem',
  'custom',
  'certificateNumber',
  'issueDate',
  'certificateLevel',
  'occupation',
  'educationLevel',
  'evidenceId',
  'description',
];

/** Length bounds of the free-text fields (the request DTOs repeat them). */
export const ACHIEVEMENT_LIMITS = {
  name: 200,
  institutionName: 200,
  certificateNumber: 100,
  certificateLevel: 50,
  occupation: 100,
  educationLevel: 50,
  description: 2000,
} as const;

/** Issue dates before this are not plausible. */
export const EARLIEST_ISSUE_DATE = '1900-01-01';

/** The learners are in Guangdong: "today" is the calendar day at UTC+8 (China has no daylight saving). */
export const LEDGER_UTC_OFFSET_HOURS = 8;

export function todayAt(now: string, offsetHours = LEDGER_UTC_OFFSET_HOURS): string {
  return new Date(Date.parse(now) + offsetHours * 3_600_000).toISOString().slice(0, 10);
}


export { isCalendarDate };

/** Name, type and institution (directory id, null when only named) of the achievement, wherever they come from. */
export function achievementSummary(details: AchievementDetails): { achievementName: string; type: string; typeName: string; institutionId: string | null; institutionName: string } {
  if (details.source === 'catalog' && details.catalogItem) {
    const c = details.catalogItem;
    return { achievementName: c.achievementName, type: c.type, typeName: c.typeName, institutionId: c.institutionId, institutionName: c.institutionName };
  }
  const c = details.custom;
  return { achievementName: c?.name ?? '', type: c?.type ?? '', typeName: c?.typeName ?? '', institutionId: c?.institutionId ?? null, institutionName: c?.institutionName ?? '' };
}

/**
 * 证书编号 as compared: NFKC (full-width letters and digits become ASCII), upper case, without
 * white space and hyphens, so "ab-12 34" and "ＡＢ１２３４" are one certificate.
 */
export function normalizeCertificateNumber(number: string): string {
  return number.normalize('NFKC').toUpperCase().replace(/[\s\-‐‑‒–—―－_]/g, '');
}

/**
 * The identity of a certificate: its issuing institution and its normalised number. The issuer is
 * the directory institution (of the catalogue entry or picked by hand); one only named by hand is
 * keyed as the directory keys names (`institutionIdForName`), so the catalogue path and the
 * hand-entered path of one certificate meet. Credits of one certificate count once.
 */
export function certificateKeyOf(details: AchievementDetails): string {
  const summary = achievementSummary(details);
  const issuer = summary.institutionId ?? institutionIdForName(summary.institutionName);
  return `${issuer}|${normalizeCertificateNumber(details.certificateNumber ?? '')}`;
}

function required(errors: FieldError[], field: string, value: unknown): boolean {
  if (typeof value !== 'string' || value.trim() === '') {
    errors.push({ field, code: LedgerFieldCodes.REQUIRED, message: `${field} is required` });
    return false;
  }
  return true;
}

function bounded(errors: FieldError[], field: string, value: string | null | undefined, max: number): void {
  if (typeof value === 'string' && [...value].length > max) {
    errors.push({ field, code: LedgerFieldCodes.TOO_LONG, message: `${field} must be at most ${max} characters`, params: { max } });
  }
}

/** The guide marks 证书等级, 职业(工种) and 文化程度 with * in the form of a vocational qualification. */
export const CATEGORY_WITH_VOCATIONAL_FIELDS = 'vocational-qualification';

// Checked when an achievement is stored or edited, never when one is read: one stored with free
// text before the lists existed stays as it is until its owner edits it.
function listed(errors: FieldError[], field: string, value: string | null | undefined, known: (code: string) => unknown, code: string, list: string): void {
  if (typeof value === 'string' && value.trim() !== '' && !known(value)) errors.push({ field, code, message: `${field} must be a code of ${list}` });
}

/** The domain rules of an achievement's details (one entry per broken field; empty when valid). */
export function achievementDetailsErrors(details: AchievementDetails, now: string): FieldError[] {
  const errors: FieldError[] = [];
  required(errors, 'category', details.category);
  if (required(errors, 'certificateNumber', details.certificateNumber)) bounded(errors, 'certificateNumber', details.certificateNumber, ACHIEVEMENT_LIMITS.certificateNumber);
  if (required(errors, 'issueDate', details.issueDate)) {
    if (!isCalendarDate(details.issueDate) || details.issueDate < EARLIEST_ISSUE_DATE) {
      errors.push({ field: 'issueDate', code: LedgerFieldCodes.DATE_FORMAT, message: `issueDate must be a real day (YYYY-MM-DD) from ${EARLIEST_ISSUE_DATE}` });
    } else if (details.issueDate > todayAt(now)) {
      errors.push({ field: 'issueDate', code: LedgerFieldCodes.DATE_IN_FUTURE, message: 'issueDate must not be in the future' });
    }
  }
  required(errors, 'evidenceId', details.evidenceId);
  const vocational = details.category === CATEGORY_WITH_VOCATIONAL_FIELDS;
  if (!vocational || required(errors, 'certificateLevel', details.certificateLevel)) {
    listed(errors, 'certificateLevel', details.certificateLevel, findCertificateLevel, LedgerFieldCodes.CERTIFICATE_LEVEL_UNKNOWN, 'GET /reference/certificate-levels');
  }
  if (!vocational || required(errors, 'occupation', details.occupation)) bounded(errors, 'occupation', details.occupation, ACHIEVEMENT_LIMITS.occupation);
  if (!vocational || required(errors, 'educationLevel', details.educationLevel)) {
    listed(errors, 'educationLevel', details.educationLevel, findEducationLevel, LedgerFieldCodes.EDUCATION_LEVEL_UNKNOWN, 'GB/T 4658 (GET /reference/education-levels)');
  }
  bounded(errors, 'description', details.description, ACHIEVEMENT_LIMITS.description);
  if (details.source === 'catalog') {
    if (!details.catalogItemId || !details.catalogItem || details.custom !== null) {
      errors.push({ field: 'catalogItemId', code: LedgerFieldCodes.SOURCE_INCONSISTENT, message: 'a catalogue achievement names exactly one catalogue entry and no hand-entered data' });
    }
  } else if (details.source === 'custom') {
    if (!details.custom || details.catalogItemId !== null || details.catalogItem !== null) {
      errors.push({ field: 'custom', code: LedgerFieldCodes.SOURCE_INCONSISTENT, message: 'a hand-entered achievement has its own data and no catalogue entry' });
    } else {
      if (required(errors, 'custom.name', details.custom.name)) bounded(errors, 'custom.name', details.custom.name, ACHIEVEMENT_LIMITS.name);
      if (required(errors, 'custom.institutionName', details.custom.institutionName)) {
        bounded(errors, 'custom.institutionName', details.custom.institutionName, ACHIEVEMENT_LIMITS.institutionName);
      }
      required(errors, 'custom.type', details.custom.type);
    }
  } else {
    errors.push({ field: 'source', code: LedgerFieldCodes.SOURCE_INCONSISTENT, message: "source must be 'catalog' or 'custom'" });
  }
  return errors;
}
