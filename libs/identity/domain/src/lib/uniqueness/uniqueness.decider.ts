import { assertNever, Decider, DomainError, TransitionRules } from '@credit-bank/kernel';
import { IdentityErrorCodes } from '../identity-errors';

/**
 * A unique value (username, mobile, email, ID number, credit code) is reserved in its own stream
 * `identity.unique-<kind>-<key>` where key is a keyed HMAC of the normalized value (never the value).
 * Appends go with the revision just read, so of two concurrent claims exactly one wins. Also:
 * `institution-name` (the normalized name of a pending or active institution account) and
 * `institution-link` (a directory institution id: at most one account is linked to it).
 */
export const UNIQUE_KINDS = ['username', 'mobile', 'email', 'id-number', 'credit-code', 'institution-name', 'institution-link'] as const;
export type UniqueKind = (typeof UNIQUE_KINDS)[number];

export const TAKEN_CODES: Record<UniqueKind, string> = {
  username: IdentityErrorCodes.USERNAME_TAKEN,
  mobile: IdentityErrorCodes.MOBILE_TAKEN,
  email: IdentityErrorCodes.EMAIL_TAKEN,
  'id-number': IdentityErrorCodes.ID_NUMBER_TAKEN,
  'credit-code': IdentityErrorCodes.CREDIT_CODE_TAKEN,
  'institution-name': IdentityErrorCodes.INSTITUTION_NAME_TAKEN,
  'institution-link': IdentityErrorCodes.INSTITUTION_ALREADY_LINKED,
};

const FIELDS: Record<UniqueKind, string> = {
  username: 'username',
  mobile: 'mobile',
  email: 'email',
  'id-number': 'idNumber',
  'credit-code': 'unifiedSocialCreditCode',
  'institution-name': 'name',
  'institution-link': 'institutionId',
};

/** Kinds whose refusal names the owner: the account already linked to a directory institution is no secret to the administrator. */
const OWNER_DISCLOSED: ReadonlySet<UniqueKind> = new Set(['institution-link']);

export interface ClaimUniqueValue {
  type: 'ClaimUniqueValue';
  kind: UniqueKind;
  ownerId: string;
  now: string;
}

export interface ReleaseUniqueValue {
  type: 'ReleaseUniqueValue';
  ownerId: string;
  now: string;
}

export type UniquenessCommand = ClaimUniqueValue | ReleaseUniqueValue;

export type UniquenessEvent =
  | { type: 'UniqueValueClaimed'; data: { kind: UniqueKind; ownerId: string; claimedAt: string } }
  | { type: 'UniqueValueReleased'; data: { ownerId: string; releasedAt: string } };

export type UniquenessState = { status: 'free' } | { status: 'claimed'; ownerId: string };

function evolve(state: UniquenessState, event: UniquenessEvent): UniquenessState {
  switch (event.type) {
    case 'UniqueValueClaimed':
      return { status: 'claimed', ownerId: event.data.ownerId };
    case 'UniqueValueReleased':
      return { status: 'free' };
    default:
      return assertNever(event, 'uniqueness event');
  }
}

function decide(command: UniquenessCommand, state: UniquenessState): UniquenessEvent[] {
  switch (command.type) {
    case 'ClaimUniqueValue':
      switch (state.status) {
        case 'free':
          return [{ type: 'UniqueValueClaimed', data: { kind: command.kind, ownerId: command.ownerId, claimedAt: command.now } }];
        case 'claimed':
          if (state.ownerId === command.ownerId) return []; // the same owner again: idempotent
          if (OWNER_DISCLOSED.has(command.kind)) {
            throw new DomainError(TAKEN_CODES[command.kind], 'conflict', 'Another institution account is already linked to this qualification institution.', {
              field: FIELDS[command.kind],
              linkedAccountId: state.ownerId,
            });
          }
          throw new DomainError(TAKEN_CODES[command.kind], 'conflict', `This ${FIELDS[command.kind]} is already registered.`, { field: FIELDS[command.kind] });
        default:
          return assertNever(state, 'uniqueness state');
      }
    case 'ReleaseUniqueValue':
      switch (state.status) {
        case 'free':
          return [];
        case 'claimed':
          if (state.ownerId !== command.ownerId) {
            throw new DomainError(IdentityErrorCodes.UNIQUE_VALUE_NOT_OWNED, 'conflict', 'Only the owner of a claim may release it.');
          }
          return [{ type: 'UniqueValueReleased', data: { ownerId: command.ownerId, releasedAt: command.now } }];
        default:
          return assertNever(state, 'uniqueness state');
      }
    default:
      return assertNever(command, 'uniqueness command');
  }
}

export const uniquenessDecider: Decider<UniquenessCommand, UniquenessEvent, UniquenessState> = {
  initialState: { status: 'free' },
  evolve,
  decide,
};

export const UNIQUE_STREAM_PREFIX = 'identity.unique-';
/** `key` is a keyed HMAC of the normalized value (`Pseudonyms.keyOf` in the platform): stream names hold no personal data. */
export const uniqueStreamId = (kind: UniqueKind, key: string): string => `${UNIQUE_STREAM_PREFIX}${kind}-${key}`;

/** For audits: the statuses each event may follow (what `decide` can emit from them). */
export const uniquenessTransitions: TransitionRules<UniquenessEvent> = { UniqueValueClaimed: ['free'], UniqueValueReleased: ['claimed'] };
