import { creditCode, httpClient, HttpResult, lastSmsCode, residentId, startTestSystem, TestSystem } from './testing/e2e-support';

/**
 * The identity service over real HTTP on the embedded profile: SMS codes, registration of
 * individuals and institutions, sign-in by username / mobile / email, /me and password change,
 * and every refusal with its status, its stable code and problem+json.
 */

const PASSWORD = 'Passw0rd-2024';
let seq = 0;

/** A fresh, valid individual (unique username, mobile, email and ID number). */
function person(overrides: Record<string, unknown> = {}) {
  const n = ++seq;
  const serial = String(100 + n).slice(-3);
  return {
    type: 'individual',
    username: `learner_${n}_${Date.now() % 100000}`,
    password: PASSWORD,
    passwordConfirmation: PASSWORD,
    realName: '李四',
    nationality: 'CN',
    ethnicity: '01',
    gender: 'female',
    idType: 'resident-id-card',
    idNumber: residentId(`44010619900307${serial}`),
    birthDate: '1990-03-07',
    email: `learner${n}@example.com`,
    address: { province: '440000', city: '440100', district: '440106', detail: '中山大道西 55 号' },
    mobile: `139${String(10_000_000 + n * 7919).slice(-8)}`,
    acceptTerms: true,
    ...overrides,
  };
}

function institution(overrides: Record<string, unknown> = {}) {
  const n = ++seq;
  return {
    type: 'institution',
    username: `institution_${n}`,
    password: PASSWORD,
    passwordConfirmation: PASSWORD,
    // Names of pending and active institution accounts are unique: one a registration.
    name: `广东省考试中心（${n}）`,
    unifiedSocialCreditCode: creditCode(`12440000${String(400000000 + n).slice(-9)}`),
    contactName: '王五',
    email: `institution${n}@exam.example.cn`,
    mobile: `137${String(10_000_000 + n * 7919).slice(-8)}`,
    acceptTerms: true,
    ...overrides,
  };
}

function claimsOf(token: string): { sub: string; role: string; exp: number; iat: number } {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

describe('identity: accounts, SMS codes, sessions (embedded profile, over HTTP)', () => {
  let system: TestSystem;
  let ipSeq = 0;

  beforeAll(async () => {
    system = await startTestSystem();
  });

  afterAll(async () => {
    await system?.dispose();
  });

  /**
   * An HTTP client from its own client address: the gateway limits the auth routes to 30 requests
   * a minute per address (it trusts X-Forwarded-For), and each test should be judged on its own.
   */
  function client() {
    const ip = `10.0.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`;
    const request = httpClient(`${system.url}/api/v1`);
    return (method: string, path: string, options: { body?: unknown; token?: string } = {}): Promise<HttpResult> =>
      request(method, path, { ...options, headers: { 'x-forwarded-for': ip } });
  }

  function expectProblem(result: HttpResult, status: number, code: string): void {
    expect({ status: result.status, code: result.body?.code }).toEqual({ status, code });
    expect(result.contentType).toMatch(/^application\/problem\+json/);
    expect(result.body).toMatchObject({ status, code, type: expect.any(String), title: expect.any(String) });
  }

  function fieldCodes(result: HttpResult): string[] {
    return (result.body.errors ?? []).map((e: { field: string; code: string }) => `${e.field}:${e.code}`);
  }

  async function smsCode(api: ReturnType<typeof client>, mobile: string): Promise<string> {
    const sent = await api('POST', '/sms-codes', { body: { mobile, purpose: 'register' } });
    expect(sent.status).toBe(202);
    const code = lastSmsCode(system, mobile);
    expect(code).toMatch(/^\d{6}$/);
    return code as string;
  }

  async function register(api: ReturnType<typeof client>, body: Record<string, unknown>): Promise<HttpResult> {
    return api('POST', '/accounts', { body: { ...body, smsCode: await smsCode(api, body.mobile as string) } });
  }

  async function login(api: ReturnType<typeof client>, identifier: string, password = PASSWORD): Promise<HttpResult> {
    return api('POST', '/sessions', { body: { identifier, password } });
  }

  it('registers an individual, signs in by username, mobile and email, shows /me masked, changes the password', async () => {
    const api = client();
    const me = person({ username: 'Li_Si_Journey', email: 'Li.Si.Journey@Example.com', idNumber: residentId('11010519491231002'), birthDate: '1949-12-31' });
    expect(me.idNumber).toBe('11010519491231002X');

    const sent = await api('POST', '/sms-codes', { body: { mobile: me.mobile, purpose: 'register' } });
    expect(sent.status).toBe(202);
    expect(sent.body).toEqual({ expiresInSeconds: 300, resendAfterSeconds: 60 });
    const code = lastSmsCode(system, me.mobile);
    expect(code).toMatch(/^\d{6}$/);

    const created = await api('POST', '/accounts', { body: { ...me, smsCode: code } });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), status: 'active' });
    const accountId = created.body.id as string;

    // Right after the 201 (read-your-writes), by each identifier; usernames and emails ignore case.
    for (const identifier of ['Li_Si_Journey', 'li_si_journey', me.mobile, 'li.si.journey@example.com', 'LI.SI.JOURNEY@EXAMPLE.COM']) {
      const session = await login(api, identifier);
      expect({ identifier, status: session.status }).toEqual({ identifier, status: 200 });
      expect(session.body).toEqual({ accessToken: expect.any(String), tokenType: 'Bearer', expiresIn: 3600 });
      const claims = claimsOf(session.body.accessToken);
      expect(claims).toMatchObject({ sub: accountId, role: 'learner' });
      expect(claims.exp - claims.iat).toBe(3600);
    }
    const token = (await login(api, me.mobile)).body.accessToken as string;

    const profile = await api('GET', '/me', { token });
    expect(profile.status).toBe(200);
    expect(profile.body).toEqual({
      id: accountId,
      type: 'individual',
      role: 'learner',
      status: 'active',
      username: 'Li_Si_Journey',
      email: 'li.si.journey@example.com',
      mobile: me.mobile,
      registeredAt: expect.any(String),
      realName: '李四',
      // The codes sent, with the names they have in GB/T 2659, 3304 and 2260.
      nationality: '中国',
      nationalityCode: 'CN',
      ethnicity: '汉族',
      ethnicityCode: '01',
      gender: 'female',
      idType: 'resident-id-card',
      idNumber: '110105********002X',
      birthDate: '1949-12-31',
      address: { province: '广东省', provinceCode: '440000', city: '广州市', cityCode: '440100', district: '天河区', districtCode: '440106', detail: '中山大道西 55 号' },
    });
    const raw = JSON.stringify(profile.body);
    expect(raw).not.toContain('11010519491231002X');
    expect(raw).not.toMatch(/argon2|passwordHash/);

    // Change the password: wrong current one, a weak new one, a bad confirmation, the same one.
    expectProblem(await api('PUT', '/me/password', { token, body: { currentPassword: 'Wrong-pass-1', newPassword: 'N3w-Password', newPasswordConfirmation: 'N3w-Password' } }), 400, 'IDENTITY.CURRENT_PASSWORD_INCORRECT');
    const weak = await api('PUT', '/me/password', { token, body: { currentPassword: PASSWORD, newPassword: 'onlyletters', newPasswordConfirmation: 'onlyletters' } });
    expectProblem(weak, 400, 'IDENTITY.PASSWORD_INVALID');
    expect(fieldCodes(weak)).toEqual(['newPassword:IDENTITY.PASSWORD_POLICY']);
    const mismatch = await api('PUT', '/me/password', { token, body: { currentPassword: PASSWORD, newPassword: 'N3w-Password', newPasswordConfirmation: 'N3w-Passwort' } });
    expectProblem(mismatch, 400, 'IDENTITY.PASSWORD_INVALID');
    expect(fieldCodes(mismatch)).toEqual(['newPasswordConfirmation:IDENTITY.PASSWORD_MISMATCH']);
    expectProblem(await api('PUT', '/me/password', { token, body: { currentPassword: PASSWORD, newPassword: PASSWORD, newPasswordConfirmation: PASSWORD } }), 400, 'IDENTITY.PASSWORD_UNCHANGED');
    expectProblem(await api('PUT', '/me/password', { token, body: { currentPassword: PASSWORD } }), 400, 'VALIDATION.INVALID_INPUT');
    expectProblem(await api('PUT', '/me/password', { body: { currentPassword: PASSWORD, newPassword: 'N3w-Password', newPasswordConfirmation: 'N3w-Password' } }), 401, 'AUTH.TOKEN_MISSING');
    // None of that changed anything.
    expect((await login(api, 'Li_Si_Journey')).status).toBe(200);

    const changed = await api('PUT', '/me/password', { token, body: { currentPassword: PASSWORD, newPassword: 'N3w-Password', newPasswordConfirmation: 'N3w-Password' } });
    expect(changed.status).toBe(204);
    expectProblem(await login(api, 'Li_Si_Journey'), 401, 'IDENTITY.INVALID_CREDENTIALS');
    expect((await login(api, 'Li_Si_Journey', 'N3w-Password')).status).toBe(200);
    // Every token issued before the change is revoked, this one too (account-life.e2e-spec.ts).
    expectProblem(await api('GET', '/me', { token }), 401, 'AUTH.TOKEN_REVOKED');
    const fresh = (await login(api, 'Li_Si_Journey', 'N3w-Password')).body.accessToken as string;
    expect((await api('GET', '/me', { token: fresh })).body.passwordChangedAt).toEqual(expect.any(String));
  });

  it('registers an institution pending approval, which signs in with the institution role', async () => {
    const api = client();
    const body = institution();
    const created = await register(api, body);
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(String), status: 'pending-approval' });

    const session = await login(api, body.email);
    expect(session.status).toBe(200);
    expect(claimsOf(session.body.accessToken)).toMatchObject({ sub: created.body.id, role: 'institution' });
    const profile = await api('GET', '/me', { token: session.body.accessToken });
    expect(profile.body).toEqual({
      id: created.body.id,
      type: 'institution',
      role: 'institution',
      status: 'pending-approval',
      username: body.username,
      email: body.email,
      mobile: body.mobile,
      registeredAt: expect.any(String),
      name: body.name,
      unifiedSocialCreditCode: body.unifiedSocialCreditCode,
      contactName: '王五',
    });
  });

  it('refuses each bad registration with its status and code, and creates nothing', async () => {
    const api = client();
    const good = person();
    const code = await smsCode(api, good.mobile);
    const attempt = (changes: Record<string, unknown>, remove: string[] = []) => {
      const body: Record<string, unknown> = { ...good, smsCode: code, ...changes };
      for (const key of remove) delete body[key];
      return api('POST', '/accounts', { body });
    };

    // Shape (DTO) errors: one entry per bad field.
    let result = await attempt({ type: 'robot' });
    expectProblem(result, 400, 'VALIDATION.INVALID_INPUT');
    expect(result.body.errors).toEqual([{ field: 'type', code: 'isIn', message: expect.any(String) }]);
    result = await attempt({}, ['type']);
    expectProblem(result, 400, 'VALIDATION.INVALID_INPUT');
    expect(fieldCodes(result)).toEqual(['type:isIn']);
    result = await api('POST', '/accounts', { body: { type: 'individual' } });
    expectProblem(result, 400, 'VALIDATION.INVALID_INPUT');
    expect(new Set(result.body.errors.map((e: { field: string }) => e.field))).toEqual(
      new Set(['username', 'password', 'passwordConfirmation', 'email', 'mobile', 'smsCode', 'acceptTerms', 'realName', 'nationality', 'ethnicity', 'gender', 'idType', 'idNumber', 'birthDate', 'address']),
    );
    result = await attempt({ mobile: '12345678901', email: 'not-an-email' });
    expect(fieldCodes(result)).toEqual(['email:isEmail', 'mobile:matches']);
    result = await attempt({ gender: 'unknown', idType: 'driving-licence', birthDate: '31/12/1990' });
    expect(result.body.errors.map((e: { field: string }) => e.field)).toEqual(['gender', 'idType', 'birthDate']);
    result = await attempt({ address: { province: '', city: '440100', district: '440106', detail: 'x' } });
    expectProblem(result, 400, 'VALIDATION.INVALID_INPUT');
    expect(fieldCodes(result)).toEqual(['address.province:isLength']);
    result = await attempt({ isAdmin: true });
    expectProblem(result, 400, 'VALIDATION.INVALID_INPUT');
    expect(fieldCodes(result)).toEqual(['isAdmin:whitelistValidation']);
    result = await attempt({ unifiedSocialCreditCode: creditCode('91440101MA59TQR7X') });
    expect(fieldCodes(result)).toEqual(['unifiedSocialCreditCode:whitelistValidation']);
    expectProblem(await attempt({ smsCode: '12ab56' }), 400, 'VALIDATION.INVALID_INPUT');
    expectProblem(await attempt({ username: 'ab' }), 400, 'VALIDATION.INVALID_INPUT');
    expectProblem(await attempt({ password: 'short1', passwordConfirmation: 'short1' }), 400, 'VALIDATION.INVALID_INPUT');

    // Domain rules: IDENTITY.REGISTRATION_INVALID with the field and the rule.
    const rules: Array<[Record<string, unknown>, string[]]> = [
      [{ idNumber: good.idNumber.slice(0, 17) + (good.idNumber[17] === '0' ? '1' : '0') }, ['idNumber:IDENTITY.ID_NUMBER_CHECK_DIGIT']],
      [{ idNumber: residentId('44010619900230123'), birthDate: '1990-02-28' }, ['idNumber:IDENTITY.ID_NUMBER_BIRTH_DATE']],
      [{ idNumber: '4401061990030712' }, ['idNumber:IDENTITY.ID_NUMBER_FORMAT']],
      [{ birthDate: '1990-03-08' }, ['birthDate:IDENTITY.BIRTH_DATE_MISMATCH']],
      [{ birthDate: '1990-02-30', idType: 'passport', idNumber: 'E12345678' }, ['birthDate:IDENTITY.BIRTH_DATE_INVALID']],
      [{ passwordConfirmation: 'Passw0rd-2025' }, ['passwordConfirmation:IDENTITY.PASSWORD_MISMATCH']],
      [{ password: 'password-only', passwordConfirmation: 'password-only' }, ['password:IDENTITY.PASSWORD_POLICY']],
      [{ acceptTerms: false }, ['acceptTerms:IDENTITY.TERMS_NOT_ACCEPTED']],
      [{ username: '2024123456' }, ['username:IDENTITY.USERNAME_ALL_DIGITS']],
      [{ realName: '   ' }, ['realName:IDENTITY.REQUIRED']],
    ];
    for (const [changes, expected] of rules) {
      result = await attempt(changes);
      expectProblem(result, 400, 'IDENTITY.REGISTRATION_INVALID');
      expect({ changes, errors: fieldCodes(result) }).toEqual({ changes, errors: expected });
    }

    // SMS codes: a wrong one, and a mobile that never asked for one.
    expectProblem(await attempt({ smsCode: code === '000000' ? '111111' : '000000' }), 400, 'IDENTITY.SMS_CODE_INVALID');
    const other = person();
    expectProblem(await api('POST', '/accounts', { body: { ...other, smsCode: '123456' } }), 400, 'IDENTITY.SMS_CODE_INVALID');

    // Nothing was created: no sign-in, and the same username, mobile, email, ID number and
    // (not used up) SMS code register now.
    expectProblem(await login(api, good.username), 401, 'IDENTITY.INVALID_CREDENTIALS');
    expectProblem(await login(api, good.mobile), 401, 'IDENTITY.INVALID_CREDENTIALS');
    const created = await attempt({});
    expect(created.status).toBe(201);
    // Sending the same registration again: the code is checked first (so that taken values are
    // said only to whoever holds a code for the mobile); it was used up, which registration does
    // not say either (a used register code would tell that the mobile is registered).
    expectProblem(await attempt({}), 400, 'IDENTITY.SMS_CODE_INVALID');
  });

  it('refuses 国籍, 民族 and addresses outside the national standards, and takes codes of places without a lower level', async () => {
    const api = client();
    const good = person();
    const code = await smsCode(api, good.mobile);
    const attempt = (changes: Record<string, unknown>) => api('POST', '/accounts', { body: { ...good, smsCode: code, ...changes } });
    const rules: Array<[Record<string, unknown>, string[]]> = [
      [{ nationality: '火星国' }, ['nationality:IDENTITY.NATIONALITY_UNKNOWN']],
      [{ ethnicity: '外星族' }, ['ethnicity:IDENTITY.ETHNICITY_UNKNOWN']],
      [{ address: { province: '不存在省', city: '440100', district: '440106', detail: 'x' } }, ['address.province:IDENTITY.REGION_UNKNOWN']],
      [{ address: { province: '440000', city: '110100', district: '110101', detail: 'x' } }, ['address.city:IDENTITY.REGION_MISMATCH']],
      [{ address: { province: '440000', city: '440100', district: '440303', detail: 'x' } }, ['address.district:IDENTITY.REGION_MISMATCH']],
      [{ address: { province: '440000', city: '440100', district: '', detail: 'x' } }, ['address.district:IDENTITY.REQUIRED']],
    ];
    for (const [changes, expected] of rules) {
      const result = await attempt(changes);
      expectProblem(result, 400, 'IDENTITY.REGISTRATION_INVALID');
      expect({ changes, errors: fieldCodes(result) }).toEqual({ changes, errors: expected });
    }
    // 东莞市 has no districts: the address ends at the city. An alpha-3 country code is kept as alpha-2.
    const created = await attempt({ nationality: 'CHN', address: { province: '440000', city: '441900', detail: '南城街道' } });
    expect(created.status).toBe(201);
    const token = (await login(api, good.username)).body.accessToken as string;
    expect((await api('GET', '/me', { token })).body).toMatchObject({
      nationalityCode: 'CN',
      address: { province: '广东省', city: '东莞市', cityCode: '441900', district: null, districtCode: null, detail: '南城街道' },
    });
  });

  it('refuses an institution with a bad credit code and an individual-only field', async () => {
    const api = client();
    const body = institution();
    const code = await smsCode(api, body.mobile);
    const wrong = body.unifiedSocialCreditCode.slice(0, 17) + (body.unifiedSocialCreditCode[17] === '0' ? '1' : '0');
    let result = await api('POST', '/accounts', { body: { ...body, smsCode: code, unifiedSocialCreditCode: wrong } });
    expectProblem(result, 400, 'IDENTITY.REGISTRATION_INVALID');
    expect(fieldCodes(result)).toEqual(['unifiedSocialCreditCode:IDENTITY.CREDIT_CODE_CHECK_CHARACTER']);
    result = await api('POST', '/accounts', { body: { ...body, smsCode: code, unifiedSocialCreditCode: 'OOOOOOOOOOOOOOOOOO' } });
    expect(fieldCodes(result)).toEqual(['unifiedSocialCreditCode:IDENTITY.CREDIT_CODE_FORMAT']);
    result = await api('POST', '/accounts', { body: { ...body, smsCode: code, realName: '王五' } });
    expectProblem(result, 400, 'VALIDATION.INVALID_INPUT');
    expect(fieldCodes(result)).toEqual(['realName:whitelistValidation']);
    expect((await api('POST', '/accounts', { body: { ...body, smsCode: code } })).status).toBe(201);
  });

  it('refuses a username, mobile, email or ID number already registered with 409', async () => {
    const api = client();
    const first = person();
    expect((await register(api, first)).status).toBe(201);

    const cases: Array<[Record<string, unknown>, string]> = [
      [{ username: first.username.toUpperCase() }, 'IDENTITY.USERNAME_TAKEN'],
      [{ email: first.email.toUpperCase() }, 'IDENTITY.EMAIL_TAKEN'],
      [{ idNumber: first.idNumber, birthDate: first.birthDate }, 'IDENTITY.ID_NUMBER_TAKEN'],
    ];
    for (const [changes, code] of cases) {
      const body = person(changes);
      const result = await register(api, body);
      expectProblem(result, 409, code);
      // The refusal cost nothing: the other values are still free and the code still works.
      const retry = await api('POST', '/accounts', { body: { ...person({ mobile: body.mobile }), smsCode: lastSmsCode(system, body.mobile) } });
      expect({ code, status: retry.status }).toEqual({ code, status: 201 });
    }
    // The mobile: its code was used by the first registration, and the code is answered before
    // any uniqueness (abuse.e2e-spec.ts: no enumeration without a code of one's own).
    expectProblem(await api('POST', '/accounts', { body: { ...person({ mobile: first.mobile }), smsCode: '123456' } }), 400, 'IDENTITY.SMS_CODE_INVALID');

    // Institutions: the same username, email and mobile space, and credit codes are unique too.
    const org = institution();
    expect((await register(api, org)).status).toBe(201);
    expectProblem(await register(api, institution({ username: first.username })), 409, 'IDENTITY.USERNAME_TAKEN');
    expectProblem(await register(api, institution({ unifiedSocialCreditCode: org.unifiedSocialCreditCode })), 409, 'IDENTITY.CREDIT_CODE_TAKEN');
    expectProblem(await register(api, institution({ name: org.name })), 409, 'IDENTITY.INSTITUTION_NAME_TAKEN');
  });

  it('of two concurrent registrations with the same username exactly one wins; the loser keeps nothing', async () => {
    const api = client();
    const username = `racer_${Date.now() % 100000}`;
    const a = person({ username });
    const b = person({ username: username.toUpperCase() });
    const [codeA, codeB] = [await smsCode(api, a.mobile), await smsCode(api, b.mobile)];
    const results = await Promise.all([api('POST', '/accounts', { body: { ...a, smsCode: codeA } }), api('POST', '/accounts', { body: { ...b, smsCode: codeB } })]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    const loser = results.find((r) => r.status === 409) as HttpResult;
    expectProblem(loser, 409, 'IDENTITY.USERNAME_TAKEN');

    // The loser's other claims were released and its code was not used: it registers under another name.
    const loserBody = loser === results[0] ? { ...a, smsCode: codeA } : { ...b, smsCode: codeB };
    expect((await api('POST', '/accounts', { body: { ...loserBody, username: `${username}_2` } })).status).toBe(201);
  });

  it('answers a wrong password and an unknown account identically, and refuses the 6th failure with 429', async () => {
    const api = client();
    const body = person();
    expect((await register(api, body)).status).toBe(201);

    const wrong = await login(api, body.username, 'Wrong-passw0rd');
    const unknown = await login(api, 'nobody_here_at_all', 'Wrong-passw0rd');
    expectProblem(wrong, 401, 'IDENTITY.INVALID_CREDENTIALS');
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(unknown.contentType).toBe(wrong.contentType);
    expectProblem(await login(api, 'nobody@example.com', 'x'), 401, 'IDENTITY.INVALID_CREDENTIALS');
    expectProblem(await login(api, '13000000000', 'x'), 401, 'IDENTITY.INVALID_CREDENTIALS');
    expectProblem(await api('POST', '/sessions', { body: { identifier: body.username } }), 400, 'VALIDATION.INVALID_INPUT');

    for (let i = 2; i <= 5; i++) expectProblem(await login(api, body.username, `Wrong-passw0rd-${i}`), 401, 'IDENTITY.INVALID_CREDENTIALS');
    // After the 5 free attempts each one waits (1 s, 2 s, 4 s … up to LOGIN_MAX_DELAY_SECONDS): a delay, not a lock.
    const sixth = await login(api, body.username);
    expectProblem(sixth, 429, 'IDENTITY.TOO_MANY_ATTEMPTS');
    expect(sixth.body.details.retryAfterSeconds).toBe(1);
    expect(sixth.headers.get('retry-after')).toBe('1');
    // The count is per account, whatever names it (the username in any case, the email, the mobile).
    expectProblem(await login(api, body.username.toUpperCase()), 429, 'IDENTITY.TOO_MANY_ATTEMPTS');
    expectProblem(await login(api, body.email), 429, 'IDENTITY.TOO_MANY_ATTEMPTS');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await login(api, body.email)).status).toBe(200);
  });

  it('limits SMS codes per mobile: one a minute', async () => {
    const api = client();
    const mobile = person().mobile;
    expect((await api('POST', '/sms-codes', { body: { mobile, purpose: 'register' } })).status).toBe(202);
    const first = lastSmsCode(system, mobile);
    const again = await api('POST', '/sms-codes', { body: { mobile, purpose: 'register' } });
    expectProblem(again, 429, 'IDENTITY.SMS_RATE_LIMITED');
    expect(again.body.details.retryAfterSeconds).toBeGreaterThan(50);
    expect(lastSmsCode(system, mobile)).toBe(first);
    // Another purpose is another stream.
    expect((await api('POST', '/sms-codes', { body: { mobile, purpose: 'reset-password' } })).status).toBe(202);
    expect(lastSmsCode(system, mobile, 'reset-password')).toMatch(/^\d{6}$/);

    let bad = await api('POST', '/sms-codes', { body: { mobile: '1391234567', purpose: 'register' } });
    expectProblem(bad, 400, 'VALIDATION.INVALID_INPUT');
    expect(fieldCodes(bad)).toEqual(['mobile:matches']);
    bad = await api('POST', '/sms-codes', { body: { mobile, purpose: 'party' } });
    expect(fieldCodes(bad)).toEqual(['purpose:isIn']);
  });

  it('limits the auth routes to 30 requests a minute per client address', async () => {
    const api = client();
    for (let i = 0; i < 30; i++) expect((await api('POST', '/sessions', { body: {} })).status).toBe(400);
    expectProblem(await api('POST', '/sessions', { body: {} }), 429, 'HTTP.TOO_MANY_REQUESTS');
    // Another address is not affected.
    expect((await client()('POST', '/sessions', { body: {} })).status).toBe(400);
  });

  it('needs a token for /me', async () => {
    const api = client();
    expectProblem(await api('GET', '/me'), 401, 'AUTH.TOKEN_MISSING');
    expectProblem(await api('GET', '/me', { token: 'not.a.token' }), 401, 'AUTH.TOKEN_INVALID');
  });

  it('documents the routes in OpenAPI, the registration as a union on type', async () => {
    const doc = (await (await fetch(`${system.url}/api/docs/openapi.json`)).json()) as { paths: Record<string, Record<string, any>> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/sms-codes', '/api/v1/accounts', '/api/v1/sessions', '/api/v1/me', '/api/v1/me/password']));
    const register = doc.paths['/api/v1/accounts'].post;
    expect(register.requestBody.content['application/json'].schema.oneOf).toHaveLength(2);
    expect(Object.keys(register.responses)).toEqual(expect.arrayContaining(['201', '400', '409', '429']));
    expect(doc.paths['/api/v1/me'].get.security).toBeDefined();
  });

  it('reports the identity service healthy', async () => {
    const ready = await fetch(`${system.url}/health/ready`);
    const body = (await ready.json()) as { info?: Record<string, unknown>; details?: Record<string, unknown> };
    expect(body.info?.identity ?? body.details?.identity).toMatchObject({ status: 'up' });
  });
});
