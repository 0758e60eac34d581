import { DomainError, givenWhenThen } from '@credit-bank/kernel';
import { IdentityErrorCodes } from '../identity-errors';
import { SmsBudgetEvent, smsBudgetDecider, smsBudgetStreamId } from './sms-budget.decider';

const spent = (at: string): SmsBudgetEvent => ({ type: 'SmsBudgetSpent', data: { at } });

describe('SMS budget decider', () => {
  it('spends up to the hourly budget, then refuses until the next hour', () => {
    const now = '2025-03-01T08:59:30.000Z';
    expect(givenWhenThen(smsBudgetDecider, [spent(now)], { type: 'SpendSms', perHour: 2, now })).toEqual([spent(now)]);
    let error: unknown;
    try {
      givenWhenThen(smsBudgetDecider, [spent(now), spent(now)], { type: 'SpendSms', perHour: 2, now });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: IdentityErrorCodes.SMS_BUDGET_EXHAUSTED, kind: 'rate_limited', details: { retryAfterSeconds: 30 } });
  });

  it('has a stream per clock hour', () => {
    expect(smsBudgetStreamId('2025-03-01T08:59:30.000Z')).toBe('identity.budget-sms-2025030108');
  });
});
