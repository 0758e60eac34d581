import { DomainError, FieldError, givenWhenThen } from '@credit-bank/kernel';
import { IdentityErrorCodes, IdentityFieldCodes as F } from '../identity-errors';
import { accountDecider, AccountCommand, ChangePassword, RegisterIndividual, RegisterInstitution, roleOf } from './account.decider';
import { AccountEvent, AccountRegistered, InstitutionRegistered } from './account.events';
import { checkIndividualRegistration, checkInstitutionRegistration, passwordErrors } from './registration-rules';

const NOW = '2025-03-01T08:00:00.000Z';
const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g';
const NEW_HASH = '$argon2id$v=19$m=19456,t=2,p=1$bmV3c2FsdA$bmV3aGFzaA';

const individual: RegisterIndividual = {
  type: 'RegisterIndividual',
  accountId: 'a-1',
  passwordHash: HASH,
  username: 'li_si_2024',
  realName: '李四',
  nationality: 'CN',
  ethnicity: '01',
  gender: 'female',
  idType: 'resident-id-card',
  idNumber: '11010519491231002X',
  birthDate: '1949-12-31',
  email: 'Li.Si@Example.com',
  address: { province: '440000', city: '440100', district: '440106', detail: '中山大道西 55 号' },
  mobile: '13912345678',
  acceptTerms: true,
  now: NOW,
};

// 91440101MA59TQR7X + its GB 32100 check character (see check-characters.spec.ts).
const institution: RegisterInstitution = {
  type: 'RegisterInstitution',
  accountId: 'i-1',
  passwordHash: HASH,
  username: 'gd_exam_centre',
  name: '广东省考试中心',
  unifiedSocialCreditCode: '91440101MA59TQR7XH',
  contactName: '王五',
  email: 'contact@exam.example.cn',
  mobile: '13800138000',
  acceptTerms: true,
  now: NOW,
};

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

function refusal(given: AccountEvent[], when: AccountCommand): DomainError {
  try {
    givenWhenThen(accountDecider, given, when);
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

function fieldErrors(when: AccountCommand): FieldError[] {
  const e = refusal([], when);
  expect(e.code).toBe(IdentityErrorCodes.REGISTRATION_INVALID);
  expect(e.kind).toBe('validation');
  return e.errors ?? [];
}

const codesOf = (errors: FieldError[]) => errors.map((e) => `${e.field}:${e.code}`);

describe('account decider: RegisterIndividual', () => {
  it('registers an individual, normalizing the email and keeping the hash, never a password', () => {
    expect(givenWhenThen(accountDecider, [], individual)).toEqual([registered]);
  });

  it('normalizes a lower-case x in the ID number to X', () => {
    const [event] = givenWhenThen(accountDecider, [], { ...individual, idNumber: '11010519491231002x' });
    expect((event as AccountRegistered).data.idNumber).toBe('11010519491231002X');
  });

  it('refuses to register the same account twice', () => {
    expect(refusal([registered], individual).code).toBe(IdentityErrorCodes.ACCOUNT_ALREADY_REGISTERED);
    expect(refusal([registered], individual).kind).toBe('conflict');
  });

  it.each<[string, Partial<RegisterIndividual>, string]>([
    ['username too short', { username: 'abc' }, `username:${F.USERNAME_FORMAT}`],
    ['username with @', { username: 'li@si.cn' }, `username:${F.USERNAME_FORMAT}`],
    ['username of Chinese characters', { username: '李四李四' }, `username:${F.USERNAME_FORMAT}`],
    ['username all digits', { username: '13912345678' }, `username:${F.USERNAME_ALL_DIGITS}`],
    ['blank real name', { realName: '  ' }, `realName:${F.REQUIRED}`],
    ['real name too long', { realName: '李'.repeat(51) }, `realName:${F.TOO_LONG}`],
    ['blank nationality', { nationality: '' }, `nationality:${F.REQUIRED}`],
    ['blank ethnicity', { ethnicity: '' }, `ethnicity:${F.REQUIRED}`],
    ['unknown gender', { gender: 'other' as never }, `gender:${F.GENDER}`],
    ['unknown ID type', { idType: 'driving-licence' as never }, `idType:${F.ID_TYPE}`],
    ['ID number of 17 characters', { idNumber: '11010519491231002' }, `idNumber:${F.ID_NUMBER_FORMAT}`],
    ['ID number with a wrong check digit', { idNumber: '110105194912310021' }, `idNumber:${F.ID_NUMBER_CHECK_DIGIT}`],
    ['ID number with an impossible birth date', { idNumber: '110105194902300020', birthDate: '1949-02-28' }, `idNumber:${F.ID_NUMBER_BIRTH_DATE}`],
    ['birth date differing from the ID number', { birthDate: '1949-12-30' }, `birthDate:${F.BIRTH_DATE_MISMATCH}`],
    ['birth date that does not exist', { idType: 'passport', idNumber: 'E12345678', birthDate: '1990-02-30' }, `birthDate:${F.BIRTH_DATE_INVALID}`],
    ['birth date in the future', { idType: 'passport', idNumber: 'E12345678', birthDate: '2025-03-02' }, `birthDate:${F.BIRTH_DATE_INVALID}`],
    ['passport number of bad shape', { idType: 'passport', idNumber: 'E1-2345', birthDate: '1990-01-01' }, `idNumber:${F.ID_NUMBER_FORMAT}`],
    ['HK/Macao permit of bad shape', { idType: 'hk-macao-permit', idNumber: 'X12345678', birthDate: '1990-01-01' }, `idNumber:${F.ID_NUMBER_FORMAT}`],
    ['Taiwan permit of bad shape', { idType: 'taiwan-permit', idNumber: '1234567', birthDate: '1990-01-01' }, `idNumber:${F.ID_NUMBER_FORMAT}`],
    ['bad email', { email: 'li.si.example.com' }, `email:${F.EMAIL_FORMAT}`],
    ['bad mobile', { mobile: '12912345678' }, `mobile:${F.MOBILE_FORMAT}`],
    ['nationality not in GB/T 2659', { nationality: '火星国' }, `nationality:${F.NATIONALITY_UNKNOWN}`],
    ['ethnicity not in GB/T 3304', { ethnicity: '外星族' }, `ethnicity:${F.ETHNICITY_UNKNOWN}`],
    ['ethnicity given by name', { ethnicity: '汉族' }, `ethnicity:${F.ETHNICITY_UNKNOWN}`],
    ['blank address detail', { address: { province: '440000', city: '440100', district: '440106', detail: ' ' } }, `address.detail:${F.REQUIRED}`],
    ['missing address province', { address: { province: '', city: '440100', district: '440106', detail: 'x' } }, `address.province:${F.REQUIRED}`],
    ['a province that does not exist', { address: { province: '不存在省', city: '440100', district: '440106', detail: 'x' } }, `address.province:${F.REGION_UNKNOWN}`],
    ['a city as the province', { address: { province: '440100', city: '440100', district: '440106', detail: 'x' } }, `address.province:${F.REGION_UNKNOWN}`],
    ['a city of another province', { address: { province: '440000', city: '110100', district: '110101', detail: 'x' } }, `address.city:${F.REGION_MISMATCH}`],
    ['a district of another city', { address: { province: '440000', city: '440100', district: '440303', detail: 'x' } }, `address.district:${F.REGION_MISMATCH}`],
    ['no district where the city has some', { address: { province: '440000', city: '440100', detail: 'x' } }, `address.district:${F.REQUIRED}`],
    ['terms not accepted', { acceptTerms: false }, `acceptTerms:${F.TERMS_NOT_ACCEPTED}`],
  ])('refuses a registration with %s', (_name, change, expected) => {
    expect(codesOf(fieldErrors({ ...individual, ...change }))).toEqual([expected]);
  });

  it('takes an alpha-3 country code as its alpha-2, and an address without the levels its region lacks', () => {
    const [hk] = givenWhenThen(accountDecider, [], { ...individual, nationality: 'chn', address: { province: '810000', detail: '中环皇后大道中 1 号' } });
    expect((hk as AccountRegistered).data).toMatchObject({
      nationality: '中国',
      nationalityCode: 'CN',
      address: { province: '香港特别行政区', provinceCode: '810000', city: null, cityCode: null, district: null, districtCode: null },
    });
    const [dongguan] = givenWhenThen(accountDecider, [], { ...individual, address: { province: '440000', city: '441900', district: '', detail: '南城街道' } });
    expect((dongguan as AccountRegistered).data.address).toMatchObject({ city: '东莞市', cityCode: '441900', district: null, districtCode: null });
  });

  it('accepts the other ID documents with their own shapes', () => {
    for (const [idType, idNumber] of [
      ['passport', 'E12345678'],
      ['hk-macao-permit', 'H12345678'],
      ['taiwan-permit', '12345678'],
    ] as const) {
      const [event] = givenWhenThen(accountDecider, [], { ...individual, idType, idNumber, birthDate: '1990-01-01' });
      expect(event).toMatchObject({ type: 'AccountRegistered', data: { idType, idNumber } });
    }
  });

  it('lists every bad field at once', () => {
    expect(codesOf(fieldErrors({ ...individual, username: '1234', mobile: '123', acceptTerms: false }))).toEqual([
      `username:${F.USERNAME_ALL_DIGITS}`,
      `mobile:${F.MOBILE_FORMAT}`,
      `acceptTerms:${F.TERMS_NOT_ACCEPTED}`,
    ]);
  });

  it('needs a password hash, never a password', () => {
    expect(() => givenWhenThen(accountDecider, [], { ...individual, passwordHash: 'Passw0rd-2024' })).toThrow(/hash/);
  });
});

describe('account decider: RegisterInstitution', () => {
  it('registers an institution pending approval', () => {
    expect(givenWhenThen(accountDecider, [], institution)).toEqual([institutionRegistered]);
  });

  it('refuses to register the same account twice', () => {
    expect(refusal([institutionRegistered], institution).code).toBe(IdentityErrorCodes.ACCOUNT_ALREADY_REGISTERED);
  });

  it.each<[string, Partial<RegisterInstitution>, string]>([
    ['username all digits', { username: '20240101' }, `username:${F.USERNAME_ALL_DIGITS}`],
    ['blank name', { name: '' }, `name:${F.REQUIRED}`],
    ['credit code of 17 characters', { unifiedSocialCreditCode: '91440101MA59TQR7X' }, `unifiedSocialCreditCode:${F.CREDIT_CODE_FORMAT}`],
    ['credit code with an O', { unifiedSocialCreditCode: '91440101MA59TQR7XO' }, `unifiedSocialCreditCode:${F.CREDIT_CODE_FORMAT}`],
    ['credit code with a wrong check character', { unifiedSocialCreditCode: '91440101MA59TQR7XJ' }, `unifiedSocialCreditCode:${F.CREDIT_CODE_CHECK_CHARACTER}`],
    ['blank contact name', { contactName: ' ' }, `contactName:${F.REQUIRED}`],
    ['bad email', { email: 'nobody' }, `email:${F.EMAIL_FORMAT}`],
    ['bad mobile', { mobile: '1380013800' }, `mobile:${F.MOBILE_FORMAT}`],
    ['terms not accepted', { acceptTerms: false }, `acceptTerms:${F.TERMS_NOT_ACCEPTED}`],
  ])('refuses a registration with %s', (_name, change, expected) => {
    expect(codesOf(fieldErrors({ ...institution, ...change }))).toEqual([expected]);
  });

  it('accepts a lower-case credit code and stores it upper-case', () => {
    const [event] = givenWhenThen(accountDecider, [], { ...institution, unifiedSocialCreditCode: '91440101ma59tqr7xh' });
    expect((event as InstitutionRegistered).data.unifiedSocialCreditCode).toBe('91440101MA59TQR7XH');
  });
});

describe('account decider: ChangePassword', () => {
  const change: ChangePassword = { type: 'ChangePassword', accountId: 'a-1', currentPasswordMatches: true, newPasswordSameAsCurrent: false, newPasswordHash: NEW_HASH, now: NOW };

  it('changes the password of an individual and of an institution pending approval', () => {
    expect(givenWhenThen(accountDecider, [registered], change)).toEqual([{ type: 'PasswordChanged', data: { accountId: 'a-1', passwordHash: NEW_HASH, changedAt: NOW } }]);
    expect(givenWhenThen(accountDecider, [institutionRegistered], { ...change, accountId: 'i-1' })).toEqual([
      { type: 'PasswordChanged', data: { accountId: 'i-1', passwordHash: NEW_HASH, changedAt: NOW } },
    ]);
  });

  it('the state keeps the newest hash', () => {
    const later = '$argon2id$v=19$m=19456,t=2,p=1$bGF0ZXI$bGF0ZXI';
    const events: AccountEvent[] = [registered, { type: 'PasswordChanged', data: { accountId: 'a-1', passwordHash: later, changedAt: NOW } }];
    const state = events.reduce(accountDecider.evolve, accountDecider.initialState);
    expect(state).toEqual({
      status: 'active',
      accountId: 'a-1',
      accountType: 'individual',
      username: 'li_si_2024',
      passwordHash: later,
      email: 'li.si@example.com',
      mobile: '13912345678',
      address: registered.data.address,
      idType: registered.data.idType,
      idNumber: registered.data.idNumber,
    });
  });

  it('refuses an unknown account', () => {
    expect(refusal([], change)).toMatchObject({ code: IdentityErrorCodes.ACCOUNT_NOT_FOUND, kind: 'not_found' });
  });

  it('refuses a wrong current password', () => {
    const e = refusal([registered], { ...change, currentPasswordMatches: false });
    expect(e).toMatchObject({ code: IdentityErrorCodes.CURRENT_PASSWORD_INCORRECT, kind: 'validation' });
    expect(e.errors?.[0].field).toBe('currentPassword');
  });

  it('refuses a new password equal to the current one', () => {
    expect(refusal([registered], { ...change, newPasswordSameAsCurrent: true })).toMatchObject({ code: IdentityErrorCodes.PASSWORD_UNCHANGED, kind: 'validation' });
  });
});

describe('registration rules with the password (checked before hashing)', () => {
  const form = { ...individual, password: 'Passw0rd-2024', passwordConfirmation: 'Passw0rd-2024' };

  it('passes a good form and returns it normalized', () => {
    expect(checkIndividualRegistration(form, NOW)).toMatchObject({ email: 'li.si@example.com', idNumber: '11010519491231002X' });
    expect(checkInstitutionRegistration({ ...institution, password: 'Passw0rd-2024', passwordConfirmation: 'Passw0rd-2024' })).toMatchObject({ username: 'gd_exam_centre' });
  });

  it.each([
    ['too short', 'Pa55wd', 'Pa55wd', [`password:${F.PASSWORD_POLICY}`]],
    ['too long', 'a1'.repeat(33), 'a1'.repeat(33), [`password:${F.PASSWORD_POLICY}`]],
    ['without digits', 'Password', 'Password', [`password:${F.PASSWORD_POLICY}`]],
    ['without letters', '12345678', '12345678', [`password:${F.PASSWORD_POLICY}`]],
    ['with another confirmation', 'Passw0rd-2024', 'Passw0rd-2025', [`passwordConfirmation:${F.PASSWORD_MISMATCH}`]],
  ])('refuses a password %s', (_name, password, passwordConfirmation, expected) => {
    let error: DomainError | undefined;
    try {
      checkIndividualRegistration({ ...form, password, passwordConfirmation }, NOW);
    } catch (e) {
      error = e as DomainError;
    }
    expect(error?.code).toBe(IdentityErrorCodes.REGISTRATION_INVALID);
    expect(codesOf(error?.errors ?? [])).toEqual(expected);
  });

  it('names the fields of a password change', () => {
    expect(codesOf(passwordErrors('short', 'other', 'newPassword', 'newPasswordConfirmation'))).toEqual([
      `newPassword:${F.PASSWORD_POLICY}`,
      `newPasswordConfirmation:${F.PASSWORD_MISMATCH}`,
    ]);
  });

  it('gives individuals the learner role and institutions the institution role', () => {
    expect(roleOf('individual')).toBe('learner');
    expect(roleOf('institution')).toBe('institution');
  });
});
