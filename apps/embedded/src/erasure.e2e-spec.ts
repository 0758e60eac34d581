import { PNG_EVIDENCE as PNG } from '@credit-bank/testing';
import Database from 'better-sqlite3';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runAudit } from '../../audit/src/lib/cli';
import { creditCode, eventually, expectProblem, httpClient, lastSmsCode, startTestSystem, TestSystem } from './testing/e2e-support';

/**
 * 注销 (issue 10, point 2) end to end over HTTP, real flows only: an institution recognises a
 * learner's certificate; the learner erases the account (wrong password, wrong code, then 204);
 * sign-in and the old token are refused, the subject key is gone, no read model holds the
 * person's name, mobile, email or ID number, the institution still sees its decision with the
 * learner shown as erased, and the same person registers again with the same ID number. The
 * institution's statistics count the recognition before and after, without a name (机构统计). The
 * administrator erases another learner on a recorded request; institutions and the administrator
 * cannot erase themselves. After all that, `audit verify` and `rebuild --compare` pass.
 */
const PASSWORD = 'Passw0rd-2024';
const ADMIN = { username: 'chief_admin', password: 'Adm1n-Secret-2026' };
const PERSON = {
  username: 'zhao_liu',
  realName: '赵六',
  idNumber: '11010519491231002X',
  maskedIdNumber: '110105********002X',
  email: 'zhao.liu@example.com',
  mobile: '13700000101',
  detail: '中山大道西 55 号',
};

/** Every row of every table of the read-model database, as text (the file itself, read directly). */
function readModelsText(dataDir: string): string {
  const db = new Database(join(dataDir, 'read-models.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>;
    return tables.map(({ name }) => `${name}: ${JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).all())}`).join('\n');
  } finally {
    db.close();
  }
}

describe('erasure (注销) and access, embedded profile', () => {
  let system: TestSystem | undefined;
  let dataDir: string;
  let api: ReturnType<typeof httpClient>;
  let adminToken: string;
  let examinerToken: string;
  let learnerId: string;
  let learnerToken: string;
  let achievementId: string;
  let evidenceId: string;
  let otherLearnerId: string;
  let examinerId: string;
  /** The institution's statistics before the erasure (机构统计). */
  let statisticsBefore: Record<string, unknown>;

  const login = (identifier: string, password = PASSWORD) => api('POST', '/sessions', { body: { identifier, password } });
  const tokenOf = async (identifier: string, password = PASSWORD) => {
    const res = await login(identifier, password);
    expect(res.status).toBe(200);
    return res.body.accessToken as string;
  };
  const registerLearner = async (person: typeof PERSON) => {
    expect((await api('POST', '/sms-codes', { body: { mobile: person.mobile, purpose: 'register' } })).status).toBe(202);
    return api('POST', '/accounts', {
      body: {
        type: 'individual', username: person.username, password: PASSWORD, passwordConfirmation: PASSWORD, realName: person.realName, nationality: 'CN', ethnicity: '01',
        gender: 'female', idType: 'resident-id-card', idNumber: person.idNumber, birthDate: '1949-12-31', email: person.email,
        address: { province: '440000', city: '440100', district: '440106', detail: person.detail }, mobile: person.mobile, smsCode: lastSmsCode(system!, person.mobile), acceptTerms: true,
      },
    });
  };

  beforeAll(async () => {
    system = await startTestSystem({ ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password });
    dataDir = system.dataDir;
    api = httpClient(`${system.url}/api/v1`);

    // The examining institution registers and the administrator links it to its directory entry.
    const found = await api('GET', `/catalog/items?q=${encodeURIComponent('全国计算机等级考试二级及以上证书')}`);
    const item = found.body.items.find((i: { achievementName: string }) => i.achievementName === '全国计算机等级考试二级及以上证书');
    const mobile = '13700000001';
    await api('POST', '/sms-codes', { body: { mobile, purpose: 'register' } });
    const examiner = await api('POST', '/accounts', {
      body: {
        type: 'institution', username: 'ncre_office', password: PASSWORD, passwordConfirmation: PASSWORD, name: item.institutionName, unifiedSocialCreditCode: creditCode('12100000400000001'),
        contactName: '联系人', email: 'ncre_office@example.cn', mobile, smsCode: lastSmsCode(system, mobile), acceptTerms: true,
      },
    });
    expect(examiner.status).toBe(201);
    examinerId = examiner.body.id;
    adminToken = await tokenOf(ADMIN.username, ADMIN.password);
    expect((await api('POST', `/admin/institutions/${examinerId}/approval`, { token: adminToken, body: { institutionId: item.institutionId } })).status).toBe(200);
    examinerToken = await tokenOf('ncre_office');

    // The learner registers, stores the certificate with its evidence and submits it; the institution recognises it.
    const registered = await registerLearner(PERSON);
    expect(registered.status).toBe(201);
    learnerId = registered.body.id;
    learnerToken = await tokenOf(PERSON.username);
    const form = new FormData();
    form.append('file', new Blob([PNG], { type: 'image/png' }), 'ncre.png');
    const evidence = await api('POST', '/evidence', { token: learnerToken, form });
    evidenceId = evidence.body.id;
    const stored = await api('POST', '/achievements', {
      token: learnerToken,
      body: { category: item.category, catalogItemId: item.id, certificateNumber: 'NCRE-2024-7788', issueDate: '2024-06-30', certificateLevel: '2', occupation: '程序员', educationLevel: '61', evidenceId: evidence.body.id },
    });
    expect(stored.status).toBe(201);
    achievementId = stored.body.id;
    expect((await api('POST', `/achievements/${achievementId}/recognition-requests`, { token: learnerToken })).status).toBe(202);
    await eventually(() => api('GET', '/reviews', { token: examinerToken }), (r) => r.body?.total === 1);
    expect((await api('POST', `/reviews/${achievementId}/recognition`, { token: examinerToken, body: {} })).status).toBe(200);
    const listed = await api('GET', '/reviews?status=recognised', { token: examinerToken });
    expect(listed.body.items[0]).toMatchObject({ id: achievementId, learnerName: PERSON.realName, learnerErased: false });
  }, 120_000);

  afterAll(async () => {
    await system?.dispose();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('exports everything held about the learner, machine-readable (GET /me/export)', async () => {
    const res = await api('GET', '/me/export', { token: learnerToken });
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^application\/json/);
    expect(res.headers.get('content-disposition')).toMatch(/attachment/);
    const body = res.body;
    expect(body).toMatchObject({ format: 'credit-bank.personal-data-export.v1', accountId: learnerId, role: 'learner', generatedAt: expect.any(String) });
    // Identity: the profile with the full ID number, the account's history, its sessions.
    expect(body.identity.account).toMatchObject({
      id: learnerId, username: PERSON.username, realName: PERSON.realName, idNumber: PERSON.idNumber, mobile: PERSON.mobile, email: PERSON.email,
      nationalityCode: 'CN', ethnicityCode: '01', birthDate: '1949-12-31', address: expect.objectContaining({ detail: PERSON.detail }),
    });
    expect(body.identity.history.map((e: { type: string }) => e.type)).toEqual(['AccountRegistered']);
    expect(body.identity.history[0].data).toMatchObject({ realName: PERSON.realName, idNumber: PERSON.idNumber });
    expect(JSON.stringify(body)).not.toMatch(/argon2|passwordHash|"sealed"/);
    // Ledger: the achievement with its recognition record, the evidence metadata, the learning account, the inbox.
    expect(body.ledger.learner).toMatchObject({ realName: PERSON.realName, username: PERSON.username });
    expect(body.ledger.achievements).toEqual([expect.objectContaining({ id: achievementId, certificateNumber: 'NCRE-2024-7788', recognition: expect.objectContaining({ status: 'recognised' }) })]);
    expect(body.ledger.achievements[0].recognition.record.map((s: { step: string }) => s.step)).toEqual(expect.arrayContaining(['submitted', 'recognised']));
    expect(body.ledger.evidence).toEqual([expect.objectContaining({ mediaType: 'image/png', attachedTo: achievementId, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) })]);
    expect(body.ledger.learningAccount.totals.recognised).toBeGreaterThan(0);
    expect(body.ledger.conversionApplications).toEqual([]);
    expect(body.ledger.inbox.length).toBeGreaterThan(0);
    expect(body.ledger.institution).toBeNull();

    // An institution gets its account and what the ledger knows of it; the document describes the route.
    const institution = (await api('GET', '/me/export', { token: examinerToken })).body;
    expect(institution).toMatchObject({ role: 'institution', identity: { account: { id: examinerId, name: expect.any(String), contactName: '联系人' } }, ledger: { learner: null, institution: { status: 'approved' }, achievements: [] } });
    expect(institution.identity.history.map((e: { type: string }) => e.type)).toEqual(['InstitutionRegistered', 'InstitutionApproved']);
    expectProblem(await api('GET', '/me/export'), 401, 'AUTH.TOKEN_MISSING');
    const doc = (await (await fetch(`${system!.url}/api/docs/openapi.json`)).json()) as { paths: Record<string, Record<string, any>> };
    expect(Object.keys(doc.paths['/api/v1/me/export'].get.responses)).toEqual(expect.arrayContaining(['200', '401']));
    expect(Object.keys(doc.paths['/api/v1/me'].delete.responses)).toEqual(expect.arrayContaining(['204', '400', '401', '403']));
    expect(Object.keys(doc.paths['/api/v1/admin/accounts/{id}/erasure'].post.responses)).toEqual(expect.arrayContaining(['200', '400', '403', '404']));
  });

  it('counts the recognition in the institution’s statistics, for itself and for the administrator (机构统计)', async () => {
    const own = await eventually(() => api('GET', '/institution/statistics', { token: examinerToken }), (r) => r.body?.recognised === 1);
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({
      accountId: examinerId,
      institutionId: expect.any(String),
      submitted: 1,
      pending: 0,
      recognised: 1,
      rejected: 0,
      returned: 0,
      revoked: 0,
      creditsAwarded: expect.any(Number),
      byCategory: [{ category: expect.any(String), recognised: 1 }],
      byFrameworkLevel: [{ frameworkLevel: expect.any(Number), recognised: 1 }],
      lastDecisionAt: expect.any(String),
    });
    expect(own.body.creditsAwarded).toBeGreaterThan(0);
    statisticsBefore = own.body;
    const asAdmin = await api('GET', `/admin/institutions/${examinerId}/statistics`, { token: adminToken });
    expect({ status: asAdmin.status, body: asAdmin.body }).toEqual({ status: 200, body: own.body });
    // Roles and unknown accounts: a learner is refused both; an id that is no institution account is 404.
    expectProblem(await api('GET', '/institution/statistics', { token: learnerToken }), 403, 'AUTH.FORBIDDEN');
    expectProblem(await api('GET', '/institution/statistics', { token: adminToken }), 403, 'AUTH.FORBIDDEN');
    expectProblem(await api('GET', `/admin/institutions/${examinerId}/statistics`, { token: examinerToken }), 403, 'AUTH.FORBIDDEN');
    expectProblem(await api('GET', `/admin/institutions/${learnerId}/statistics`, { token: adminToken }), 404, 'LEDGER.INSTITUTION_NOT_FOUND');
    expectProblem(await api('GET', '/admin/institutions/4b1d6c2e-0000-4000-8000-000000000000/statistics', { token: adminToken }), 404, 'LEDGER.INSTITUTION_NOT_FOUND');
    expectProblem(await api('GET', '/admin/institutions/not-an-id/statistics', { token: adminToken }), 404, 'LEDGER.INSTITUTION_NOT_FOUND');
    expectProblem(await api('GET', '/institution/statistics'), 401, 'AUTH.TOKEN_MISSING');
    // The document says it exactly: counts are integers from 0, every 4xx listed.
    const doc = (await (await fetch(`${system!.url}/api/docs/openapi.json`)).json()) as { paths: Record<string, Record<string, any>>; components: { schemas: Record<string, any> } };
    expect(Object.keys(doc.paths['/api/v1/institution/statistics'].get.responses)).toEqual(expect.arrayContaining(['200', '401', '403', '404']));
    expect(Object.keys(doc.paths['/api/v1/admin/institutions/{id}/statistics'].get.responses)).toEqual(expect.arrayContaining(['200', '401', '403', '404']));
    const view = doc.components.schemas.InstitutionStatisticsView;
    for (const count of ['submitted', 'pending', 'recognised', 'rejected', 'returned', 'revoked']) expect(view.properties[count]).toMatchObject({ type: 'integer', minimum: 0 });
    expect(view.properties.creditsAwarded).toMatchObject({ type: 'number', minimum: 0 });
  });

  it('refuses a wrong password and a wrong code, then erases the account (204)', async () => {
    expect((await api('POST', '/sms-codes', { body: { mobile: PERSON.mobile, purpose: 'erase-account' } })).status).toBe(202);
    const code = lastSmsCode(system!, PERSON.mobile, 'erase-account') as string;
    expect(code).toMatch(/^\d{6}$/);
    const wrongCode = code === '000000' ? '111111' : '000000';

    expectProblem(await api('DELETE', '/me', { token: learnerToken, body: { password: 'Wrong-passw0rd', smsCode: code } }), 400, 'IDENTITY.CURRENT_PASSWORD_INCORRECT');
    expectProblem(await api('DELETE', '/me', { token: learnerToken, body: { password: PASSWORD, smsCode: wrongCode } }), 400, 'IDENTITY.SMS_CODE_INVALID');
    expectProblem(await api('DELETE', '/me', { token: learnerToken, body: { password: PASSWORD } }), 400, 'VALIDATION.INVALID_INPUT');
    // Still there after the refusals, with the uploaded scan.
    expect((await api('GET', '/me', { token: learnerToken })).status).toBe(200);
    expect(readdirSync(join(dataDir, 'evidence'), { recursive: true }).filter((f) => String(f).includes(evidenceId))).toHaveLength(1);

    const erased = await api('DELETE', '/me', { token: learnerToken, body: { password: PASSWORD, smsCode: code } });
    expect(erased.status).toBe(204);
  });

  it('refuses sign-in by username, mobile or email, and the old token (401 AUTH.TOKEN_REVOKED, account-erased)', async () => {
    for (const identifier of [PERSON.username, PERSON.mobile, PERSON.email]) expectProblem(await login(identifier), 401, 'IDENTITY.INVALID_CREDENTIALS');
    const refused = await api('GET', '/me', { token: learnerToken });
    expectProblem(refused, 401, 'AUTH.TOKEN_REVOKED');
    expect(refused.body.details).toEqual({ reason: 'account-erased' });
    expect(refused.body.title).toMatch(/已注销/);
    expectProblem(await api('GET', '/me/export', { token: learnerToken }), 401, 'AUTH.TOKEN_REVOKED');
  });

  it('destroyed the subject key', async () => {
    expect(await system!.infrastructure.keyStore!.find(learnerId)).toBeNull();
  });

  it('left no name, mobile, email, username or ID number of the person in any read model', async () => {
    await eventually(async () => readModelsText(dataDir), (text) => !text.includes(PERSON.realName));
    const text = readModelsText(dataDir);
    for (const value of [PERSON.realName, PERSON.mobile, PERSON.email, PERSON.username, PERSON.idNumber, PERSON.maskedIdNumber, PERSON.detail]) {
      expect({ value, found: text.includes(value) }).toEqual({ value, found: false });
    }
    // Nor in the files themselves: the write-ahead log held the old pages until the erasure purged it.
    // (The ledger purges after its own write, a moment after identity's: wait for it.)
    const rawHits = async () =>
      readdirSync(dataDir)
        .filter((f) => f.startsWith('read-models.sqlite'))
        .flatMap((file) => {
          const raw = readFileSync(join(dataDir, file));
          return [PERSON.realName, PERSON.mobile, PERSON.email, PERSON.maskedIdNumber].filter((value) => raw.includes(Buffer.from(value))).map((value) => `${file}: ${value}`);
        });
    expect(await eventually(rawHits, (hits) => hits.length === 0)).toEqual([]);
    // The achievement itself stays, with its owner's account id (a pseudonym).
    expect(text).toContain(achievementId);
  });

  it('lets the institution see its decision, the learner shown as erased (已注销)', async () => {
    const listed = await eventually(() => api('GET', '/reviews?status=recognised', { token: examinerToken }), (r) => r.body?.items?.[0]?.learnerErased === true);
    expect(listed.body).toMatchObject({ total: 1, items: [{ id: achievementId, learnerId, learnerName: null, learnerErased: true, recognition: { status: 'recognised' } }] });
    const review = await api('GET', `/reviews/${achievementId}`, { token: examinerToken });
    expect(review.status).toBe(200);
    expect(review.body).toMatchObject({ id: achievementId, learnerId, name: null, learnerErased: true, recognition: { status: 'recognised' } });
    expect(JSON.stringify(review.body)).not.toContain(PERSON.realName);
    // The scan showed the person: it is deleted (the record keeps its hash, type and size); a download answers 404.
    const files = () => Promise.resolve(readdirSync(join(dataDir, 'evidence'), { recursive: true }).filter((f) => String(f).includes(evidenceId)));
    expect(await eventually(files, (found) => found.length === 0)).toEqual([]);
    expect((await api('GET', `/evidence/${evidenceId}`, { token: examinerToken })).status).toBe(404);
  });

  it('still counts the erased learner’s recognition in the institution’s statistics, without a name', async () => {
    await eventually(() => api('GET', '/reviews?status=recognised', { token: examinerToken }), (r) => r.body?.items?.[0]?.learnerErased === true);
    const own = await api('GET', '/institution/statistics', { token: examinerToken });
    expect({ status: own.status, body: own.body }).toEqual({ status: 200, body: statisticsBefore });
    expect(own.body.recognised).toBe(1);
    const asAdmin = await api('GET', `/admin/institutions/${examinerId}/statistics`, { token: adminToken });
    expect(asAdmin.body).toEqual(statisticsBefore);
    for (const text of [JSON.stringify(own.body), JSON.stringify(asAdmin.body)]) {
      for (const value of [PERSON.realName, PERSON.username, learnerId]) expect({ value, found: text.includes(value) }).toEqual({ value, found: false });
    }
  });

  it('lets the same person register again, as a new account, with the same ID number, username, email and mobile', async () => {
    // Another number to register with (a register code for the old one was sent less than 60 s ago); the old number is taken back below.
    const NEW_MOBILE = '13700000102';
    const again = await registerLearner({ ...PERSON, mobile: NEW_MOBILE });
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(learnerId);
    let token = await tokenOf(PERSON.username);
    for (const mobile of [NEW_MOBILE, PERSON.mobile]) expect((await api('POST', '/sms-codes', { body: { mobile, purpose: 'change-mobile' } })).status).toBe(202);
    const smsCodeOld = lastSmsCode(system!, NEW_MOBILE, 'change-mobile');
    const smsCodeNew = lastSmsCode(system!, PERSON.mobile, 'change-mobile');
    expect((await api('PUT', '/me/mobile', { token, body: { newMobile: PERSON.mobile, smsCodeOld, smsCodeNew } })).status).toBe(204);
    token = await tokenOf(PERSON.mobile);
    const me = await api('GET', '/me', { token });
    expect(me.body).toMatchObject({ id: again.body.id, realName: PERSON.realName, idNumber: PERSON.maskedIdNumber, mobile: PERSON.mobile, email: PERSON.email });
    // The new account starts empty: the erased account's achievements are not its.
    expect((await api('GET', '/achievements', { token })).body.total).toBe(0);
    otherLearnerId = again.body.id;
  });

  it('refuses erasure to an institution and to the administrator (403 IDENTITY.ERASURE_NOT_APPLICABLE)', async () => {
    const body = { password: PASSWORD, smsCode: '123456' };
    expectProblem(await api('DELETE', '/me', { token: examinerToken, body }), 403, 'IDENTITY.ERASURE_NOT_APPLICABLE');
    expectProblem(await api('DELETE', '/me', { token: adminToken, body: { password: ADMIN.password, smsCode: '123456' } }), 403, 'IDENTITY.ERASURE_NOT_APPLICABLE');
    expectProblem(await api('POST', `/admin/accounts/${examinerId}/erasure`, { token: adminToken, body: { reason: '测试' } }), 403, 'IDENTITY.ERASURE_NOT_APPLICABLE');
    expect((await api('GET', '/me', { token: examinerToken })).status).toBe(200);
  });

  it('lets the administrator erase a learner on a recorded request (who, when, why), once', async () => {
    const learner = await tokenOf(PERSON.username);
    expectProblem(await api('POST', `/admin/accounts/${otherLearnerId}/erasure`, { token: learner, body: { reason: '本人申请' } }), 403, 'AUTH.FORBIDDEN');
    expectProblem(await api('POST', `/admin/accounts/${otherLearnerId}/erasure`, { token: adminToken, body: {} }), 400, 'VALIDATION.INVALID_INPUT');
    expectProblem(await api('POST', `/admin/accounts/${otherLearnerId}/erasure`, { token: adminToken, body: { reason: 'x'.repeat(501) } }), 400, 'VALIDATION.INVALID_INPUT');
    expectProblem(await api('POST', '/admin/accounts/4b1d6c2e-0000-4000-8000-000000000000/erasure', { token: adminToken, body: { reason: '来函' } }), 404, 'IDENTITY.ACCOUNT_NOT_FOUND');

    const adminId = (await api('GET', '/me', { token: adminToken })).body.id;
    const receipt = await api('POST', `/admin/accounts/${otherLearnerId}/erasure`, { token: adminToken, body: { reason: ' 本人书面申请注销（来函 2026-017） ' } });
    expect(receipt.status).toBe(200);
    expect(receipt.body).toEqual({ accountId: otherLearnerId, status: 'erased', requestedBy: 'administrator', erasedBy: adminId, reason: '本人书面申请注销（来函 2026-017）', erasedAt: expect.any(String) });
    expectProblem(await api('GET', '/me', { token: learner }), 401, 'AUTH.TOKEN_REVOKED');
    expectProblem(await login(PERSON.username), 401, 'IDENTITY.INVALID_CREDENTIALS');
    expect(await system!.infrastructure.keyStore!.find(otherLearnerId)).toBeNull();
    // Asked again: the first erasure's receipt.
    const again = await api('POST', `/admin/accounts/${otherLearnerId}/erasure`, { token: adminToken, body: { reason: '重复' } });
    expect({ status: again.status, body: again.body }).toEqual({ status: 200, body: receipt.body });
  });

  it('keeps the history verifiable and the read models equal to a rebuild; the audit statement shows the learner as 已注销', async () => {
    await system!.dispose({ keep: true });
    system = undefined;
    const audit = async (...args: string[]) => {
      let stdout = '';
      let stderr = '';
      const code = await runAudit([...args, '--json', '--quiet', '--data-dir', dataDir], {
        stdout: { write: (t: string) => (stdout += t) },
        stderr: { write: (t: string) => (stderr += t), isTTY: false },
        env: {},
      });
      if (!stdout) throw new Error(`audit ${args.join(' ')} answered ${code}: ${stderr}`);
      return { code, json: JSON.parse(stdout) };
    };
    const verify = await audit('verify');
    expect({ code: verify.code, ok: verify.json.ok, breaks: verify.json.breaks }).toEqual({ code: 0, ok: true, breaks: [] });
    const rebuild = await audit('rebuild', '--compare');
    expect({ code: rebuild.code, differences: rebuild.json.differences }).toEqual({ code: 0, differences: [] });
    const statement = await audit('statement', learnerId, '--as-of', new Date().toISOString());
    expect(statement.code).toBe(0);
    expect(statement.json.learner).toEqual({ accountId: learnerId, erased: true });
    expect(statement.json.achievements).toEqual([expect.objectContaining({ achievementId, recognition: 'recognised' })]);
    expect(JSON.stringify(statement.json)).not.toContain(PERSON.realName);
  }, 60_000);
});
