import { DomainError, givenWhenThen, transitionError } from '@credit-bank/kernel';
import { IdentityErrorCodes, IdentityFieldCodes as F } from '../identity-errors';
import { accountDecider, AccountCommand, accountTransitions, ChangeMobile, EditProfile, ResetPassword, SignOut } from './account.decider';
import { AccountEvent, AccountRegistered, AdministratorRegistered, InstitutionRegistered } from './account.events';

/** The account's whole life after registration: sign-out, password reset, mobile, email, address. */

const NOW = '2025-03-01T08:00:00.000Z';
const LATER = '2025-03-02T09:30:00.000Z';
const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g';
const NEW_HASH = '$argon2id$v=19$m=19456,t=2,p=1$bmV3c2FsdA$bmV3aGFzaA';
/** The form sends GB/T 2260 codes; the events keep each code with its name. */
const ADDRESS = { province: '440000', city: '440100', district: '440106', detail: '中山大道西 55 号' };
const REGISTERED_ADDRESS = { province: '广东省', provinceCode: '440000', city: '广州市', cityCode: '440100', district: '天河区', districtCode: '440106', detail: '中山大道西 55 号' };

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
    address: REGISTERED_ADDRESS,
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

const signOut: SignOut = { type: 'SignOut', accountId: 'a-1', sessionId: 's-1', tokenExpiresAt: '2025-03-02T10:30:00.000Z', now: LATER };
const resetPassword: ResetPassword = { type: 'ResetPassword', accountId: 'a-1', newPasswordHash: NEW_HASH, now: LATER };
const changeMobile: ChangeMobile = { type: 'ChangeMobile', accountId: 'a-1', newMobile: '13700001111', now: LATER };
const editProfile = (change: Partial<EditProfile>): EditProfile => ({ type: 'EditProfile', accountId: 'a-1', now: LATER, ...change });

const mobileChanged: AccountEvent = { type: 'MobileChanged', data: { accountId: 'a-1', mobile: '13700001111', previousMobile: '13912345678', changedAt: LATER } };
const emailChanged: AccountEvent = { type: 'EmailChanged', data: { accountId: 'a-1', email: 'li.si@new.example.cn', previousEmail: 'li.si@example.com', changedAt: LATER } };

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
const codesOf = (e: DomainError) => (e.errors ?? []).map((f) => `${f.field}:${f.code}`);

describe('account decider: SignOut (安全退出)', () => {
  it('closes the session of one token, keeping its expiry', () => {
    expect(givenWhenThen(accountDecider, [registered], signOut)).toEqual([
      { type: 'SignedOut', data: { accountId: 'a-1', sessionId: 's-1', tokenExpiresAt: '2025-03-02T10:30:00.000Z', signedOutAt: LATER } },
    ]);
  });

  it('signs out an institution pending approval and the administrator too', () => {
    expect(givenWhenThen(accountDecider, [institutionRegistered], { ...signOut, accountId: 'i-1' })).toHaveLength(1);
    expect(givenWhenThen(accountDecider, [adminRegistered], { ...signOut, accountId: 'adm-1' })).toHaveLength(1);
  });

  it('leaves the decision state as it was', () => {
    const [signedOut] = givenWhenThen(accountDecider, [registered], signOut);
    expect(stateAfter([registered, signedOut])).toEqual(stateAfter([registered]));
  });

  it('refuses an unknown account (404)', () => {
    expect(thenRefuses([], signOut)).toMatchObject({ code: IdentityErrorCodes.ACCOUNT_NOT_FOUND, kind: 'not_found' });
  });

  it('needs a session id and an expiry (a programming error otherwise, not a refusal)', () => {
    expect(() => givenWhenThen(accountDecider, [registered], { ...signOut, sessionId: '' })).toThrow(/session id/);
    expect(() => givenWhenThen(accountDecider, [registered], { ...signOut, tokenExpiresAt: 'soon' })).toThrow(/session id/);
  });
});

describe('account decider: ResetPassword (忘记密码)', () => {
  it('sets the new hash without the current password', () => {
    expect(givenWhenThen(accountDecider, [registered], resetPassword)).toEqual([{ type: 'PasswordReset', data: { accountId: 'a-1', passwordHash: NEW_HASH, resetAt: LATER } }]);
    expect(stateAfter([registered, ...givenWhenThen(accountDecider, [registered], resetPassword)])).toMatchObject({ passwordHash: NEW_HASH });
  });

  it('resets the password of an institution whatever its status', () => {
    expect(givenWhenThen(accountDecider, [institutionRegistered], { ...resetPassword, accountId: 'i-1' })).toHaveLength(1);
  });

  it('refuses an unknown account (404) and needs an argon2 hash', () => {
    expect(thenRefuses([], resetPassword)).toMatchObject({ code: IdentityErrorCodes.ACCOUNT_NOT_FOUND });
    expect(() => givenWhenThen(accountDecider, [registered], { ...resetPassword, newPasswordHash: 'N3w-Password' })).toThrow(/hash/);
  });
});

describe('account decider: ChangeMobile', () => {
  it('changes the number, naming the one it replaces', () => {
    expect(givenWhenThen(accountDecider, [registered], changeMobile)).toEqual([mobileChanged]);
    expect(stateAfter([registered, mobileChanged])).toMatchObject({ mobile: '13700001111' });
  });

  it('trims the new number and changes an institution`s too', () => {
    expect(givenWhenThen(accountDecider, [registered], { ...changeMobile, newMobile: ' 13700001111 ' })).toEqual([mobileChanged]);
    expect(givenWhenThen(accountDecider, [institutionRegistered], { ...changeMobile, accountId: 'i-1' })).toEqual([
      { type: 'MobileChanged', data: { accountId: 'i-1', mobile: '13700001111', previousMobile: '13800138000', changedAt: LATER } },
    ]);
  });

  it('refuses a number that is not a mainland mobile', () => {
    const e = thenRefuses([registered], { ...changeMobile, newMobile: '12700001111' });
    expect(e).toMatchObject({ code: IdentityErrorCodes.MOBILE_INVALID, kind: 'validation' });
    expect(codesOf(e)).toEqual([`newMobile:${F.MOBILE_FORMAT}`]);
  });

  it('refuses the current number, also after an earlier change', () => {
    expect(thenRefuses([registered], { ...changeMobile, newMobile: '13912345678' })).toMatchObject({ code: IdentityErrorCodes.MOBILE_UNCHANGED, kind: 'validation' });
    expect(thenRefuses([registered, mobileChanged], changeMobile)).toMatchObject({ code: IdentityErrorCodes.MOBILE_UNCHANGED });
    expect(givenWhenThen(accountDecider, [registered, mobileChanged], { ...changeMobile, newMobile: '13912345678' })).toEqual([
      { type: 'MobileChanged', data: { accountId: 'a-1', mobile: '13912345678', previousMobile: '13700001111', changedAt: LATER } },
    ]);
  });

  it('refuses an unknown account (404) and the administrator, who has no mobile (403)', () => {
    expect(thenRefuses([], changeMobile)).toMatchObject({ code: IdentityErrorCodes.ACCOUNT_NOT_FOUND });
    expect(thenRefuses([adminRegistered], { ...changeMobile, accountId: 'adm-1' })).toMatchObject({ code: IdentityErrorCodes.PROFILE_NOT_EDITABLE, kind: 'forbidden' });
  });
});

describe('account decider: EditProfile', () => {
  it('changes the email (normalized), naming the one it replaces', () => {
    expect(givenWhenThen(accountDecider, [registered], editProfile({ email: ' Li.Si@New.Example.CN ' }))).toEqual([emailChanged]);
    expect(stateAfter([registered, emailChanged])).toMatchObject({ email: 'li.si@new.example.cn' });
  });

  it('changes the address (trimmed) as a whole', () => {
    const address = { province: '440000', city: '440300', district: ' 440305 ', detail: '科技园 1 号' };
    const [event] = givenWhenThen(accountDecider, [registered], editProfile({ address }));
    const changed = { province: '广东省', provinceCode: '440000', city: '深圳市', cityCode: '440300', district: '南山区', districtCode: '440305', detail: '科技园 1 号' };
    expect(event).toEqual({ type: 'AddressChanged', data: { accountId: 'a-1', address: changed, changedAt: LATER } });
    expect(stateAfter([registered, event])).toMatchObject({ address: { city: '深圳市' } });
  });

  it('changes both at once, and nothing when nothing differs', () => {
    const address = { ...ADDRESS, detail: '中山大道西 57 号' };
    expect(givenWhenThen(accountDecider, [registered], editProfile({ email: 'li.si@new.example.cn', address })).map((e) => e.type)).toEqual(['EmailChanged', 'AddressChanged']);
    expect(givenWhenThen(accountDecider, [registered], editProfile({ email: 'LI.SI@example.com', address: ADDRESS }))).toEqual([]);
    expect(givenWhenThen(accountDecider, [registered], editProfile({}))).toEqual([]);
  });

  it('changes an institution`s email', () => {
    expect(givenWhenThen(accountDecider, [institutionRegistered], editProfile({ accountId: 'i-1', email: 'office@exam.example.cn' }))).toEqual([
      { type: 'EmailChanged', data: { accountId: 'i-1', email: 'office@exam.example.cn', previousEmail: 'contact@exam.example.cn', changedAt: LATER } },
    ]);
  });

  it('refuses every bad field at once (400 IDENTITY.PROFILE_INVALID)', () => {
    const e = thenRefuses([registered], editProfile({ email: 'not-an-email', address: { ...ADDRESS, city: ' ', detail: 'x'.repeat(201) } }));
    expect(e).toMatchObject({ code: IdentityErrorCodes.PROFILE_INVALID, kind: 'validation' });
    expect(codesOf(e)).toEqual([`email:${F.EMAIL_FORMAT}`, `address.city:${F.REQUIRED}`, `address.detail:${F.TOO_LONG}`]);
    const elsewhere = thenRefuses([registered], editProfile({ address: { ...ADDRESS, district: '440305' } }));
    expect(codesOf(elsewhere)).toEqual([`address.district:${F.REGION_MISMATCH}`]);
  });

  it('refuses an address for an institution, which has none', () => {
    const e = thenRefuses([institutionRegistered], editProfile({ accountId: 'i-1', address: ADDRESS }));
    expect(e).toMatchObject({ code: IdentityErrorCodes.PROFILE_INVALID });
    expect(codesOf(e)).toEqual([`address:${F.NOT_APPLICABLE}`]);
  });

  it('refuses an unknown account (404) and the administrator (403)', () => {
    expect(thenRefuses([], editProfile({ email: 'x@example.com' }))).toMatchObject({ code: IdentityErrorCodes.ACCOUNT_NOT_FOUND });
    expect(thenRefuses([adminRegistered], editProfile({ accountId: 'adm-1', email: 'x@example.com' }))).toMatchObject({ code: IdentityErrorCodes.PROFILE_NOT_EDITABLE });
  });
});

describe('account transitions of the account`s life (for audits)', () => {
  const life: AccountEvent[] = [
    { type: 'SignedOut', data: { accountId: 'i-1', sessionId: 's-1', tokenExpiresAt: LATER, signedOutAt: NOW } },
    { type: 'PasswordReset', data: { accountId: 'i-1', passwordHash: NEW_HASH, resetAt: NOW } },
    { type: 'MobileChanged', data: { accountId: 'i-1', mobile: '13700001111', previousMobile: '13800138000', changedAt: NOW } },
    { type: 'EmailChanged', data: { accountId: 'i-1', email: 'office@exam.example.cn', previousEmail: 'contact@exam.example.cn', changedAt: NOW } },
    { type: 'AddressChanged', data: { accountId: 'i-1', address: REGISTERED_ADDRESS, changedAt: NOW } },
  ];

  it('accept each event after registration, whatever the status', () => {
    for (const status of [[institutionRegistered], [institutionRegistered, { type: 'InstitutionApproved', data: { accountId: 'i-1', institutionName: 'x', approvedBy: 'adm-1', approvedAt: NOW } }]] as AccountEvent[][]) {
      let state = stateAfter(status);
      for (const event of life) {
        expect(transitionError(accountTransitions, state, event)).toBeUndefined();
        state = accountDecider.evolve(state, event);
      }
    }
  });

  it('refuse each of them as the first event of a stream', () => {
    for (const event of life) expect(transitionError(accountTransitions, accountDecider.initialState, event)).toMatch(/cannot follow status 'unregistered'/);
  });
});
