import { DomainError, givenWhenThen, transitionError, upcastEvent } from '@credit-bank/kernel';
import { IdentityErrorCodes, IdentityFieldCodes as F } from '../identity-errors';
import { identityUpcasters } from '../identity-upcasters';
import { accountDecider, AccountCommand, accountTransitions, approvalOf, ApproveInstitution, RegisterAdministrator, RejectInstitution, roleOf } from './account.decider';
import { accountStreamId, AccountEvent, AdministratorRegistered, InstitutionApproved, InstitutionLinked, InstitutionRegistered, InstitutionRejected } from './account.events';

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

const DIRECTORY_ID = '3a7c1e52-9d4b-8f10-a2c3-4d5e6f708192';
const approve: ApproveInstitution = {
  type: 'ApproveInstitution',
  accountId: 'i-1',
  institution: { id: DIRECTORY_ID, name: '广东省教育考试院' },
  decidedBy: 'adm-1',
  deciderRole: 'admin',
  now: LATER,
};
const reject: RejectInstitution = { type: 'RejectInstitution', accountId: 'i-1', reason: '  营业执照已过期  ', decidedBy: 'adm-1', deciderRole: 'admin', now: LATER };

const approved: InstitutionApproved = {
  type: 'InstitutionApproved',
  data: { accountId: 'i-1', institutionId: DIRECTORY_ID, institutionName: '广东省教育考试院', approvedBy: 'adm-1', approvedAt: LATER },
};
/** As written before the directory (schema version 1), read through the upcasters. */
const approvedByNameOnly = upcastEvent(identityUpcasters, {
  type: 'InstitutionApproved',
  data: { accountId: 'i-1', institutionName: '广东省考试中心', approvedBy: 'adm-1', approvedAt: NOW },
  metadata: { eventId: 'e', schemaVersion: 1, correlationId: 'c', causationId: 'c', actor: 'adm-1', occurredAt: NOW },
}) as unknown as InstitutionApproved;
const linked: InstitutionLinked = {
  type: 'InstitutionLinked',
  data: { accountId: 'i-1', institutionId: DIRECTORY_ID, institutionName: '广东省教育考试院', linkedBy: 'adm-1', linkedAt: LATER },
};
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
  it('approves a pending institution, linking it to the directory institution (its id and the directory’s name) and naming the administrator', () => {
    expect(givenWhenThen(accountDecider, [institutionRegistered], approve)).toEqual([approved]);
  });

  it('an approved institution is active, linked, keeps its registered name', () => {
    expect(stateAfter([institutionRegistered, approved])).toMatchObject({ status: 'active', accountType: 'institution', name: '广东省考试中心', institutionId: DIRECTORY_ID });
  });

  it('tells the handler what approving means before it looks anything up: approve a pending account, with its credit code', () => {
    expect(approvalOf(stateAfter([institutionRegistered]), 'admin')).toEqual({ mode: 'approve', name: '广东省考试中心', creditCode: '91440101MA59TQR7XH' });
  });

  it('an account approved before institutions had ids reads as unlinked (institutionId null); approving it again links it', () => {
    expect(approvedByNameOnly.data).toEqual({ accountId: 'i-1', institutionId: null, institutionName: '广东省考试中心', approvedBy: 'adm-1', approvedAt: NOW });
    const old = [institutionRegistered, approvedByNameOnly];
    expect(stateAfter(old)).toMatchObject({ status: 'active', institutionId: null });
    expect(approvalOf(stateAfter(old), 'admin')).toMatchObject({ mode: 'link' });
    expect(givenWhenThen(accountDecider, old, approve)).toEqual([linked]);
    expect(stateAfter([...old, linked])).toMatchObject({ status: 'active', institutionId: DIRECTORY_ID });
    // Once linked, it is decided.
    expect(refusal([...old, linked], approve)).toMatchObject({ code: IdentityErrorCodes.INSTITUTION_NOT_PENDING, details: { status: 'active', institutionId: DIRECTORY_ID } });
  });

  it('needs the directory institution the handler resolved', () => {
    expect(() => givenWhenThen(accountDecider, [institutionRegistered], { ...approve, institution: { id: '', name: '' } })).toThrow(/directory institution/);
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
      details: { status: 'active', institutionId: DIRECTORY_ID },
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
    const histories: AccountEvent[][] = [[adminRegistered], [institutionRegistered, approved], [institutionRegistered, rejected], [institutionRegistered, approvedByNameOnly, linked]];
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
    expect(transitionError(accountTransitions, stateAfter([institutionRegistered]), linked)).toMatch(/cannot follow status 'pending-approval'/);
    expect(accountStreamId('i-1')).toBe('identity.account-i-1');
  });
});
