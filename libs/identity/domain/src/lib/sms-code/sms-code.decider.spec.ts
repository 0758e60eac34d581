import { DomainError, fold, givenWhenThen } from '@credit-bank/kernel';
import { IdentityErrorCodes } from '../identity-errors';
import { ConsumeSmsCode, IssueSmsCode, SmsCodeCommand, smsCodeDecider, SmsCodeEvent, smsStreamId } from './sms-code.decider';

const T0 = Date.parse('2025-03-01T08:00:00.000Z');
const at = (seconds: number): string => new Date(T0 + seconds * 1000).toISOString();

const issue = (seconds: number, codeHash = 'hash-1'): IssueSmsCode => ({
  type: 'IssueSmsCode',
  mobile: '13912345678',
  purpose: 'register',
  codeHash,
  ttlSeconds: 300,
  now: at(seconds),
});
const issued = (seconds: number, codeHash = 'hash-1'): SmsCodeEvent => ({
  type: 'SmsCodeIssued',
  data: { purpose: 'register', codeHash, issuedAt: at(seconds), expiresAt: at(seconds + 300) },
});
const consume = (seconds: number, codeHash = 'hash-1'): ConsumeSmsCode => ({ type: 'ConsumeSmsCode', codeHash, now: at(seconds) });
const rejected = (attempts: number, seconds: number): SmsCodeEvent => ({ type: 'SmsCodeRejected', data: { attempts, rejectedAt: at(seconds) } });

function refusal(given: SmsCodeEvent[], when: SmsCodeCommand): DomainError {
  try {
    givenWhenThen(smsCodeDecider, given, when);
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('sms code decider: IssueSmsCode', () => {
  it('issues a code that expires after its TTL, storing only the hash', () => {
    expect(givenWhenThen(smsCodeDecider, [], issue(0))).toEqual([issued(0)]);
  });

  it('refuses a malformed mobile number', () => {
    expect(refusal([], { ...issue(0), mobile: '12345' })).toMatchObject({ code: IdentityErrorCodes.MOBILE_INVALID, kind: 'validation' });
  });

  it('refuses a new code within 60 s of the previous one, telling when to retry', () => {
    const e = refusal([issued(0)], issue(59));
    expect(e).toMatchObject({ code: IdentityErrorCodes.SMS_RATE_LIMITED, kind: 'rate_limited', details: { retryAfterSeconds: 1 } });
    expect(refusal([issued(0)], issue(10)).details).toEqual({ retryAfterSeconds: 50 });
  });

  it('issues a new code 60 s after the previous one, replacing it', () => {
    expect(givenWhenThen(smsCodeDecider, [issued(0)], issue(60, 'hash-2'))).toEqual([issued(60, 'hash-2')]);
    // The replaced code no longer works.
    expect(givenWhenThen(smsCodeDecider, [issued(0), issued(60, 'hash-2')], consume(70, 'hash-1'))[0].type).toBe('SmsCodeRejected');
  });

  it('a used code does not lift the 60 s interval', () => {
    expect(refusal([issued(0), { type: 'SmsCodeConsumed', data: { consumedAt: at(5) } }], issue(30)).code).toBe(IdentityErrorCodes.SMS_RATE_LIMITED);
  });

  it('refuses a sixth code within an hour', () => {
    const five = [0, 60, 120, 180, 240].map((s) => issued(s));
    const e = refusal(five, issue(600));
    expect(e).toMatchObject({ code: IdentityErrorCodes.SMS_RATE_LIMITED, details: { retryAfterSeconds: 3000 } });
  });

  it('issues again once the oldest of the last five is an hour old, and counts the window as it slides', () => {
    const five = [0, 3000, 3060, 3120, 3180].map((s) => issued(s));
    expect(refusal(five, issue(3599)).code).toBe(IdentityErrorCodes.SMS_RATE_LIMITED);
    expect(givenWhenThen(smsCodeDecider, five, issue(3600))).toEqual([issued(3600)]);
    // The next one is counted against the five after the oldest: 3000..3600 are within the hour.
    const six = [...five, issued(3600)];
    expect(refusal(six, issue(3660))).toMatchObject({ code: IdentityErrorCodes.SMS_RATE_LIMITED, details: { retryAfterSeconds: 2940 } });
    expect(givenWhenThen(smsCodeDecider, six, issue(6600))).toHaveLength(1);
  });

  it('a new code revives a code killed by wrong attempts', () => {
    const dead = [issued(0), ...[1, 2, 3, 4, 5].map((n) => rejected(n, n))];
    expect(givenWhenThen(smsCodeDecider, dead, issue(60, 'hash-2'))).toEqual([issued(60, 'hash-2')]);
    expect(givenWhenThen(smsCodeDecider, [...dead, issued(60, 'hash-2')], consume(70, 'hash-2'))[0].type).toBe('SmsCodeConsumed');
  });
});

describe('sms code decider: ConsumeSmsCode', () => {
  it('consumes the right code before it expires', () => {
    expect(givenWhenThen(smsCodeDecider, [issued(0)], consume(299))).toEqual([{ type: 'SmsCodeConsumed', data: { consumedAt: at(299) } }]);
  });

  it('refuses when no code was ever issued', () => {
    expect(refusal([], consume(10))).toMatchObject({ code: IdentityErrorCodes.SMS_CODE_INVALID, kind: 'validation' });
  });

  it('refuses an expired code (at and after the expiry)', () => {
    expect(refusal([issued(0)], consume(300))).toMatchObject({ code: IdentityErrorCodes.SMS_CODE_EXPIRED, kind: 'validation' });
    expect(refusal([issued(0)], consume(3000, 'wrong')).code).toBe(IdentityErrorCodes.SMS_CODE_EXPIRED);
  });

  it('refuses a code used before (single use)', () => {
    expect(refusal([issued(0), { type: 'SmsCodeConsumed', data: { consumedAt: at(10) } }], consume(20))).toMatchObject({
      code: IdentityErrorCodes.SMS_CODE_USED,
      kind: 'validation',
    });
  });

  it('records a wrong code as a rejection, counting the attempts', () => {
    expect(givenWhenThen(smsCodeDecider, [issued(0)], consume(10, 'wrong'))).toEqual([rejected(1, 10)]);
    expect(givenWhenThen(smsCodeDecider, [issued(0), rejected(1, 10)], consume(20, 'wrong'))).toEqual([rejected(2, 20)]);
  });

  it('the right code still works after fewer than 5 wrong attempts', () => {
    const four = [issued(0), ...[1, 2, 3, 4].map((n) => rejected(n, n))];
    expect(givenWhenThen(smsCodeDecider, four, consume(10))[0].type).toBe('SmsCodeConsumed');
  });

  it('after 5 wrong attempts the code is dead, even the right one', () => {
    const five = [issued(0), ...[1, 2, 3, 4, 5].map((n) => rejected(n, n))];
    expect(fold(smsCodeDecider, five).status).toBe('dead');
    expect(refusal(five, consume(10))).toMatchObject({ code: IdentityErrorCodes.SMS_CODE_ATTEMPTS_EXCEEDED, kind: 'validation' });
  });

  it('names streams by mobile key and purpose', () => {
    expect(smsStreamId('k3y', 'register')).toBe('identity.sms-k3y-register');
  });
});
