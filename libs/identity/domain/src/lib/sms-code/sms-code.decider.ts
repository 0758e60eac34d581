import { assertNever, Decider, DomainError, TransitionRules } from '@credit-bank/kernel';
import { IdentityErrorCodes } from '../identity-errors';
import { isMainlandMobile } from '../value-objects/personal-data';

/**
 * SMS verification codes, one stream per mobile and purpose:
 * `identity.sms-<keyed pseudonym of the mobile>-<purpose>`. Only a keyed hash of a code (an HMAC
 * bound to its stream, see `Pseudonyms`) is stored; the handler makes the code and its hash, the
 * decider compares hashes. A code lives `ttlSeconds`
 * (5 minutes by default), is single-use and dies after 5 wrong attempts. A new code replaces the
 * pending one, but not sooner than 60 s after the previous one and not more than 5 in an hour.
 */
export const SMS_PURPOSES = ['register', 'reset-password', 'login', 'change-mobile', 'erase-account'] as const;
export type SmsCodePurpose = (typeof SMS_PURPOSES)[number];

export const SMS_CODE_DEFAULT_TTL_SECONDS = 300;
export const SMS_RESEND_INTERVAL_SECONDS = 60;
export const SMS_MAX_PER_HOUR = 5;
export const SMS_MAX_WRONG_ATTEMPTS = 5;

export interface IssueSmsCode {
  type: 'IssueSmsCode';
  mobile: string;
  purpose: SmsCodePurpose;
  codeHash: string;
  ttlSeconds: number;
  now: string;
}

export interface ConsumeSmsCode {
  type: 'ConsumeSmsCode';
  codeHash: string;
  now: string;
}

export type SmsCodeCommand = IssueSmsCode | ConsumeSmsCode;

export type SmsCodeEvent =
  | { type: 'SmsCodeIssued'; data: { purpose: SmsCodePurpose; codeHash: string; issuedAt: string; expiresAt: string } }
  | { type: 'SmsCodeConsumed'; data: { consumedAt: string } }
  | { type: 'SmsCodeRejected'; data: { attempts: number; rejectedAt: string } };

interface History {
  /** Times of the latest issues (at most SMS_MAX_PER_HOUR), oldest first: enough for the limits. */
  recentIssues: string[];
}

export type SmsCodeState =
  | ({ status: 'none' } & History)
  | ({ status: 'pending'; codeHash: string; expiresAt: string; wrongAttempts: number } & History)
  | ({ status: 'consumed' } & History)
  | ({ status: 'dead' } & History);

function evolve(state: SmsCodeState, event: SmsCodeEvent): SmsCodeState {
  switch (event.type) {
    case 'SmsCodeIssued':
      return {
        status: 'pending',
        codeHash: event.data.codeHash,
        expiresAt: event.data.expiresAt,
        wrongAttempts: 0,
        recentIssues: [...state.recentIssues, event.data.issuedAt].slice(-SMS_MAX_PER_HOUR),
      };
    case 'SmsCodeConsumed':
      return { status: 'consumed', recentIssues: state.recentIssues };
    case 'SmsCodeRejected':
      if (state.status !== 'pending') return state;
      return event.data.attempts >= SMS_MAX_WRONG_ATTEMPTS
        ? { status: 'dead', recentIssues: state.recentIssues }
        : { ...state, wrongAttempts: event.data.attempts };
    default:
      return assertNever(event, 'sms code event');
  }
}

const seconds = (from: string, to: string): number => (Date.parse(to) - Date.parse(from)) / 1000;

function rateLimited(retryAfterSeconds: number, message: string): DomainError {
  return new DomainError(IdentityErrorCodes.SMS_RATE_LIMITED, 'rate_limited', message, { retryAfterSeconds: Math.max(1, Math.ceil(retryAfterSeconds)) });
}

export const smsCodeInvalid = (): DomainError => new DomainError(IdentityErrorCodes.SMS_CODE_INVALID, 'validation', 'The SMS verification code is not correct.');

function issue(command: IssueSmsCode, state: SmsCodeState): SmsCodeEvent[] {
  if (!isMainlandMobile(command.mobile)) throw new DomainError(IdentityErrorCodes.MOBILE_INVALID, 'validation', 'A mainland mobile number of 11 digits is required.');
  const issues = state.recentIssues;
  const last = issues[issues.length - 1];
  if (last !== undefined && seconds(last, command.now) < SMS_RESEND_INTERVAL_SECONDS) {
    throw rateLimited(SMS_RESEND_INTERVAL_SECONDS - seconds(last, command.now), `A new code can be requested ${SMS_RESEND_INTERVAL_SECONDS} seconds after the previous one.`);
  }
  if (issues.length >= SMS_MAX_PER_HOUR && seconds(issues[issues.length - SMS_MAX_PER_HOUR], command.now) < 3600) {
    throw rateLimited(3600 - seconds(issues[issues.length - SMS_MAX_PER_HOUR], command.now), `At most ${SMS_MAX_PER_HOUR} codes an hour are sent to one mobile number.`);
  }
  const expiresAt = new Date(Date.parse(command.now) + command.ttlSeconds * 1000).toISOString();
  return [{ type: 'SmsCodeIssued', data: { purpose: command.purpose, codeHash: command.codeHash, issuedAt: command.now, expiresAt } }];
}

function consume(command: ConsumeSmsCode, state: SmsCodeState): SmsCodeEvent[] {
  switch (state.status) {
    case 'none':
      throw smsCodeInvalid();
    case 'consumed':
      throw new DomainError(IdentityErrorCodes.SMS_CODE_USED, 'validation', 'This SMS verification code was already used; request a new one.');
    case 'dead':
      throw new DomainError(IdentityErrorCodes.SMS_CODE_ATTEMPTS_EXCEEDED, 'validation', 'Too many wrong codes were entered; request a new one.');
    case 'pending':
      if (Date.parse(command.now) >= Date.parse(state.expiresAt)) {
        throw new DomainError(IdentityErrorCodes.SMS_CODE_EXPIRED, 'validation', 'The SMS verification code has expired; request a new one.');
      }
      if (command.codeHash !== state.codeHash) {
        // Recorded, not thrown: the handler appends it, then answers SMS_CODE_INVALID.
        return [{ type: 'SmsCodeRejected', data: { attempts: state.wrongAttempts + 1, rejectedAt: command.now } }];
      }
      return [{ type: 'SmsCodeConsumed', data: { consumedAt: command.now } }];
    default:
      return assertNever(state, 'sms code state');
  }
}

function decide(command: SmsCodeCommand, state: SmsCodeState): SmsCodeEvent[] {
  switch (command.type) {
    case 'IssueSmsCode':
      return issue(command, state);
    case 'ConsumeSmsCode':
      return consume(command, state);
    default:
      return assertNever(command, 'sms code command');
  }
}

export const smsCodeDecider: Decider<SmsCodeCommand, SmsCodeEvent, SmsCodeState> = {
  initialState: { status: 'none', recentIssues: [] },
  evolve,
  decide,
};

export const SMS_STREAM_PREFIX = 'identity.sms-';
/** `mobileKey` is a keyed HMAC of the mobile number (`Pseudonyms.keyOf('mobile', mobile)`): no personal data in names. */
export const smsStreamId = (mobileKey: string, purpose: SmsCodePurpose): string => `${SMS_STREAM_PREFIX}${mobileKey}-${purpose}`;

/** For audits: the statuses each event may follow (what `decide` can emit from them). */
export const smsCodeTransitions: TransitionRules<SmsCodeEvent> = { SmsCodeIssued: ['none', 'pending', 'consumed', 'dead'], SmsCodeConsumed: ['pending'], SmsCodeRejected: ['pending'] };
