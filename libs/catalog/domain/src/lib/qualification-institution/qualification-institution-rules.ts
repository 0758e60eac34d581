import { creditCodeProblem, DomainError, FieldError, normalizeInstitutionName } from '@credit-bank/kernel';
import { CatalogErrorCodes, CatalogFieldCodes } from '../catalog-errors';
import { NAME_MAX_LENGTH } from '../catalog-item/catalog-item-rules';
import { QualificationInstitutionContent } from './qualification-institution.events';

export const ALIASES_MAX = 20;

/** A display name: trimmed, inner white space collapsed (the characters themselves as given). */
export const displayName = (value: unknown): unknown => (typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : value);

/** Empty or absent is no code; otherwise trimmed and upper-cased (checked by the rules). */
export function normalizeCreditCode(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') return value;
  const code = value.trim().toUpperCase();
  return code === '' ? null : code;
}

/**
 * Trims the texts, upper-cases the credit code, and keeps each alias once (compared as
 * institution names are: `normalizeInstitutionName`), never the name itself, blank ones dropped.
 */
export function normalizeInstitutionContent(content: Partial<QualificationInstitutionContent> | undefined): QualificationInstitutionContent {
  const c = content ?? {};
  const name = displayName(c.name) as string;
  let aliases = c.aliases as unknown;
  if (Array.isArray(aliases)) {
    const seen = new Set<string>(typeof name === 'string' ? [normalizeInstitutionName(name)] : []);
    const kept: unknown[] = [];
    for (const alias of aliases.map(displayName)) {
      if (typeof alias !== 'string') kept.push(alias);
      else if (alias !== '' && !seen.has(normalizeInstitutionName(alias))) {
        seen.add(normalizeInstitutionName(alias));
        kept.push(alias);
      }
    }
    aliases = kept;
  } else if (aliases === undefined || aliases === null) {
    aliases = [];
  }
  return { name, creditCode: normalizeCreditCode(c.creditCode) as string | null, aliases: aliases as string[] };
}

/** Every broken rule of a (normalized) directory entry, one per field. */
export function institutionErrors(c: QualificationInstitutionContent): FieldError[] {
  const errors: FieldError[] = [];
  if (typeof c.name !== 'string' || c.name.length === 0) errors.push({ field: 'name', code: CatalogFieldCodes.REQUIRED, message: 'name is required' });
  else if (c.name.length > NAME_MAX_LENGTH) errors.push({ field: 'name', code: CatalogFieldCodes.TOO_LONG, message: `name must be at most ${NAME_MAX_LENGTH} characters` });
  if (c.creditCode !== null) {
    const problem = typeof c.creditCode === 'string' ? creditCodeProblem(c.creditCode) : 'format';
    if (problem === 'format') {
      errors.push({ field: 'creditCode', code: CatalogFieldCodes.CREDIT_CODE_FORMAT, message: 'A unified social credit code has 18 characters of 0-9 and A-Z without I, O, S, V, Z.' });
    } else if (problem === 'check-character') {
      errors.push({ field: 'creditCode', code: CatalogFieldCodes.CREDIT_CODE_CHECK_CHARACTER, message: 'The unified social credit code check character is wrong.' });
    }
  }
  if (!Array.isArray(c.aliases)) errors.push({ field: 'aliases', code: CatalogFieldCodes.REQUIRED, message: 'aliases must be a list of names' });
  else {
    if (c.aliases.length > ALIASES_MAX) errors.push({ field: 'aliases', code: CatalogFieldCodes.TOO_LONG, message: `at most ${ALIASES_MAX} aliases` });
    c.aliases.forEach((alias, i) => {
      if (typeof alias !== 'string') errors.push({ field: `aliases[${i}]`, code: CatalogFieldCodes.REQUIRED, message: 'an alias is a name' });
      else if (alias.length > NAME_MAX_LENGTH) errors.push({ field: `aliases[${i}]`, code: CatalogFieldCodes.TOO_LONG, message: `an alias is at most ${NAME_MAX_LENGTH} characters` });
    });
  }
  return errors;
}

export function institutionInvalid(errors: FieldError[]): DomainError {
  return new DomainError(CatalogErrorCodes.INSTITUTION_INVALID, 'validation', 'The qualification institution has invalid fields.', undefined, errors);
}

export const INSTITUTION_CONTENT_FIELDS: ReadonlyArray<keyof QualificationInstitutionContent> = ['name', 'creditCode', 'aliases'];

const sameValue = (a: unknown, b: unknown): boolean => (Array.isArray(a) && Array.isArray(b) ? a.length === b.length && a.every((x, i) => x === b[i]) : a === b);

export function sameInstitutionContent(a: QualificationInstitutionContent, b: QualificationInstitutionContent): boolean {
  return INSTITUTION_CONTENT_FIELDS.every((f) => sameValue(a[f], b[f]));
}

/** The fields of `next` that differ from `current`. */
export function institutionChanges(current: QualificationInstitutionContent, next: QualificationInstitutionContent): Partial<QualificationInstitutionContent> {
  const changes: Record<string, unknown> = {};
  for (const f of INSTITUTION_CONTENT_FIELDS) if (!sameValue(current[f], next[f])) changes[f] = next[f];
  return changes as Partial<QualificationInstitutionContent>;
}

/**
 * An unknown directory institution named by a catalogue entry or a conversion rule (`field` is
 * where in the request). 404, with the field.
 */
export function institutionNotFound(institutionId: unknown, field?: string): DomainError {
  return new DomainError(
    CatalogErrorCodes.INSTITUTION_NOT_FOUND,
    'not_found',
    'No qualification institution of the directory has this id.',
    { institutionId },
    field ? [{ field, code: CatalogErrorCodes.INSTITUTION_NOT_FOUND, message: 'no qualification institution of the directory has this id' }] : undefined,
  );
}
