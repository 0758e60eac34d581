import { DomainError, givenWhenThen, transitionError } from '@credit-bank/kernel';
import { IdentityErrorCodes } from '../identity-errors';
import { accountDecider, AccountCommand, accountTransitions, EraseAccount, erasureOf } from './account.decider';
import { AccountErased, AccountEvent, AccountRegistered, AdministratorRegistered, InstitutionRegistered } from './account.events';

/** 注销: a learner erases their account, or the administrator does on a recorded request. */

const NOW = '2025-03-01T08:00:00.000Z';
const LATER = '2025-03-02T09:30:00.000Z';
const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g';

const registered: AccountRegistered = {
  type: 'AccountRegistered',
  data: {
    accountId: 'a-1',
    username: 'li_si_2024',
    passwordHash: HASH,
    realName: '李四',
    nationality: '中国',
    nationalityCode: 'CN',
    ethnicity: '汉族',
    ethnicityCode: '01',
    gender: 'female',
    idType: 'resident-id-card',
    idNumber: '11010519491231002X',
    birthDate: '1949-12-31',
    email: 'li.si@example.com',
    address: { province: '广东省', provinceCode: '440000', city: '广州市', cityCode: '440100', district: '天河区', districtCode: '440106', detail: '中山大道西 55 号' },
    mobile: '13912345678',
    registeredAt: NOW,
  },
};
const institutionRegistered: InstitutionRegistered = {
  type: 'InstitutionRegistered',
  data: {
    accountId: 'i-1',
    username: 'gd_exam_centre',
    passwordHash: HASH,
    name: '广东省考试中心',
    unifiedSocialCreditCode: '91440101MA59TQR7XH',
    contactName: '王五',
    email: 'contact@exam.example.cn',
    mobile: '13800138000',
    status: 'pending-approval',
    registeredAt: NOW,
  },
};
const adminRegistered: AdministratorRegistered = { type: 'AdministratorRegistered', data: { accountId: 'adm-1', username: 'chief_admin', passwordHash: HASH, registeredAt: NOW } };

const bySelf: EraseAccount = { type: 'EraseAccount', accountId: 'a-1', requestedBy: 'self', erasedBy: 'a-1', erasorRole: 'learner', passwordMatches: true, now: LATER };
const byAdmin: EraseAccount = { type: 'EraseAccount', accountId: 'a-1', requestedBy: 'administrator', erasedBy: 'adm-1', erasorRole: 'admin', reason: ' 来函 2025-017 ', now: LATER };
const erasedBySelf: AccountErased = { type: 'AccountErased', data: { accountId: 'a-1', requestedBy: 'self', erasedBy: 'a-1', reason: null, erasedAt: LATER } };

function thenRefuses(given: AccountEvent[], when: AccountCommand): DomainError {
  try {
    givenWhenThen(accountDecider, given, when);
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

const stateAfter = (events: AccountEvent[]) => events.reduce(accountDecider.evolve, accountDecider.initialState);

describe('account decider: EraseAccount by the learner', () => {
  it('erases with the password checked, naming no personal data', () => {
    const events = givenWhenThen(accountDecider, [registered], bySelf);
    expect(events).toEqual([erasedBySelf]);
    expect(JSON.stringify(events)).not.toMatch(/李四|13912345678|li\.si|11010519491231002X/);
  });

  it('refuses a wrong password (400, field password)', () => {
    const e = thenRefuses([registered], { ...bySelf, passwordMatches: false });
    expect(e).toMatchObject({ code: IdentityErrorCodes.CURRENT_PASSWORD_INCORRECT, kind: 'validation' });
    expect(e.errors?.map((f) => f.field)).toEqual(['password']);
  });

  it('refuses an institution account and the administrator (403 IDENTITY.ERASURE_NOT_APPLICABLE)', () => {
    expect(thenRefuses([institutionRegistered], { ...bySelf, accountId: 'i-1', erasedBy: 'i-1', erasorRole: 'institution' })).toMatchObject({
      code: IdentityErrorCodes.ERASURE_NOT_APPLICABLE,
      kind: 'forbidden',
    });
    expect(thenRefuses([adminRegistered], { ...bySelf, accountId: 'adm-1', erasedBy: 'adm-1', erasorRole: 'admin' })).toMatchObject({ code: IdentityErrorCodes.ERASURE_NOT_APPLICABLE });
  });

  it('finds no account once erased (404), nor an unknown one', () => {
    expect(thenRefuses([registered, erasedBySelf], bySelf)).toMatchObject({ code: IdentityErrorCodes.ACCOUNT_NOT_FOUND, kind: 'not_found' });
    expect(thenRefuses([], bySelf)).toMatchObject({ code: IdentityErrorCodes.ACCOUNT_NOT_FOUND });
  });

  it('erases only the caller`s own account (a programming error otherwise)', () => {
    expect(() => givenWhenThen(accountDecider, [registered], { ...bySelf, erasedBy: 'a-2' })).toThrow(/own account/);
  });
});

describe('account decider: EraseAccount by the administrator', () => {
  it('records who, when and the reason (trimmed)', () => {
    expect(givenWhenThen(accountDecider, [registered], byAdmin)).toEqual([
      { type: 'AccountErased', data: { accountId: 'a-1', requestedBy: 'administrator', erasedBy: 'adm-1', reason: '来函 2025-017', erasedAt: LATER } },
    ]);
  });

  it('needs a reason of 1 to 500 characters', () => {
    for (const reason of [undefined, '  ', 'x'.repeat(501)]) {
      expect(thenRefuses([registered], { ...byAdmin, reason })).toMatchObject({ code: IdentityErrorCodes.ERASURE_REASON_INVALID, kind: 'validation' });
    }
  });

  it('is the administrator`s only (403)', () => {
    expect(thenRefuses([registered], { ...byAdmin, erasedBy: 'i-1', erasorRole: 'institution' })).toMatchObject({ code: IdentityErrorCodes.ADMINISTRATOR_REQUIRED, kind: 'forbidden' });
  });

  it('erases no institution account (403) and no unknown account (404)', () => {
    expect(thenRefuses([institutionRegistered], { ...byAdmin, accountId: 'i-1' })).toMatchObject({ code: IdentityErrorCodes.ERASURE_NOT_APPLICABLE });
    expect(thenRefuses([], byAdmin)).toMatchObject({ code: IdentityErrorCodes.ACCOUNT_NOT_FOUND });
  });

  it('decides nothing for an account already erased (the handler answers the first erasure)', () => {
    expect(givenWhenThen(accountDecider, [registered, erasedBySelf], byAdmin)).toEqual([]);
    expect(erasureOf(stateAfter([registered, erasedBySelf]), 'administrator', 'admin')).toEqual({ status: 'erased' });
  });
});

describe('an erased account', () => {
  it('keeps the erasure and refuses every other command as a missing account', () => {
    const state = stateAfter([registered, erasedBySelf]);
    expect(state).toMatchObject({ status: 'erased', erasure: erasedBySelf.data });
    expect(thenRefuses([registered, erasedBySelf], { type: 'ResetPassword', accountId: 'a-1', newPasswordHash: HASH, now: LATER })).toMatchObject({
      code: IdentityErrorCodes.ACCOUNT_NOT_FOUND,
    });
    expect(thenRefuses([registered, erasedBySelf], { type: 'SignOut', accountId: 'a-1', sessionId: 's-1', tokenExpiresAt: LATER, now: LATER })).toMatchObject({
      code: IdentityErrorCodes.ACCOUNT_NOT_FOUND,
    });
  });

  it('follows only an active account (for audits), and nothing follows it', () => {
    expect(transitionError(accountTransitions, stateAfter([registered]), erasedBySelf)).toBeUndefined();
    expect(transitionError(accountTransitions, accountDecider.initialState, erasedBySelf)).toMatch(/cannot follow status 'unregistered'/);
    const signedOut: AccountEvent = { type: 'SignedOut', data: { accountId: 'a-1', sessionId: 's-1', tokenExpiresAt: LATER, signedOutAt: LATER } };
    expect(transitionError(accountTransitions, stateAfter([registered, erasedBySelf]), signedOut)).toMatch(/cannot follow status 'erased'/);
  });
});
