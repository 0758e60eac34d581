import { DomainError, givenWhenThen, transitionError } from '@credit-bank/kernel';
import { IdentityErrorCodes, IdentityFieldCodes as F } from '../identity-errors';
import { accountDecider, AccountCommand, accountTransitions, ApproveInstitution, RegisterAdministrator, RejectInstitution, roleOf } from './account.decider';
import { AccountEvent, AdministratorRegistered, InstitutionApproved, InstitutionRegistered, InstitutionRejected } from './account.events';

const NOW = '2025-03-01T08:00:00.000Z';
const LATER = '2025-03-02T09:30:00.000Z';
const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g';

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

const individualRegistered: AccountEvent = {
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

const registerAdmin: RegisterAdministrator = { type: 'RegisterAdministrator', accountId: 'adm-1', username: 'chief_admin', passwordHash: HASH, now: NOW };
const adminRegistered: AdministratorRegistered = { type: 'AdministratorRegistered', data: { accountId: 'adm-1', username: 'chief_admin', passwordHash: HASH, registeredAt: NOW } };

const approve: ApproveInstitution = { type: 'ApproveInstitution', accountId: 'i-1', decidedBy: 'adm-1', deciderRole: 'admin', now: LATER };
const reject: RejectInstitution = { type: 'RejectInstitution', accountId: 'i-1', reason: '  营业执照已过期  ', decidedBy: 'adm-1', deciderRole: 'admin', now: LATER };

const approved: InstitutionApproved = { type: 'InstitutionApproved', data: { accountId: 'i-1', institutionName: '广东省考试中心', approvedBy: 'adm-1', approvedAt: LATER } };
const rejected: InstitutionRejected = {
  type: 'InstitutionRejected',
  data: { accountId: 'i-1', institutionName: '广东省考试中心', reason: '营业执照已过期', rejectedBy: 'adm-1', rejectedAt: LATER },
};

function refusal(given: AccountEvent[], when: AccountCommand): DomainError {
  try {
    givenWhenThen(accountDecider, given, when);
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

const stateAfter = (events: AccountEvent[]) => events.reduce(accountDecider.evolve, accountDecider.initialState);

describe('account decider: RegisterAdministrator', () => {
  it('registers the administrator with the hash, never a password', () => {
    expect(givenWhenThen(accountDecider, [], registerAdmin)).toEqual([adminRegistered]);
  });

  it('the administrator is active and has the admin role', () => {
    const state = stateAfter([adminRegistered]);
    expect(state).toMatchObject({ status: 'active', accountType: 'administrator' });
    expect(roleOf('administrator')).toBe('admin');
  });

  it('trims the username', () => {
    const [event] = givenWhenThen(accountDecider, [], { ...registerAdmin, username: '  chief_admin ' });
    expect((event as AdministratorRegistered).data.username).toBe('chief_admin');
  });

  it('refuses to register the administrator twice (a restart finds it already there)', () => {
    expect(refusal([adminRegistered], registerAdmin)).toMatchObject({ code: IdentityErrorCodes.ACCOUNT_ALREADY_REGISTERED, kind: 'conflict' });
  });

  it.each([
    ['too short', 'adm'],
    ['all digits', '12345678'],
    ['with @', 'admin@example.cn'],
  ])('refuses a username %s', (_name, username) => {
    const e = refusal([], { ...registerAdmin, username });
    expect(e).toMatchObject({ code: IdentityErrorCodes.REGISTRATION_INVALID, kind: 'validation' });
    expect(e.errors?.map((f) => `${f.field}:${f.code}`)).toEqual([`username:${F.USERNAME_FORMAT}`]);
  });

  it('needs an argon2 hash', () => {
    expect(() => givenWhenThen(accountDecider, [], { ...registerAdmin, passwordHash: 'Passw0rd-2024' })).toThrow(/argon2/);
  });
});

describe('account decider: ApproveInstitution (机构审核)', () => {
  it('approves a pending institution, naming it and the administrator', () => {
    expect(givenWhenThen(accountDecider, [institutionRegistered], approve)).toEqual([approved]);
  });

  it('an approved institution is active, keeps its name and may still change its password', () => {
    expect(stateAfter([institutionRegistered, approved])).toMatchObject({ status: 'active', accountType: 'institution', name: '广东省考试中心' });
  });

  it('refuses a caller who is not an administrator (403), before anything else', () => {
    for (const deciderRole of ['learner', 'institution', '']) {
      expect(refusal([institutionRegistered], { ...approve, deciderRole })).toMatchObject({ code: IdentityErrorCodes.ADMINISTRATOR_REQUIRED, kind: 'forbidden' });
      expect(refusal([], { ...approve, deciderRole })).toMatchObject({ code: IdentityErrorCodes.ADMINISTRATOR_REQUIRED, kind: 'forbidden' });
    }
  });

  it('refuses an unknown account and an account that is not an institution (404)', () => {
    expect(refusal([], approve)).toMatchObject({ code: IdentityErrorCodes.INSTITUTION_NOT_FOUND, kind: 'not_found' });
    expect(refusal([individualRegistered], { ...approve, accountId: 'a-1' })).toMatchObject({ code: IdentityErrorCodes.INSTITUTION_NOT_FOUND, kind: 'not_found' });
    expect(refusal([adminRegistered], { ...approve, accountId: 'adm-1' })).toMatchObject({ code: IdentityErrorCodes.INSTITUTION_NOT_FOUND, kind: 'not_found' });
  });

  it('refuses to approve twice, or to approve a rejected institution (409)', () => {
    expect(refusal([institutionRegistered, approved], approve)).toMatchObject({
      code: IdentityErrorCodes.INSTITUTION_NOT_PENDING,
      kind: 'conflict',
      details: { status: 'active' },
    });
    expect(refusal([institutionRegistered, rejected], approve)).toMatchObject({
      code: IdentityErrorCodes.INSTITUTION_NOT_PENDING,
      kind: 'conflict',
      details: { status: 'rejected' },
    });
  });
});

describe('account decider: RejectInstitution (机构审核)', () => {
  it('rejects a pending institution with the trimmed reason', () => {
    expect(givenWhenThen(accountDecider, [institutionRegistered], reject)).toEqual([rejected]);
    expect(stateAfter([institutionRegistered, rejected])).toMatchObject({ status: 'rejected', accountType: 'institution' });
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['too long', '因'.repeat(501)],
  ])('refuses an %s reason (400)', (_name, reason) => {
    const e = refusal([institutionRegistered], { ...reject, reason });
    expect(e).toMatchObject({ code: IdentityErrorCodes.REJECTION_REASON_INVALID, kind: 'validation' });
    expect(e.errors?.[0].field).toBe('reason');
  });

  it('accepts a reason of exactly 500 characters', () => {
    expect(givenWhenThen(accountDecider, [institutionRegistered], { ...reject, reason: '因'.repeat(500) })).toHaveLength(1);
  });

  it('refuses a caller who is not an administrator (403)', () => {
    expect(refusal([institutionRegistered], { ...reject, deciderRole: 'institution' })).toMatchObject({ code: IdentityErrorCodes.ADMINISTRATOR_REQUIRED, kind: 'forbidden' });
  });

  it('refuses an account that is not an institution (404)', () => {
    expect(refusal([individualRegistered], { ...reject, accountId: 'a-1' })).toMatchObject({ code: IdentityErrorCodes.INSTITUTION_NOT_FOUND });
    expect(refusal([], reject)).toMatchObject({ code: IdentityErrorCodes.INSTITUTION_NOT_FOUND });
  });

  it('refuses to reject a decided institution (409)', () => {
    expect(refusal([institutionRegistered, rejected], reject)).toMatchObject({ code: IdentityErrorCodes.INSTITUTION_NOT_PENDING, kind: 'conflict' });
    expect(refusal([institutionRegistered, approved], reject)).toMatchObject({ code: IdentityErrorCodes.INSTITUTION_NOT_PENDING, kind: 'conflict' });
  });

  it('a rejected institution may still change its password', () => {
    const change: AccountCommand = {
      type: 'ChangePassword',
      accountId: 'i-1',
      currentPasswordMatches: true,
      newPasswordSameAsCurrent: false,
      newPasswordHash: '$argon2id$v=19$m=19456,t=2,p=1$bmV3$bmV3',
      now: LATER,
    };
    expect(givenWhenThen(accountDecider, [institutionRegistered, rejected], change)).toHaveLength(1);
  });
});

describe('account transitions (for audits)', () => {
  it('accept every event the decider emits from the state it emits it in', () => {
    const histories: AccountEvent[][] = [[adminRegistered], [institutionRegistered, approved], [institutionRegistered, rejected]];
    for (const history of histories) {
      let state = accountDecider.initialState;
      for (const event of history) {
        expect(transitionError(accountTransitions, state, event)).toBeUndefined();
        state = accountDecider.evolve(state, event);
      }
    }
  });

  it('refuse a decision after a decision and a second administrator registration', () => {
    expect(transitionError(accountTransitions, stateAfter([institutionRegistered, approved]), rejected)).toMatch(/cannot follow status 'active'/);
    expect(transitionError(accountTransitions, stateAfter([adminRegistered]), adminRegistered)).toMatch(/cannot follow/);
  });
});
