import { JwtService } from '@nestjs/jwt';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HttpResult, httpClient, lastSmsCode, startTestSystem, TestSystem } from './testing/e2e-support';

/**
 * The account's whole life after registration, over real HTTP on the embedded profile: sign-out
 * (安全退出) of one token, tokens revoked by a password change and by a reset, the reset itself
 * (忘记密码) with its refusals and limits, the mobile change with codes to both numbers, and
 * PATCH /me of the email and the address, uniqueness kept throughout.
 */

const PASSWORD = 'Passw0rd-2024';
const ADMIN = { ADMIN_USERNAME: 'Life_Admin', ADMIN_PASSWORD: 'Adm1n-Secret-2025' };
/** The form sends GB/T 2260 codes; /me shows each with its name. */
const ADDRESS = { province: '440000', city: '440100', district: '440106', detail: '中山大道西 55 号' };
const REGISTERED_ADDRESS = { province: '广东省', provinceCode: '440000', city: '广州市', cityCode: '440100', district: '天河区', districtCode: '440106', detail: '中山大道西 55 号' };
let seq = 0;

/** A fresh individual: unique username, mobile, email and (passport) ID number. */
function person(overrides: Record<string, unknown> = {}) {
  const n = ++seq;
  return {
    type: 'individual',
    username: `life_${n}_${Date.now() % 100000}`,
    password: PASSWORD,
    passwordConfirmation: PASSWORD,
    realName: '李四',
    nationality: 'CN',
    ethnicity: '01',
    gender: 'female',
    idType: 'passport',
    idNumber: `E${String(10_000_000 + n * 7919 + (Date.now() % 1000)).slice(-8)}`,
    birthDate: '1990-03-07',
    email: `life${n}.${Date.now() % 100000}@example.com`,
    address: ADDRESS,
    mobile: `135${String(10_000_000 + n * 7919).slice(-8)}`,
    acceptTerms: true,
    ...overrides,
  };
}

const freshMobile = () => `158${String(10_000_000 + ++seq * 7919).slice(-8)}`;
const claimsOf = (token: string): { sub: string; sid: string; rev: number; iat: number } => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));

describe('the account`s life: sign-out, password reset, mobile and profile changes (embedded profile, over HTTP)', () => {
  let system: TestSystem;
  let ipSeq = 0;

  beforeAll(async () => {
    system = await startTestSystem(ADMIN);
  });

  afterAll(async () => {
    await system?.dispose();
  });

  /** A client from its own address: the auth routes are limited to 30 requests a minute per address. */
  function client() {
    const ip = `10.1.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`;
    const request = httpClient(`${system.url}/api/v1`);
    return (method: string, path: string, options: { body?: unknown; token?: string } = {}): Promise<HttpResult> =>
      request(method, path, { ...options, headers: { 'x-forwarded-for': ip } });
  }
  type Api = ReturnType<typeof client>;

  function expectProblem(result: HttpResult, status: number, code: string): void {
    expect({ status: result.status, code: result.body?.code }).toEqual({ status, code });
    expect(result.contentType).toMatch(/^application\/problem\+json/);
  }

  async function smsCode(api: Api, mobile: string, purpose: string): Promise<string> {
    const sent = await api('POST', '/sms-codes', { body: { mobile, purpose } });
    expect({ mobile, purpose, status: sent.status }).toEqual({ mobile, purpose, status: 202 });
    return lastSmsCode(system, mobile, purpose) as string;
  }

  async function register(api: Api, body: Record<string, unknown>): Promise<string> {
    const created = await api('POST', '/accounts', { body: { ...body, smsCode: await smsCode(api, body.mobile as string, 'register') } });
    expect(created.status).toBe(201);
    return created.body.id as string;
  }

  async function signIn(api: Api, identifier: string, password = PASSWORD): Promise<string> {
    const session = await api('POST', '/sessions', { body: { identifier, password } });
    expect({ identifier, status: session.status }).toEqual({ identifier, status: 200 });
    return session.body.accessToken as string;
  }

  const wrong = (code: string) => (code === '000000' ? '111111' : '000000');

  describe('安全退出 (DELETE /sessions/current)', () => {
    it('revokes that very token at once; another token of the account keeps working', async () => {
      const api = client();
      const me = person();
      const id = await register(api, me);
      const phone = await signIn(api, me.username);
      const laptop = await signIn(api, me.mobile);
      expect(claimsOf(phone)).toMatchObject({ sub: id, sid: expect.any(String), rev: 0 });
      expect(claimsOf(phone).sid).not.toBe(claimsOf(laptop).sid);

      const out = await api('DELETE', '/sessions/current', { token: phone });
      expect(out.status).toBe(204);
      const refused = await api('GET', '/me', { token: phone });
      expectProblem(refused, 401, 'AUTH.TOKEN_REVOKED');
      expect(refused.body.details).toEqual({ reason: 'signed-out' });
      // Every route behind the token, whichever service answers it.
      expectProblem(await api('GET', '/achievements', { token: phone }), 401, 'AUTH.TOKEN_REVOKED');
      expectProblem(await api('DELETE', '/sessions/current', { token: phone }), 401, 'AUTH.TOKEN_REVOKED');

      expect((await api('GET', '/me', { token: laptop })).status).toBe(200);
      expect((await api('GET', '/achievements', { token: laptop })).status).toBe(200);
      // Signing in again opens a new session.
      expect((await api('GET', '/me', { token: await signIn(api, me.username) })).status).toBe(200);
    });

    it('needs a token, and refuses a correctly signed token that names no session', async () => {
      const api = client();
      expectProblem(await api('DELETE', '/sessions/current'), 401, 'AUTH.TOKEN_MISSING');
      const me = person();
      const id = await register(api, me);
      const secret = readFileSync(join(system.dataDir, 'jwt-secret'), 'utf8').trim();
      const sessionless = new JwtService({ secret }).sign({ sub: id, role: 'learner' }, { algorithm: 'HS256', expiresIn: 600 });
      expectProblem(await api('GET', '/me', { token: sessionless }), 401, 'AUTH.TOKEN_INVALID');
    });
  });

  describe('tokens issued before a password change or reset', () => {
    it('are all refused after PUT /me/password (the one used too); a sign-in right after works', async () => {
      const api = client();
      const me = person();
      await register(api, me);
      const [a, b] = [await signIn(api, me.username), await signIn(api, me.email)];
      const changed = await api('PUT', '/me/password', { token: a, body: { currentPassword: PASSWORD, newPassword: 'N3w-Password', newPasswordConfirmation: 'N3w-Password' } });
      expect(changed.status).toBe(204);
      for (const token of [a, b]) {
        const refused = await api('GET', '/me', { token });
        expectProblem(refused, 401, 'AUTH.TOKEN_REVOKED');
        expect(refused.body.details).toEqual({ reason: 'credentials-changed' });
      }
      // Issued in the same second as the change, most likely (iat has whole seconds): the
      // revision of the account stream orders it after the change all the same.
      const after = await signIn(api, me.username, 'N3w-Password');
      expect(claimsOf(after).rev).toBeGreaterThan(claimsOf(a).rev);
      expect((await api('GET', '/me', { token: after })).status).toBe(200);
    });

    it('are all refused after a reset', async () => {
      const api = client();
      const me = person();
      await register(api, me);
      const before = await signIn(api, me.username);
      const code = await smsCode(api, me.mobile, 'reset-password');
      expect((await api('POST', '/password-resets', { body: { mobile: me.mobile, smsCode: code, newPassword: 'Res3t-Password', newPasswordConfirmation: 'Res3t-Password' } })).status).toBe(204);
      expectProblem(await api('GET', '/me', { token: before }), 401, 'AUTH.TOKEN_REVOKED');
      expect((await api('GET', '/me', { token: await signIn(api, me.username, 'Res3t-Password') })).status).toBe(200);
    });
  });

  describe('忘记密码 (POST /password-resets)', () => {
    it('resets the password with a code sent to the account`s mobile; the old password is refused, the code used up', async () => {
      const api = client();
      const me = person();
      await register(api, me);
      const code = await smsCode(api, me.mobile, 'reset-password');
      const body = { mobile: me.mobile, smsCode: code, newPassword: 'Res3t-Password', newPasswordConfirmation: 'Res3t-Password' };
      const reset = await api('POST', '/password-resets', { body });
      expect(reset.status).toBe(204);

      expectProblem(await api('POST', '/sessions', { body: { identifier: me.username, password: PASSWORD } }), 401, 'IDENTITY.INVALID_CREDENTIALS');
      const token = await signIn(api, me.mobile, 'Res3t-Password');
      expect((await api('GET', '/me', { token })).body.passwordChangedAt).toEqual(expect.any(String));
      expectProblem(await api('POST', '/password-resets', { body: { ...body, newPassword: 'Res3t-Again-1', newPasswordConfirmation: 'Res3t-Again-1' } }), 400, 'IDENTITY.SMS_CODE_USED');
    });

    it('refuses a wrong code, and answers a mobile without an account exactly like a wrong code', async () => {
      const api = client();
      const me = person();
      await register(api, me);
      const code = await smsCode(api, me.mobile, 'reset-password');
      const attempt = (mobile: string, smsCode: string) =>
        api('POST', '/password-resets', { body: { mobile, smsCode, newPassword: 'Res3t-Password', newPasswordConfirmation: 'Res3t-Password' } });

      const wrongCode = await attempt(me.mobile, wrong(code));
      expectProblem(wrongCode, 400, 'IDENTITY.SMS_CODE_INVALID');
      // A mobile that has no account: without a code, with a wrong one, and even with the right one.
      const nobody = freshMobile();
      const nobodyCode = await smsCode(api, nobody, 'reset-password');
      for (const answer of [await attempt(nobody, '123456'), await attempt(freshMobile(), '123456'), await attempt(nobody, nobodyCode)]) {
        expect({ status: answer.status, body: answer.body, contentType: answer.contentType }).toEqual({ status: 400, body: wrongCode.body, contentType: wrongCode.contentType });
      }

      // The password policy, before any code is looked at.
      const weak = await api('POST', '/password-resets', { body: { mobile: me.mobile, smsCode: code, newPassword: 'onlyletters', newPasswordConfirmation: 'onlyletters' } });
      expectProblem(weak, 400, 'IDENTITY.PASSWORD_INVALID');
      expect(weak.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual(['newPassword:IDENTITY.PASSWORD_POLICY']);
      expectProblem(await api('POST', '/password-resets', { body: { mobile: me.mobile, smsCode: 'abc' } }), 400, 'VALIDATION.INVALID_INPUT');

      // The wrong attempt cost one of the code's five; the right code still works.
      expect((await attempt(me.mobile, code)).status).toBe(204);
      expect((await api('POST', '/sessions', { body: { identifier: me.username, password: 'Res3t-Password' } })).status).toBe(200);
    });

    it('wrong codes count against the code: after 5 the right one is refused too', async () => {
      const api = client();
      const me = person();
      await register(api, me);
      const code = await smsCode(api, me.mobile, 'reset-password');
      const attempt = (smsCode: string) => api('POST', '/password-resets', { body: { mobile: me.mobile, smsCode, newPassword: 'Res3t-Password', newPasswordConfirmation: 'Res3t-Password' } });
      for (let i = 0; i < 5; i++) expectProblem(await attempt(wrong(code)), 400, 'IDENTITY.SMS_CODE_INVALID');
      expectProblem(await attempt(code), 400, 'IDENTITY.SMS_CODE_ATTEMPTS_EXCEEDED');
      expect((await api('POST', '/sessions', { body: { identifier: me.username, password: PASSWORD } })).status).toBe(200);
    });

    it('is limited like sign-in: 30 requests a minute per client address, then 429', async () => {
      const api = client();
      const body = { mobile: freshMobile(), smsCode: '123456', newPassword: 'Res3t-Password', newPasswordConfirmation: 'Res3t-Password' };
      for (let i = 0; i < 30; i++) expect((await api('POST', '/password-resets', { body })).status).toBe(400);
      expectProblem(await api('POST', '/password-resets', { body }), 429, 'HTTP.TOO_MANY_REQUESTS');
      expect((await client()('POST', '/password-resets', { body })).status).toBe(400);
    });
  });

  describe('更换手机号 (PUT /me/mobile)', () => {
    it('needs both codes; then sign-in works with the new number and not the old one, which is free again', async () => {
      const api = client();
      const me = person();
      const id = await register(api, me);
      const token = await signIn(api, me.username);
      const newMobile = freshMobile();
      const [oldCode, newCode] = [await smsCode(api, me.mobile, 'change-mobile'), await smsCode(api, newMobile, 'change-mobile')];
      const change = (body: Record<string, unknown>) => api('PUT', '/me/mobile', { token, body });
      // Registering with the current number: the code is answered before any uniqueness, and a
      // used register code is answered as a wrong one (nobody learns a number is taken without a code).
      const withOldMobile = () => api('POST', '/accounts', { body: { ...person({ mobile: me.mobile }), smsCode: '123456' } });
      expectProblem(await withOldMobile(), 400, 'IDENTITY.SMS_CODE_INVALID');

      expectProblem(await change({ newMobile, smsCodeOld: oldCode }), 400, 'VALIDATION.INVALID_INPUT');
      expectProblem(await change({ newMobile, smsCodeOld: wrong(oldCode), smsCodeNew: newCode }), 400, 'IDENTITY.SMS_CODE_INVALID');
      expectProblem(await change({ newMobile, smsCodeOld: oldCode, smsCodeNew: wrong(newCode) }), 400, 'IDENTITY.SMS_CODE_INVALID');
      // A code for the other number, or of another purpose, is no code for this one.
      expectProblem(await change({ newMobile, smsCodeOld: newCode, smsCodeNew: oldCode }), 400, 'IDENTITY.SMS_CODE_INVALID');
      expectProblem(await change({ newMobile: me.mobile, smsCodeOld: oldCode, smsCodeNew: oldCode }), 400, 'IDENTITY.MOBILE_UNCHANGED');
      expect((await api('GET', '/me', { token })).body.mobile).toBe(me.mobile);

      expect((await change({ newMobile, smsCodeOld: oldCode, smsCodeNew: newCode })).status).toBe(204);
      expect((await api('GET', '/me', { token })).body.mobile).toBe(newMobile);
      expect(claimsOf(await signIn(api, newMobile)).sub).toBe(id);
      expectProblem(await api('POST', '/sessions', { body: { identifier: me.mobile, password: PASSWORD } }), 401, 'IDENTITY.INVALID_CREDENTIALS');
      // The codes are used up.
      expectProblem(await change({ newMobile: freshMobile(), smsCodeOld: newCode, smsCodeNew: '123456' }), 400, 'IDENTITY.SMS_CODE_USED');
      // The old number is free: a registration with it is no longer refused as taken (only its
      // register code, used by this account's own registration, stands in the way).
      expectProblem(await withOldMobile(), 400, 'IDENTITY.SMS_CODE_INVALID');
    });

    it('refuses a number another account has (409), before any code is used', async () => {
      const api = client();
      const [me, other] = [person(), person()];
      await register(api, me);
      await register(api, other);
      const token = await signIn(api, me.username);
      const oldCode = await smsCode(api, me.mobile, 'change-mobile');
      const taken = await api('PUT', '/me/mobile', { token, body: { newMobile: other.mobile, smsCodeOld: oldCode, smsCodeNew: '123456' } });
      expectProblem(taken, 409, 'IDENTITY.MOBILE_TAKEN');
      // Nothing changed and the code still works.
      const newMobile = freshMobile();
      const newCode = await smsCode(api, newMobile, 'change-mobile');
      expect((await api('PUT', '/me/mobile', { token, body: { newMobile, smsCodeOld: oldCode, smsCodeNew: newCode } })).status).toBe(204);
      expect((await api('POST', '/sessions', { body: { identifier: other.mobile, password: PASSWORD } })).status).toBe(200);
    });
  });

  describe('PATCH /me', () => {
    it('changes the email: sign-in by the new one works, the old one is free, another account`s email is 409', async () => {
      const api = client();
      const [me, other] = [person(), person()];
      const id = await register(api, me);
      await register(api, other);
      const token = await signIn(api, me.username);

      const edited = await api('PATCH', '/me', { token, body: { email: `New.${me.email.toUpperCase()}` } });
      expect(edited.status).toBe(200);
      expect(edited.body).toMatchObject({ id, email: `new.${me.email}`, mobile: me.mobile, address: REGISTERED_ADDRESS });
      expect((await api('GET', '/me', { token })).body.email).toBe(`new.${me.email}`);
      expect(claimsOf(await signIn(api, `new.${me.email}`)).sub).toBe(id);
      expectProblem(await api('POST', '/sessions', { body: { identifier: me.email, password: PASSWORD } }), 401, 'IDENTITY.INVALID_CREDENTIALS');

      expectProblem(await api('PATCH', '/me', { token, body: { email: other.email.toUpperCase() } }), 409, 'IDENTITY.EMAIL_TAKEN');
      expect((await api('GET', '/me', { token })).body.email).toBe(`new.${me.email}`);
      // The old email is free again.
      await register(api, person({ email: me.email }));
      // The same email again changes nothing.
      expect((await api('PATCH', '/me', { token, body: { email: `new.${me.email}` } })).body.email).toBe(`new.${me.email}`);
    });

    it('changes the address as a whole, and refuses bad fields with each one named', async () => {
      const api = client();
      const me = person();
      await register(api, me);
      const token = await signIn(api, me.username);
      const address = { province: '440000', city: '440300', district: '440305', detail: ' 科技园 1 号 ' };
      const shown = { province: '广东省', provinceCode: '440000', city: '深圳市', cityCode: '440300', district: '南山区', districtCode: '440305', detail: '科技园 1 号' };
      const edited = await api('PATCH', '/me', { token, body: { address } });
      expect(edited.status).toBe(200);
      expect(edited.body.address).toEqual(shown);
      expect(edited.body.email).toBe(me.email);

      let bad = await api('PATCH', '/me', { token, body: { address: { ...address, city: '   ' } } });
      expectProblem(bad, 400, 'IDENTITY.PROFILE_INVALID');
      expect(bad.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual(['address.city:IDENTITY.REQUIRED']);
      bad = await api('PATCH', '/me', { token, body: { address: { ...address, district: '440106' } } });
      expectProblem(bad, 400, 'IDENTITY.PROFILE_INVALID');
      expect(bad.body.errors.map((e: { field: string; code: string }) => `${e.field}:${e.code}`)).toEqual(['address.district:IDENTITY.REGION_MISMATCH']);
      bad = await api('PATCH', '/me', { token, body: { email: 'not-an-email', address: { province: '440000' } } });
      expectProblem(bad, 400, 'VALIDATION.INVALID_INPUT');
      expectProblem(await api('PATCH', '/me', { token, body: { username: 'renamed_me' } }), 400, 'VALIDATION.INVALID_INPUT');
      expect((await api('GET', '/me', { token })).body.address).toEqual(shown);
    });

    it('refuses an address for an institution and any profile edit for the administrator', async () => {
      const api = client();
      const institution = {
        type: 'institution',
        username: `life_inst_${++seq}`,
        password: PASSWORD,
        passwordConfirmation: PASSWORD,
        name: '广东省考试中心',
        unifiedSocialCreditCode: '91440101MA59TQR7XH',
        contactName: '王五',
        email: `life-inst${seq}@exam.example.cn`,
        mobile: freshMobile(),
        acceptTerms: true,
      };
      await register(api, institution);
      const token = await signIn(api, institution.username);
      const bad = await api('PATCH', '/me', { token, body: { address: ADDRESS } });
      expectProblem(bad, 400, 'IDENTITY.PROFILE_INVALID');
      expect(bad.body.errors).toEqual([{ field: 'address', code: 'IDENTITY.NOT_APPLICABLE', message: expect.any(String) }]);
      expect((await api('PATCH', '/me', { token, body: { email: `office${seq}@exam.example.cn` } })).body.email).toBe(`office${seq}@exam.example.cn`);

      const admin = await signIn(api, ADMIN.ADMIN_USERNAME, ADMIN.ADMIN_PASSWORD);
      expectProblem(await api('PATCH', '/me', { token: admin, body: { email: 'admin@example.com' } }), 403, 'IDENTITY.PROFILE_NOT_EDITABLE');
      expectProblem(await api('PUT', '/me/mobile', { token: admin, body: { newMobile: freshMobile(), smsCodeOld: '123456', smsCodeNew: '123456' } }), 403, 'IDENTITY.PROFILE_NOT_EDITABLE');
    });
  });

  it('documents the new routes in OpenAPI with their errors', async () => {
    const doc = (await (await fetch(`${system.url}/api/docs/openapi.json`)).json()) as { paths: Record<string, Record<string, any>> };
    const responses = (path: string, method: string) => Object.keys(doc.paths[path]?.[method]?.responses ?? {});
    expect(responses('/api/v1/sessions/current', 'delete')).toEqual(expect.arrayContaining(['204', '401']));
    expect(responses('/api/v1/password-resets', 'post')).toEqual(expect.arrayContaining(['204', '400', '429']));
    expect(responses('/api/v1/me/mobile', 'put')).toEqual(expect.arrayContaining(['204', '400', '401', '403', '409']));
    expect(responses('/api/v1/me', 'patch')).toEqual(expect.arrayContaining(['200', '400', '401', '403', '409']));
    expect(doc.paths['/api/v1/me'].patch.responses['409'].content['application/problem+json']).toBeDefined();
    expect(doc.paths['/api/v1/sessions/current'].delete.security).toBeDefined();
    expect(doc.paths['/api/v1/password-resets'].post.security).toBeUndefined();
  });
});
