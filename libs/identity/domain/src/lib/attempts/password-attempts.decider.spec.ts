import { DomainError, fold, givenWhenThen } from '@credit-bank/kernel';
import { IdentityErrorCodes } from '../identity-errors';
import { attemptDecider, attemptDelaySeconds, AttemptEvent, attemptsStreamId, ReserveAttempt } from './password-attempts.decider';

const T0 = Date.parse('2025-03-01T08:00:00.000Z');
const at = (seconds: number): string => new Date(T0 + seconds * 1000).toISOString();
const policy = { freeAttempts: 3, maxDelaySeconds: 8 };
const reserve = (seconds: number): ReserveAttempt => ({ type: 'ReserveAttempt', policy, now: at(seconds) });
const reserved = (seconds: number): AttemptEvent => ({ type: 'PasswordAttemptReserved', data: { at: at(seconds) } });

function refusal(given: AttemptEvent[], seconds: number): DomainError {
  try {
    givenWhenThen(attemptDecider, given, reserve(seconds));
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('password attempts decider', () => {
  it('reserves the free attempts at once', () => {
    expect(givenWhenThen(attemptDecider, [reserved(0), reserved(0)], reserve(0))).toEqual([reserved(0)]);
  });

  it('then waits 1, 2, 4 … seconds after the previous reservation, up to the cap', () => {
    expect([3, 4, 5, 6, 7, 20].map((n) => attemptDelaySeconds(n, policy))).toEqual([1, 2, 4, 8, 8, 8]);
    const three = [reserved(0), reserved(0), reserved(0)];
    const e = refusal(three, 0.2);
    expect(e).toMatchObject({ code: IdentityErrorCodes.TOO_MANY_ATTEMPTS, kind: 'rate_limited', details: { retryAfterSeconds: 1 } });
    expect(givenWhenThen(attemptDecider, three, reserve(1))).toEqual([reserved(1)]);
    expect(refusal([...three, reserved(1)], 2).details).toEqual({ retryAfterSeconds: 1 });
    expect(refusal([...three, reserved(1), reserved(3)], 4).details).toEqual({ retryAfterSeconds: 3 });
  });

  it('a correct password clears the count, or gives one attempt back', () => {
    const three = [reserved(0), reserved(0), reserved(0)];
    const cleared = givenWhenThen(attemptDecider, three, { type: 'SettleAttempt', mode: 'clear', now: at(0) });
    expect(fold(attemptDecider, [...three, ...cleared])).toMatchObject({ status: 'clear' });
    const refunded = givenWhenThen(attemptDecider, three, { type: 'SettleAttempt', mode: 'refund', now: at(0) });
    expect(fold(attemptDecider, [...three, ...refunded])).toMatchObject({ status: 'counting', reserved: 2 });
    expect(givenWhenThen(attemptDecider, [], { type: 'SettleAttempt', mode: 'clear', now: at(0) })).toEqual([]);
  });

  it('names a stream per subject and clock hour', () => {
    expect(attemptsStreamId('abc', '2025-03-01T08:59:59.999Z')).toBe('identity.attempts-abc-2025030108');
    expect(attemptsStreamId('abc', '2025-03-01T09:00:00.000Z')).toBe('identity.attempts-abc-2025030109');
  });
});
