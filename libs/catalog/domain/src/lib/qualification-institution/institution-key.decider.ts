import { assertNever, Decider, DomainError, normalizeInstitutionName, TransitionRules, uuidFromKey } from '@credit-bank/kernel';
import { CatalogErrorCodes } from '../catalog-errors';

/**
 * What no two directory entries may share: a credit code, a name (compared as
 * `normalizeInstitutionName` compares them — two entries of one name would split one
 * institution's catalogue entries and accounts between two ids). Each value is reserved in its
 * own stream `catalog.unique-institution-<kind>-<key>`, appended with the revision just read, so
 * of two concurrent claims exactly one wins.
 */
export const INSTITUTION_KEY_KINDS = ['credit-code', 'name'] as const;
export type InstitutionKeyKind = (typeof INSTITUTION_KEY_KINDS)[number];

const TAKEN: Record<InstitutionKeyKind, { code: string; field: string; what: string }> = {
  'credit-code': { code: CatalogErrorCodes.INSTITUTION_CREDIT_CODE_TAKEN, field: 'creditCode', what: 'credit code' },
  name: { code: CatalogErrorCodes.INSTITUTION_NAME_TAKEN, field: 'name', what: 'name' },
};

export interface ClaimInstitutionKey {
  type: 'ClaimInstitutionKey';
  kind: InstitutionKeyKind;
  institutionId: string;
  now: string;
}

export interface ReleaseInstitutionKey {
  type: 'ReleaseInstitutionKey';
  institutionId: string;
  now: string;
}

export type InstitutionKeyCommand = ClaimInstitutionKey | ReleaseInstitutionKey;

export type InstitutionKeyEvent =
  | { type: 'InstitutionKeyClaimed'; data: { kind: InstitutionKeyKind; institutionId: string; claimedAt: string } }
  | { type: 'InstitutionKeyReleased'; data: { institutionId: string; releasedAt: string } };

export type InstitutionKeyState = { status: 'free' } | { status: 'claimed'; institutionId: string };

function evolve(_state: InstitutionKeyState, event: InstitutionKeyEvent): InstitutionKeyState {
  switch (event.type) {
    case 'InstitutionKeyClaimed':
      return { status: 'claimed', institutionId: event.data.institutionId };
    case 'InstitutionKeyReleased':
      return { status: 'free' };
    default:
      return assertNever(event, 'institution key event');
  }
}

function decide(command: InstitutionKeyCommand, state: InstitutionKeyState): InstitutionKeyEvent[] {
  switch (command.type) {
    case 'ClaimInstitutionKey': {
      if (state.status === 'free') return [{ type: 'InstitutionKeyClaimed', data: { kind: command.kind, institutionId: command.institutionId, claimedAt: command.now } }];
      if (state.institutionId === command.institutionId) return []; // the same entry again: idempotent
      const taken = TAKEN[command.kind];
      throw new DomainError(taken.code, 'conflict', `Another qualification institution of the directory has this ${taken.what}.`, {
        field: taken.field,
        institutionId: state.institutionId,
      });
    }
    case 'ReleaseInstitutionKey':
      // Only the holder releases; anything else (free, or held by another) changes nothing.
      return state.status === 'claimed' && state.institutionId === command.institutionId
        ? [{ type: 'InstitutionKeyReleased', data: { institutionId: command.institutionId, releasedAt: command.now } }]
        : [];
    default:
      return assertNever(command, 'institution key command');
  }
}

export const institutionKeyDecider: Decider<InstitutionKeyCommand, InstitutionKeyEvent, InstitutionKeyState> = {
  initialState: { status: 'free' },
  evolve,
  decide,
};

/** For audits: the statuses each event may follow (what `decide` can emit from them). */
export const institutionKeyTransitions: TransitionRules<InstitutionKeyEvent> = { InstitutionKeyClaimed: ['free'], InstitutionKeyReleased: ['claimed'] };

export const INSTITUTION_KEY_STREAM_PREFIX = 'catalog.unique-institution-';

/** The value as compared: credit codes upper case, names as `normalizeInstitutionName` gives them. */
export function institutionKeyValue(kind: InstitutionKeyKind, value: string): string {
  return kind === 'credit-code' ? value.trim().toUpperCase() : normalizeInstitutionName(value);
}

/** `catalog.unique-institution-<kind>-<uuid of the compared value>`. */
export const institutionKeyStreamId = (kind: InstitutionKeyKind, value: string): string =>
  `${INSTITUTION_KEY_STREAM_PREFIX}${kind}-${uuidFromKey(`catalog:institution-${kind}:${institutionKeyValue(kind, value)}`)}`;
