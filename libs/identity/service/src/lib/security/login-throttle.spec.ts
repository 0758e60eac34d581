import { DomainError } from '@credit-bank/kernel';
import { LoginThrottle } from './login-throttle';

describe('LoginThrottle', () => {
  let now = 0;
  const throttle = () => new LoginThrottle(5, 15 * 60_000, () => now);
  const refusal = (t: LoginThrottle, id: string): DomainError | undefined => {
    try {
      t.check(id);
      return undefined;
    } catch (e) {
      return e as DomainError;
    }
  };

  beforeEach(() => (now = 1_000_000));

  it('lets four failures pass and refuses after the fifth, for 15 minutes', () => {
    const t = throttle();
    for (let i = 0; i < 4; i++) {
      t.recordFailure('li_si');
      expect(refusal(t, 'li_si')).toBeUndefined();
    }
    t.recordFailure('li_si');
    expect(refusal(t, 'li_si')).toMatchObject({ code: 'IDENTITY.TOO_MANY_ATTEMPTS', kind: 'rate_limited', details: { retryAfterSeconds: 900 } });
    now += 15 * 60_000 - 1;
    expect(refusal(t, 'li_si')).toBeDefined();
    now += 1;
    expect(refusal(t, 'li_si')).toBeUndefined();
    // The slate is clean again.
    t.recordFailure('li_si');
    expect(refusal(t, 'li_si')).toBeUndefined();
  });

  it('counts only failures within the window', () => {
    const t = throttle();
    for (let i = 0; i < 4; i++) t.recordFailure('li_si');
    now += 15 * 60_000;
    t.recordFailure('li_si');
    expect(refusal(t, 'li_si')).toBeUndefined();
  });

  it('counts per identifier, ignoring case and spaces, and forgets on success', () => {
    const t = throttle();
    for (let i = 0; i < 4; i++) t.recordFailure('Li_Si ');
    expect(refusal(t, 'wang_wu')).toBeUndefined();
    t.recordSuccess('li_si');
    t.recordFailure('li_si');
    expect(refusal(t, 'li_si')).toBeUndefined();
    for (let i = 0; i < 4; i++) t.recordFailure('LI_SI');
    expect(refusal(t, 'li_si')).toBeDefined();
  });
});
