import { assertNever, Decider, DomainError, TransitionRules } from '@credit-bank/kernel';
import { IdentityErrorCodes } from '../identity-errors';
import { hourWindowOf } from '../attempts/password-attempts.decider';

/**
 * The bank's SMS budget: at most `perHour` codes are sent in one clock hour (UTC), whoever asks,
 * besides the per-mobile limits (sms-code.decider.ts) and the gateway's per-address one. One
 * stream an hour, `identity.budget-sms-<yyyymmddhh>`; a code is counted here, with the expected
 * revision, before it is sent, so concurrent requests cannot overspend and a restart forgets
 * nothing.
 */
export interface SpendSms {
  type: 'SpendSms';
  perHour: number;
  now: string;
}

export type SmsBudgetEvent = { type: 'SmsBudgetSpent'; data: { at: string } };

export type SmsBudgetState = { status: 'open'; spent: number };

export const smsBudgetExhausted = (now: string): DomainError => {
  const nextHour = Date.parse(`${now.slice(0, 13)}:00:00.000Z`) + 3_600_000;
  return new DomainError(IdentityErrorCodes.SMS_BUDGET_EXHAUSTED, 'rate_limited', 'The SMS budget of this hour is spent; try again later.', {
    retryAfterSeconds: Math.max(1, Math.ceil((nextHour - Date.parse(now)) / 1000)),
  });
};

function decide(command: SpendSms, state: SmsBudgetState): SmsBudgetEvent[] {
  switch (command.type) {
    case 'SpendSms':
      if (state.spent >= command.perHour) throw smsBudgetExhausted(command.now);
      return [{ type: 'SmsBudgetSpent', data: { at: command.now } }];
    default:
      return assertNever(command.type, 'sms budget command');
  }
}

function evolve(state: SmsBudgetState, event: SmsBudgetEvent): SmsBudgetState {
  switch (event.type) {
    case 'SmsBudgetSpent':
      return { status: 'open', spent: state.spent + 1 };
    default:
      return assertNever(event.type, 'sms budget event');
  }
}

export const smsBudgetDecider: Decider<SpendSms, SmsBudgetEvent, SmsBudgetState> = { initialState: { status: 'open', spent: 0 }, evolve, decide };

export const SMS_BUDGET_STREAM_PREFIX = 'identity.budget-sms-';
export const smsBudgetStreamId = (now: string): string => `${SMS_BUDGET_STREAM_PREFIX}${hourWindowOf(now)}`;

/** For audits: spending follows an open budget only (the decider never records past the limit). */
export const smsBudgetTransitions: TransitionRules<SmsBudgetEvent> = { SmsBudgetSpent: ['open'] };
