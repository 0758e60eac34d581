import { CATALOG_ERROR_CODES } from '@credit-bank/contracts';
import { problem } from '../http/problem';

const ENTITY_TAG = /^(?:W\/)?(?:"(\d{1,9})"|(\d{1,9}))$/;

/**
 * The revision or version an `If-Match` header names: `3`, `"3"` and `W/"3"` all mean 3. Missing →
 * undefined; anything else (a list, `*`, text) → CATALOG.IF_MATCH_INVALID (400).
 */
export function numberFromIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = (Array.isArray(header) ? header.join(',') : header).trim();
  if (value === '') return undefined;
  const match = ENTITY_TAG.exec(value);
  if (!match) {
    throw problem(CATALOG_ERROR_CODES.IF_MATCH_INVALID, 'validation', 'If-Match must name one version, e.g. "3".', [
      { field: 'If-Match', code: CATALOG_ERROR_CODES.IF_MATCH_INVALID, message: 'expected a number such as 3, "3" or W/"3"' },
    ]);
  }
  return Number(match[1] ?? match[2]);
}

export const etagOf = (n: number): string => `"${n}"`;
