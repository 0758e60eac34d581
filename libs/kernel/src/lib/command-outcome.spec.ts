import { CommandOutcomeEvent, commandOutcomeDecider, commandOutcomeTransitions } from './command-outcome';
import { fold, givenWhenThen } from './decider';
import { DomainError } from './errors';
import { transitionError } from './transitions';

const T0 = '2025-01-01T00:00:00.000Z';
const T1 = '2025-01-01T00:00:10.000Z';
const T2 = '2025-01-01T00:01:00.000Z';
const start = (fingerprint = 'f-1', now = T0) => ({ type: 'StartCommand' as const, pattern: 'ledger.store-achievement.v1', fingerprint, now, leaseMs: 30_000 });
const started: CommandOutcomeEvent = { type: 'CommandStarted', data: { pattern: 'ledger.store-achievement.v1', fingerprint: 'f-1', startedAt: T0, leaseUntil: '2025-01-01T00:00:30.000Z' } };
const answer = { kind: 'answer' as const, answer: { id: 'a-1', revision: 0 } };
const completed: CommandOutcomeEvent = { type: 'CommandCompleted', data: { outcome: answer, completedAt: T1 } };

function refusal(given: CommandOutcomeEvent[], when: Parameters<typeof commandOutcomeDecider.decide>[0]): string {
  try {
    givenWhenThen(commandOutcomeDecider, given, when);
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
  throw new Error('not refused');
}

describe('command outcomes (one stream per idempotency key)', () => {
  it('starts a new key with a lease, and records the first outcome once', () => {
    expect(givenWhenThen(commandOutcomeDecider, [], start())).toEqual([started]);
    expect(givenWhenThen(commandOutcomeDecider, [started], { type: 'CompleteCommand', fingerprint: 'f-1', outcome: answer, now: T1 })).toEqual([completed]);
    expect(givenWhenThen(commandOutcomeDecider, [started, completed], { type: 'CompleteCommand', fingerprint: 'f-1', outcome: { kind: 'answer', answer: {} }, now: T2 })).toEqual([]);
    expect(fold(commandOutcomeDecider, [started, completed])).toEqual({ status: 'done', fingerprint: 'f-1', outcome: answer });
  });

  it('starts nothing for a finished key (its outcome answers), refuses a running one until its lease runs out', () => {
    expect(givenWhenThen(commandOutcomeDecider, [started, completed], start('f-1', T2))).toEqual([]);
    expect(refusal([started], start('f-1', T1))).toBe('IDEMPOTENCY.IN_PROGRESS');
    const [takeover] = givenWhenThen(commandOutcomeDecider, [started], start('f-1', T2));
    expect(takeover).toMatchObject({ type: 'CommandStarted', data: { startedAt: T2, leaseUntil: '2025-01-01T00:01:30.000Z' } });
  });

  it('refuses the key for another request, whatever its state', () => {
    expect(refusal([started], start('f-2'))).toBe('IDEMPOTENCY.KEY_REUSED');
    expect(refusal([started, completed], start('f-2'))).toBe('IDEMPOTENCY.KEY_REUSED');
  });

  it('gives an abandoned key back: the next delivery starts it again', () => {
    const abandoned: CommandOutcomeEvent = { type: 'CommandAbandoned', data: { reason: 'catalogue unavailable', abandonedAt: T1 } };
    expect(givenWhenThen(commandOutcomeDecider, [started], { type: 'AbandonCommand', fingerprint: 'f-1', reason: 'catalogue unavailable', now: T1 })).toEqual([abandoned]);
    expect(givenWhenThen(commandOutcomeDecider, [started, abandoned], start('f-1', T1))).toHaveLength(1);
  });

  it('has transition rules the auditor checks', () => {
    expect(transitionError(commandOutcomeTransitions, { status: 'new' }, completed)).toBeDefined();
    expect(transitionError(commandOutcomeTransitions, { status: 'running' }, completed)).toBeUndefined();
    expect(transitionError(commandOutcomeTransitions, { status: 'done' }, started)).toBeDefined();
  });
});
