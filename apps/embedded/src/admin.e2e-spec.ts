import { BusEnvelope, IDENTITY_PATTERNS, INSTITUTION_DECIDED_V1 } from '@credit-bank/contracts';
import { AdministratorBootstrap, administratorIdOf, mapIdentityEvent } from '@credit-bank/identity-service';
import { randomUUID } from 'node:crypto';
import { lastValueFrom } from 'rxjs';
import { creditCode, httpClient, HttpResult, lastSmsCode, residentId, startTestSystem, TestSystem } from './testing/e2e-support';

/**
 * 管理中心 over real HTTP on the embedded profile: the first administrator from the configuration
 * (ADMIN_USERNAME / ADMIN_PASSWORD), 机构审核 (list, approve — linking the account to one
 * qualification institution of the directory, by its credit code or an id given — reject with a
 * reason), unique names of institution accounts, the refusals with their stable codes, and
 * restarts that do not register a second administrator.
 */

const PASSWORD = 'Passw0rd-2024';
const ADMIN = { ADMIN_USERNAME: 'Chief_Admin', ADMIN_PASSWORD: 'Adm1n-Secret-2025' };
let seq = 0;

function institution(name: string) {
  const n = ++seq;
  return {
    type: 'institution',
    username: `admin_e2e_inst_${n}`,
    password: PASSWORD,
    passwordConfirmation: PASSWORD,
    name,
    unifiedSocialCreditCode: creditCode(`12440000${String(500000000 + n).slice(-9)}`),
    contactName: '王五',
    email: `admin-e2e-inst${n}@exam.example.cn`,
    mobile: `136${String(10_000_000 + n * 7919).slice(-8)}`,
    acceptTerms: true,
  };
}

function person() {
  const n = ++seq;
  return {
    type: 'individual',
    username: `admin_e2e_learner_${n}`,
    password: PASSWORD,
    passwordConfirmation: PASSWORD,
    realName: '李四',
    nationality: 'CN',
    ethnicity: '01',
    gender: 'female',
    idType: 'resident-id-card',
    idNumber: residentId(`44010619900307${String(500 + n).slice(-3)}`),
    birthDate: '1990-03-07',
    email: `admin-e2e-learner${n}@example.com`,
    address: { province: '440000', city: '440100', district: '440106', detail: '中山大道西 55 号' },
    mobile: `135${String(10_000_000 + n * 7919).slice(-8)}`,
    acceptTerms: true,
  };
}

function expectProblem(result: HttpResult, status: number, code: string): void {
  expect({ status: result.status, code: result.body?.code }).toEqual({ status, code });
  expect(result.contentType).toMatch(/^application\/problem\+json/);
}

const claimsOf = (token: string): { sub: string; role: string } => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));

describe('administration: first administrator and 机构审核 (embedded profile, over HTTP)', () => {
  let system: TestSystem;
  let dataDir: string;
  let ipSeq = 0;

  beforeAll(async () => {
    system = await startTestSystem(ADMIN);
    dataDir = system.dataDir;
  });

  afterAll(async () => {
    await system?.dispose();
  });

  /** Its own client address for each actor (the auth routes are limited per address). */
  function client() {
    const ip = `10.4.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`;
    const request = httpClient(`${system.url}/api/v1`);
    return (method: string, path: string, options: { body?: unknown; token?: string; headers?: Record<string, string> } = {}): Promise<HttpResult> =>
      request(method, path, { ...options, headers: { ...options.headers, 'x-forwarded-for': ip } });
  }

  async function register(body: { mobile: string } & Record<string, unknown>): Promise<string> {
    const api = client();
    expect((await api('POST', '/sms-codes', { body: { mobile: body.mobile, purpose: 'register' } })).status).toBe(202);
    const created = await api('POST', '/accounts', { body: { ...body, smsCode: lastSmsCode(system, body.mobile) } });
    expect(created.status).toBe(201);
    return created.body.id as string;
  }

  async function login(identifier: string, password = PASSWORD): Promise<string> {
    const session = await client()('POST', '/sessions', { body: { identifier, password } });
    expect({ identifier, status: session.status }).toEqual({ identifier, status: 200 });
    return session.body.accessToken as string;
  }

  /** Lists an institution in the catalogue's directory (资历机构) as the administrator; its id. */
  async function listInDirectory(admin: string, name: string, code?: string): Promise<string> {
    const listed = await client()('POST', '/admin/qualification-institutions', { token: admin, body: { name, ...(code ? { creditCode: code } : {}) } });
    expect({ name, status: listed.status }).toEqual({ name, status: 201 });
    return listed.body.id as string;
  }

  /** Sends a message to the identity service on the bus, as the gateway would, with any actor. */
  async function busCall(pattern: string, payload: unknown, role: 'learner' | 'institution' | 'admin', accountId: string = randomUUID()): Promise<unknown> {
    const envelope: BusEnvelope<unknown> = { meta: { actor: { accountId, role }, correlationId: randomUUID() }, payload };
    return lastValueFrom(system.infrastructure.bus!.send(pattern, envelope)).catch((error: unknown) => error);
  }

  it('registers the administrator from the configuration, who signs in with the admin role', async () => {
    expect(system.services[0].get(AdministratorBootstrap).outcome).toMatchObject({ kind: 'created', username: 'Chief_Admin' });
    const token = await login('chief_admin', ADMIN.ADMIN_PASSWORD);
    expect(claimsOf(token)).toEqual(expect.objectContaining({ sub: administratorIdOf('Chief_Admin'), role: 'admin' }));
    const me = await client()('GET', '/me', { token });
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ id: administratorIdOf('Chief_Admin'), type: 'administrator', role: 'admin', status: 'active', username: 'Chief_Admin', registeredAt: expect.any(String) });
    expect(JSON.stringify(me.body)).not.toMatch(/argon2|Adm1n/);
    expectProblem(await client()('POST', '/sessions', { body: { identifier: 'Chief_Admin', password: 'Wrong-Passw0rd' } }), 401, 'IDENTITY.INVALID_CREDENTIALS');
  });

  it('lists pending institutions with their directory match, approves one (linked by its credit code), rejects another with a reason; /me and the integration event follow', async () => {
    const admin = await login('Chief_Admin', ADMIN.ADMIN_PASSWORD);
    const approvedBody = institution('广东省考试中心');
    const rejectedBody = institution('某某培训学校');
    // The administrator lists the institution in the directory with its credit code.
    const directoryId = await listInDirectory(admin, '广东省考试中心（资历机构）', approvedBody.unifiedSocialCreditCode);
    const approvedId = await register(approvedBody);
    const rejectedId = await register(rejectedBody);

    // Pending institutions sign in (role institution) and see their status.
    const pendingToken = await login(approvedBody.username);
    expect(claimsOf(pendingToken).role).toBe('institution');
    expect((await client()('GET', '/me', { token: pendingToken })).body).toMatchObject({ status: 'pending-approval', name: '广东省考试中心' });

    const api = client();
    const pending = await api('GET', '/admin/institutions?status=pending-approval&pageSize=100', { token: admin });
    expect(pending.status).toBe(200);
    const ids = pending.body.items.map((i: { id: string }) => i.id);
    expect(ids).toEqual(expect.arrayContaining([approvedId, rejectedId]));
    expect(ids.indexOf(approvedId)).toBeLessThan(ids.indexOf(rejectedId)); // oldest first
    expect(pending.body.items.find((i: { id: string }) => i.id === approvedId)).toEqual({
      id: approvedId,
      username: approvedBody.username,
      name: '广东省考试中心',
      unifiedSocialCreditCode: approvedBody.unifiedSocialCreditCode,
      contactName: '王五',
      email: approvedBody.email,
      mobile: approvedBody.mobile,
      status: 'pending-approval',
      registeredAt: expect.any(String),
      institutionId: null,
      directoryMatch: { institutionId: directoryId, name: '广东省考试中心（资历机构）', linkedAccountId: null },
    });
    expect(pending.body.items.find((i: { id: string }) => i.id === rejectedId)).toMatchObject({ institutionId: null, directoryMatch: null });
    expect(pending.body).toMatchObject({ page: 1, pageSize: 100, total: ids.length });
    const firstPage = await api('GET', '/admin/institutions?status=pending-approval&pageSize=1', { token: admin });
    expect(firstPage.body).toMatchObject({ total: ids.length, page: 1, pageSize: 1, items: [{ id: ids[0] }] });

    const approvalKey = `approve-${approvedId}`;
    const approval = await api('POST', `/admin/institutions/${approvedId}/approval`, { token: admin, headers: { 'idempotency-key': approvalKey } });
    expect(approval.status).toBe(200);
    // Asked again with the same key (an answer lost on the way): the same answer, read again — not "already decided".
    const approvedAgain = await api('POST', `/admin/institutions/${approvedId}/approval`, { token: admin, headers: { 'idempotency-key': approvalKey } });
    expect({ status: approvedAgain.status, body: approvedAgain.body }).toEqual({ status: 200, body: approval.body });
    expect(approval.body).toMatchObject({
      id: approvedId,
      status: 'active',
      decidedBy: administratorIdOf('Chief_Admin'),
      decidedAt: expect.any(String),
      name: '广东省考试中心',
      institutionId: directoryId,
      institutionName: '广东省考试中心（资历机构）',
    });
    expect(approval.body.directoryMatch).toBeUndefined();

    const rejection = await api('POST', `/admin/institutions/${rejectedId}/rejection`, { token: admin, body: { reason: '  统一社会信用代码与营业执照不符  ' } });
    expect(rejection.status).toBe(200);
    expect(rejection.body).toMatchObject({ id: rejectedId, status: 'rejected', rejectionReason: '统一社会信用代码与营业执照不符' });

    const listed = async (status?: string) =>
      (await api('GET', `/admin/institutions?${status ? `status=${status}&` : ''}pageSize=100`, { token: admin })).body.items.map((i: { id: string }) => i.id) as string[];
    expect(await listed('active')).toContain(approvedId);
    expect(await listed('rejected')).toContain(rejectedId);
    const stillPending = await listed('pending-approval');
    expect(stillPending).not.toContain(approvedId);
    expect(stillPending).not.toContain(rejectedId);
    const all = await listed();
    expect(all).toEqual(expect.arrayContaining([approvedId, rejectedId]));

    // Each institution sees its decision; the rejected one still signs in, with the reason.
    expect((await client()('GET', '/me', { token: await login(approvedBody.username) })).body).toMatchObject({ status: 'active', decidedAt: expect.any(String) });
    const rejectedMe = (await client()('GET', '/me', { token: await login(rejectedBody.mobile) })).body;
    expect(rejectedMe).toMatchObject({ status: 'rejected', rejectionReason: '统一社会信用代码与营业执照不符', decidedAt: expect.any(String) });
    expect(rejectedMe.decidedBy).toBeUndefined();

    // The stored decisions map to identity.institution-decided.v1, and the relay got past them.
    const decisions = (await system.infrastructure.eventStore.readAll()).filter((e) => e.type === 'InstitutionApproved' || e.type === 'InstitutionRejected');
    expect(decisions.find((e) => e.type === 'InstitutionApproved' && (e.data as { accountId: string }).accountId === approvedId)?.metadata.schemaVersion).toBe(2);
    const published = decisions.map(mapIdentityEvent).filter((m) => m && [approvedId, rejectedId].includes((m.data as { accountId: string }).accountId));
    expect(published).toEqual([
      {
        topic: INSTITUTION_DECIDED_V1,
        data: { accountId: approvedId, institutionName: '广东省考试中心（资历机构）', institutionId: directoryId, decision: 'approved', decidedAt: approval.body.decidedAt },
      },
      {
        topic: INSTITUTION_DECIDED_V1,
        data: { accountId: rejectedId, institutionName: '某某培训学校', institutionId: null, decision: 'rejected', reason: '统一社会信用代码与营业执照不符', decidedAt: rejection.body.decidedAt },
      },
    ]);
    const lastDecision = Math.max(...decisions.map((e) => e.position));
    const deadline = Date.now() + 5000;
    while ((await system.infrastructure.readStore.checkpoints.load('relay:identity')) < lastDecision && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await system.infrastructure.readStore.checkpoints.load('relay:identity')).toBeGreaterThanOrEqual(lastDecision);

    // The rejected name is free again; the approved one is not.
    // (With a code of its own: without one the code is answered first, so names cannot be probed.)
    const again = institution('广东省考试中心');
    expect((await client()('POST', '/sms-codes', { body: { mobile: again.mobile, purpose: 'register' } })).status).toBe(202);
    expect((await client()('POST', '/accounts', { body: { ...again, smsCode: lastSmsCode(system, again.mobile) } })).body.code).toBe('IDENTITY.INSTITUTION_NAME_TAKEN');
    expect(await register(institution('某某培训学校'))).toEqual(expect.any(String));
  });

  it('links one account per directory institution: an explicit id, a second account refused naming the first, the match shown before approving', async () => {
    const admin = await login('Chief_Admin', ADMIN.ADMIN_PASSWORD);
    const api = client();
    const campus = institution('广州城市职业学院');
    const branch = institution('广州城市职业学院继续教育学院');
    // The directory entry has its own code; the first account is linked to it by id (its code is not in the directory).
    const directoryId = await listInDirectory(admin, '广州城市职业学院（资历机构）', creditCode('12440100MB2C98765'));
    const campusId = await register(campus);
    const noMatch = await api('POST', `/admin/institutions/${campusId}/approval`, { token: admin });
    expectProblem(noMatch, 409, 'IDENTITY.INSTITUTION_NOT_IN_DIRECTORY');
    const unknown = await api('POST', `/admin/institutions/${campusId}/approval`, { token: admin, body: { institutionId: randomUUID() } });
    expectProblem(unknown, 404, 'CATALOG.INSTITUTION_NOT_FOUND');
    expect(unknown.body.errors).toEqual([expect.objectContaining({ field: 'institutionId', code: 'CATALOG.INSTITUTION_NOT_FOUND' })]);
    expectProblem(await api('POST', `/admin/institutions/${campusId}/approval`, { token: admin, body: { institutionId: 42 } }), 400, 'VALIDATION.INVALID_INPUT');
    const approved = await api('POST', `/admin/institutions/${campusId}/approval`, { token: admin, body: { institutionId: directoryId } });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ id: campusId, status: 'active', institutionId: directoryId, institutionName: '广州城市职业学院（资历机构）' });

    // A second account claiming the same institution: the administrator sees it, and approving it is refused.
    const branchId = await register({ ...branch, unifiedSocialCreditCode: creditCode('12440100MB2C98765') });
    const listed = (await api('GET', '/admin/institutions?status=pending-approval&pageSize=100', { token: admin })).body.items.find((i: { id: string }) => i.id === branchId);
    expect(listed.directoryMatch).toEqual({ institutionId: directoryId, name: '广州城市职业学院（资历机构）', linkedAccountId: campusId });
    const second = await api('POST', `/admin/institutions/${branchId}/approval`, { token: admin });
    expectProblem(second, 409, 'IDENTITY.INSTITUTION_ALREADY_LINKED');
    expect(second.body.details).toMatchObject({ linkedAccountId: campusId });
    expect((await client()('GET', '/me', { token: await login(branch.username) })).body.status).toBe('pending-approval');

    // Of two accounts approved to one institution at once, exactly one is linked.
    const otherId = await listInDirectory(admin, '广州并发职业学院（资历机构）');
    const a = await register(institution('广州并发职业学院甲'));
    const b = await register(institution('广州并发职业学院乙'));
    const results = await Promise.all([a, b].map((id) => api('POST', `/admin/institutions/${id}/approval`, { token: admin, body: { institutionId: otherId } })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)?.body.code).toBe('IDENTITY.INSTITUTION_ALREADY_LINKED');
  });

  it('keeps the names of pending and active institution accounts unique (compared without regard to spacing)', async () => {
    await register(institution('佛山市成人教育中心'));
    const api = client();
    const body = institution(' 佛山市成人教育中心 ');
    expect((await api('POST', '/sms-codes', { body: { mobile: body.mobile, purpose: 'register' } })).status).toBe(202);
    const taken = await api('POST', '/accounts', { body: { ...body, smsCode: lastSmsCode(system, body.mobile) } });
    expectProblem(taken, 409, 'IDENTITY.INSTITUTION_NAME_TAKEN');
    expect(taken.body.details).toMatchObject({ field: 'name' });
  });

  it('refuses learners, institutions and anonymous callers, unknown ids, a second decision and a missing reason', async () => {
    const admin = await login('Chief_Admin', ADMIN.ADMIN_PASSWORD);
    const learnerBody = person();
    const learnerId = await register(learnerBody);
    const learner = await login(learnerBody.username);
    const instBody = institution('深圳职业技术学院');
    const instId = await register(instBody);
    const inst = await login(instBody.username);
    const api = client();

    for (const token of [learner, inst]) {
      expectProblem(await api('GET', '/admin/institutions?status=pending-approval', { token }), 403, 'AUTH.FORBIDDEN');
      expectProblem(await api('POST', `/admin/institutions/${instId}/approval`, { token }), 403, 'AUTH.FORBIDDEN');
      expectProblem(await api('POST', `/admin/institutions/${instId}/rejection`, { token, body: { reason: '自己驳回' } }), 403, 'AUTH.FORBIDDEN');
    }
    expectProblem(await api('GET', '/admin/institutions'), 401, 'AUTH.TOKEN_MISSING');
    expectProblem(await api('POST', `/admin/institutions/${instId}/approval`), 401, 'AUTH.TOKEN_MISSING');

    // The identity service checks the role itself, whatever reaches it on the bus.
    expect(await busCall(IDENTITY_PATTERNS.approveInstitution, { id: instId }, 'institution', instId)).toMatchObject({ code: 'IDENTITY.ADMINISTRATOR_REQUIRED', kind: 'forbidden' });
    expect(await busCall(IDENTITY_PATTERNS.rejectInstitution, { id: instId, reason: 'x' }, 'learner')).toMatchObject({ code: 'IDENTITY.ADMINISTRATOR_REQUIRED', kind: 'forbidden' });
    expect(await busCall(IDENTITY_PATTERNS.listInstitutions, {}, 'learner')).toMatchObject({ code: 'AUTH.FORBIDDEN', kind: 'forbidden' });
    expect((await client()('GET', '/me', { token: inst })).body.status).toBe('pending-approval');

    expectProblem(await api('POST', `/admin/institutions/${randomUUID()}/approval`, { token: admin }), 404, 'IDENTITY.INSTITUTION_NOT_FOUND');
    expectProblem(await api('POST', `/admin/institutions/${randomUUID()}/rejection`, { token: admin, body: { reason: '不存在' } }), 404, 'IDENTITY.INSTITUTION_NOT_FOUND');
    expectProblem(await api('POST', `/admin/institutions/${learnerId}/approval`, { token: admin }), 404, 'IDENTITY.INSTITUTION_NOT_FOUND');
    expectProblem(await api('POST', `/admin/institutions/${administratorIdOf('Chief_Admin')}/approval`, { token: admin }), 404, 'IDENTITY.INSTITUTION_NOT_FOUND');
    expectProblem(await api('POST', '/admin/institutions/not-a-uuid/approval', { token: admin }), 404, 'IDENTITY.INSTITUTION_NOT_FOUND');

    expectProblem(await api('POST', `/admin/institutions/${instId}/rejection`, { token: admin, body: {} }), 400, 'VALIDATION.INVALID_INPUT');
    expectProblem(await api('POST', `/admin/institutions/${instId}/rejection`, { token: admin, body: { reason: '   ' } }), 400, 'VALIDATION.INVALID_INPUT');
    expectProblem(await api('POST', `/admin/institutions/${instId}/rejection`, { token: admin, body: { reason: '因'.repeat(501) } }), 400, 'VALIDATION.INVALID_INPUT');
    expectProblem(await api('GET', '/admin/institutions?status=approved', { token: admin }), 400, 'VALIDATION.INVALID_INPUT');

    const directoryId = await listInDirectory(admin, '深圳职业技术大学', instBody.unifiedSocialCreditCode);
    expect((await api('POST', `/admin/institutions/${instId}/approval`, { token: admin })).status).toBe(200);
    const twice = await api('POST', `/admin/institutions/${instId}/approval`, { token: admin });
    expectProblem(twice, 409, 'IDENTITY.INSTITUTION_NOT_PENDING');
    expect(twice.body.details).toEqual({ status: 'active', institutionId: directoryId });
    expectProblem(await api('POST', `/admin/institutions/${instId}/rejection`, { token: admin, body: { reason: '改主意' } }), 409, 'IDENTITY.INSTITUTION_NOT_PENDING');
  });

  it('of an approval and a rejection sent at once, one stands and the other is refused with 409', async () => {
    const admin = await login('Chief_Admin', ADMIN.ADMIN_PASSWORD);
    const directoryId = await listInDirectory(admin, '并发审核中心');
    const id = await register(institution('并发审核中心'));
    const api = client();
    const results = await Promise.all([
      api('POST', `/admin/institutions/${id}/approval`, { token: admin, body: { institutionId: directoryId } }),
      api('POST', `/admin/institutions/${id}/rejection`, { token: admin, body: { reason: '并发' } }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const decisions = (await system.infrastructure.eventStore.readStream(`identity.account-${id}`)).map((e) => e.type);
    expect(decisions.filter((t) => t !== 'InstitutionRegistered')).toHaveLength(1);
  });

  it('a restart with the same configuration registers no second administrator and keeps the password', async () => {
    await system.dispose({ keep: true });
    system = await startTestSystem({ ...ADMIN, ADMIN_PASSWORD: 'Changed-Passw0rd', DATA_DIR: dataDir });
    expect(system.services[0].get(AdministratorBootstrap).outcome).toMatchObject({ kind: 'exists', accountId: administratorIdOf('Chief_Admin') });
    const registrations = (await system.infrastructure.eventStore.readAll()).filter((e) => e.type === 'AdministratorRegistered');
    expect(registrations).toHaveLength(1);
    expect(await login('Chief_Admin', ADMIN.ADMIN_PASSWORD)).toEqual(expect.any(String));
    expectProblem(await client()('POST', '/sessions', { body: { identifier: 'Chief_Admin', password: 'Changed-Passw0rd' } }), 401, 'IDENTITY.INVALID_CREDENTIALS');
  });
});

describe('administration: no administrator without configuration', () => {
  it('registers none (there is no default password) and signs nobody in as admin', async () => {
    const system = await startTestSystem();
    try {
      expect(system.services[0].get(AdministratorBootstrap).outcome).toEqual({ kind: 'not-configured', administrators: 0 });
      expect((await system.infrastructure.eventStore.readAll()).filter((e) => e.type === 'AdministratorRegistered')).toEqual([]);
      const api = httpClient(`${system.url}/api/v1`);
      for (const identifier of ['admin', 'administrator', 'Chief_Admin']) {
        for (const password of ['admin', 'Admin123', 'Passw0rd', ADMIN.ADMIN_PASSWORD]) {
          expect((await api('POST', '/sessions', { body: { identifier, password }, headers: { 'x-forwarded-for': '10.5.0.1' } })).status).toBe(401);
        }
      }
    } finally {
      await system.dispose();
    }
  });
});
