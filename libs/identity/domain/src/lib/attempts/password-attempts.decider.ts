import { assertNever, Decider, DomainError, TransitionRules } from '@credit-bank/kernel';
import { IdentityErrorCodes } from '../identity-errors';

/**
 * Password attempts of one subject (an account, an unknown identifier, or a client address) in one
 * clock hour (UTC): `identity.attempts-<keyed hash of the subject>-<yyyymmddhh>`. An attempt is
 * reserved here, with the stream's expected revision, BEFORE the password is checked, so parallel
 * requests cannot all slip past the count; a correct password then clears the subject's count
 * (`clear`) or gives its own attempt back (`refund`, for an address shared by many people).
 *
 * The rule: `freeAttempts` reservations pass at once; after them each one waits 1 s, 2 s, 4 s …
 * (doubling, at most `maxDelaySeconds`) after the previous reservation. A refused attempt is not
 * recorded, so hammering does not lengthen the wait: whoever waits it out gets the next try. This
 * is a delay, never a lock: a stranger cannot keep an owner out for longer than the current wait,
 * and the count starts again every hour.
 */
export interface AttemptPolicy {
  freeAttempts: number;
  maxDelaySeconds: number;
}

export interface ReserveAttempt {
  type: 'ReserveAttempt';
  policy: AttemptPolicy;
  now: string;
}

/** After a correct password: `clear` forgets the subject's failures, `refund` gives this attempt back. */
export interface SettleAttempt {
  type: 'SettleAttempt';
  mode: 'clear' | 'refund';
  now: string;
}

export type AttemptCommand = ReserveAttempt | SettleAttempt;

export type AttemptEvent =
  | { type: 'PasswordAttemptReserved'; data: { at: string } }
  | { type: 'PasswordAttemptRefunded'; data: { at: string } }
  | { type: 'PasswordAttemptsCleared'; data: { at: string } };

export type AttemptState = { status: 'clear'; lastAt?: string } | { status: 'counting'; reserved: number; lastAt: string };

function evolve(state: AttemptState, event: AttemptEvent): AttemptState {
  switch (event.type) {
    case 'PasswordAttemptReserved':
      return { status: 'counting', reserved: (state.status === 'counting' ? state.reserved : 0) + 1, lastAt: event.data.at };
    case 'PasswordAttemptRefunded': {
      const reserved = state.status === 'counting' ? state.reserved - 1 : 0;
      return reserved > 0 && state.status === 'counting' ? { ...state, reserved } : { status: 'clear', lastAt: state.lastAt };
    }
    case 'PasswordAttemptsCleared':
      return { status: 'clear', lastAt: state.lastAt };
    default:
      return assertNever(event, 'password attempt event');
  }
}

/** Seconds to wait after the previous reservation, once `reserved` attempts are in: 0 while free, then 1, 2, 4 … up to the cap. */
export function attemptDelaySeconds(reserved: number, policy: AttemptPolicy): number {
  if (reserved < policy.freeAttempts) return 0;
  const exponent = Math.min(reserved - policy.freeAttempts, 30);
  return Math.min(policy.maxDelaySeconds, 2 ** exponent);
}

export const tooManyAttempts = (retryAfterSeconds: number): DomainError =>
  new DomainError(IdentityErrorCodes.TOO_MANY_ATTEMPTS, 'rate_limited', 'Too many password attempts; wait before trying again.', {
    retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)),
  });

function decide(command: AttemptCommand, state: AttemptState): AttemptEvent[] {
  switch (command.type) {
    case 'ReserveAttempt': {
      if (state.status === 'counting') {
        const wait = attemptDelaySeconds(state.reserved, command.policy);
        const elapsed = (Date.parse(command.now) - Date.parse(state.lastAt)) / 1000;
        if (wait > 0 && elapsed < wait) throw tooManyAttempts(wait - elapsed);
      }
      return [{ type: 'PasswordAttemptReserved', data: { at: command.now } }];
    }
    case 'SettleAttempt':
      if (state.status === 'clear') return [];
      return command.mode === 'clear' ? [{ type: 'PasswordAttemptsCleared', data: { at: command.now } }] : [{ type: 'PasswordAttemptRefunded', data: { at: command.now } }];
    default:
      return assertNever(command, 'password attempt command');
  }
}

export const attemptDecider: Decider<AttemptCommand, AttemptEvent, AttemptState> = { initialState: { status: 'clear' }, evolve, decide };

export const ATTEMPTS_STREAM_PREFIX = 'identity.attempts-';

/** The clock hour of an ISO time, `yyyymmddhh` in UTC: each hour's attempts are a stream of their own, so streams stay short. */
export const hourWindowOf = (iso: string): string => iso.slice(0, 13).replace(/[-T]/g, '');

/** `subjectKey` is a keyed hash (of `account:<id>`, `identifier:<…>` or `address:<…>`): no identifier or address in names. */
export const attemptsStreamId = (subjectKey: string, now: string): string => `${ATTEMPTS_STREAM_PREFIX}${subjectKey}-${hourWindowOf(now)}`;

/** For audits: the statuses each event may follow. */
export const attemptTransitions: TransitionRules<AttemptEvent> = {
  PasswordAttemptReserved: ['clear', 'counting'],
  PasswordAttemptRefunded: ['counting'],
  PasswordAttemptsCleared: ['counting'],
};
