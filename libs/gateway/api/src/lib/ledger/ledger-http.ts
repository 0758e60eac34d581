import { LEDGER_ERROR_CODES } from '@credit-bank/contracts';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AuthenticatedRequest } from '../auth/auth.decorators';
import { problem } from '../http/problem';

/**
 * The ledger is for learners: other roles get 403 AUTH.FORBIDDEN here, before the body is even
 * validated (the ledger service checks the role again on every message).
 */
@Injectable()
export class LearnerOnlyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
    if (!actor) throw problem('AUTH.UNAUTHENTICATED', 'unauthorized', 'Authentication is required.');
    if (actor.role !== 'learner') throw problem('AUTH.FORBIDDEN', 'forbidden', 'This account may not do that.');
    return true;
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Ids in paths are server-made UUIDs; anything else cannot name a record (answered as not found). */
export function isRecordId(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

const ENTITY_TAG = /^(?:W\/)?(?:"(\d{1,9})"|(\d{1,9}))$/;

/**
 * The revision an `If-Match` header names: `3`, `"3"` and `W/"3"` all mean revision 3. Missing →
 * undefined; anything else (a list, `*`, text) → LEDGER.IF_MATCH_INVALID (400).
 */
export function revisionFromIfMatch(header: string | string[] | undefined): number | undefined {
  if (header === undefined) return undefined;
  const value = (Array.isArray(header) ? header.join(',') : header).trim();
  if (value === '') return undefined;
  const match = ENTITY_TAG.exec(value);
  if (!match) {
    throw problem(LEDGER_ERROR_CODES.IF_MATCH_INVALID, 'validation', 'If-Match must name one revision, e.g. "3".', [
      { field: 'If-Match', code: LEDGER_ERROR_CODES.IF_MATCH_INVALID, message: 'expected a revision such as 3, "3" or W/"3"' },
    ]);
  }
  return Number(match[1] ?? match[2]);
}

/** The ETag of a revision. */
export const etagOf = (revision: number): string => `"${revision}"`;
