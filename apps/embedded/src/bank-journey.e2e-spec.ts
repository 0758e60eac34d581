import { creditCode, httpClient, lastSmsCode, startTestSystem, TestSystem } from './testing/e2e-support';
import { PNG_EVIDENCE as PNG } from '@credit-bank/testing';

/**
 * Issue 4's journey end to end over HTTP, with real flows only (no token forging, no events
 * emitted by the test): two institutions register and the administrator (from configuration)
 * approves them; a learner registers, stores a catalogued certificate and submits it; the
 * responsible institution recognises it; the balance shows the credits; the learner applies to
 * convert it under a published rule; the awarding institution approves; the statement as of before
 * and after differs as it should; the inbox told each party.
 */
const PASSWORD = 'Passw0rd-2024';
const ADMIN = { username: 'chief_admin', password: 'Adm1n-Secret-2026' };

const pause = (ms = 10) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually<T>(probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() > deadline) return value;
    await pause(25);
  }
}

describe('the credit bank, institution side (embedded profile, real flows only)', () => {
  let system: TestSystem;
  afterAll(async () => {
    await system?.dispose();
  });

  it('registers, approves, stores, submits, recognises, accumulates, converts, approves, and states it', async () => {
    system = await startTestSystem({ ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password });
    const api = httpClient(`${system.url}/api/v1`);
    let mobiles = 13700000000;
    const login = async (identifier: string, password = PASSWORD) => {
      const res = await api('POST', '/sessions', { body: { identifier, password } });
      expect(res.status).toBe(200);
      return res.body.accessToken as string;
    };
    const registerInstitution = async (username: string, name: string, code: string) => {
      const mobile = String(++mobiles);
      expect((await api('POST', '/sms-codes', { body: { mobile, purpose: 'register' } })).status).toBe(202);
      const res = await api('POST', '/accounts', {
        body: {
          type: 'institution', username, password: PASSWORD, passwordConfirmation: PASSWORD, name, unifiedSocialCreditCode: creditCode(code),
          contactName: '联系人', email: `${username}@example.cn`, mobile, smsCode: lastSmsCode(system, mobile), acceptTerms: true,
        },
      });
      expect(res.status).toBe(201);
      return res.body.id as string;
    };

    // The catalogue entry and the published rule that converts it.
    const found = await api('GET', `/catalog/items?q=${encodeURIComponent('全国计算机等级考试二级及以上证书')}`);
    const item = found.body.items.find((i: { achievementName: string }) => i.achievementName === '全国计算机等级考试二级及以上证书');
    expect(item).toBeDefined();
    const rules = await api('GET', `/conversion-rules?awardingInstitution=${encodeURIComponent('广东开放大学')}`);
    expect(rules.status).toBe(200);
    const rule = rules.body.items.find((r: { sources: { catalogItemIds?: string[] } }) => r.sources.catalogItemIds?.includes(item.id));
    expect(rule).toMatchObject({ version: 1, target: { awardingInstitution: '广东开放大学' } });
    const ruleId = (rule.ruleId ?? rule.id) as string;

    // Institutions register; the administrator approves them.
    const examiner = await registerInstitution('ncre_office', item.institutionName, '12100000400000001');
    const university = await registerInstitution('gd_open_university', '广东开放大学', '12440000455800001');
    const adminToken = await login(ADMIN.username, ADMIN.password);
    const pending = await api('GET', '/admin/institutions?status=pending-approval', { token: adminToken });
    expect(pending.body.items.map((i: { id: string }) => i.id).sort()).toEqual([examiner, university].sort());
    // Each is linked to its institution in the directory, by the id the catalogue entry and the rule name it by.
    const linked = [
      [examiner, item.institutionId],
      [university, rule.target.awardingInstitutionId],
    ];
    for (const [id, institutionId] of linked) {
      const approval = await api('POST', `/admin/institutions/${id}/approval`, { token: adminToken, body: { institutionId } });
      expect(approval.body).toMatchObject({ status: 'active', institutionId });
    }
    const examinerToken = await login('ncre_office');
    const universityToken = await login('gd_open_university');

    // A learner registers, stores the certificate and submits it.
    const mobile = String(++mobiles);
    await api('POST', '/sms-codes', { body: { mobile, purpose: 'register' } });
    const learner = await api('POST', '/accounts', {
      body: {
        type: 'individual', username: 'zhao_liu', password: PASSWORD, passwordConfirmation: PASSWORD, realName: '赵六', nationality: 'CN', ethnicity: '01',
        gender: 'female', idType: 'resident-id-card', idNumber: '11010519491231002X', birthDate: '1949-12-31', email: 'zhao.liu@example.com',
        address: { province: '440000', city: '440100', district: '440106', detail: '中山大道西 55 号' }, mobile, smsCode: lastSmsCode(system, mobile), acceptTerms: true,
      },
    });
    expect(learner.status).toBe(201);
    const learnerToken = await login('zhao_liu');
    const form = new FormData();
    form.append('file', new Blob([PNG], { type: 'image/png' }), 'ncre.png');
    const evidence = await api('POST', '/evidence', { token: learnerToken, form });
    expect(evidence.status).toBe(201);
    const stored = await api('POST', '/achievements', {
      token: learnerToken,
      body: { category: item.category, catalogItemId: item.id, certificateNumber: 'NCRE-2024-7788', issueDate: '2024-06-30', certificateLevel: '2', occupation: '程序员', educationLevel: '61', evidenceId: evidence.body.id, description: 'Python' },
    });
    expect(stored.status).toBe(201);
    const achievementId = stored.body.id as string;
    expect((await api('POST', `/achievements/${achievementId}/recognition-requests`, { token: learnerToken })).status).toBe(202);
    await pause();
    const beforeRecognition = new Date().toISOString();
    await pause();

    // The responsible institution sees it in its queue and recognises it with the catalogue's defaults.
    const queue = await eventually(() => api('GET', '/reviews', { token: examinerToken }), (r) => r.body?.total === 1);
    expect(queue.body.items[0]).toMatchObject({ id: achievementId });
    expect((await api('GET', '/reviews', { token: universityToken })).body.total).toBe(0); // not the university's
    const recognised = await api('POST', `/reviews/${achievementId}/recognition`, { token: examinerToken, body: {} });
    expect(recognised.status).toBe(200);
    await pause();
    const afterRecognition = new Date().toISOString();
    await pause();

    // The balance shows the credits; the record shows who recognised it.
    const account = await eventually(() => api('GET', '/learning-account', { token: learnerToken }), (r) => r.body?.totals?.recognised > 0);
    expect(account.body.totals).toEqual({ recognised: item.credits, available: item.credits, held: 0, spent: 0 });
    const detail = await api('GET', `/achievements/${achievementId}`, { token: learnerToken });
    expect(detail.body.recognition.record.map((s: { step: string }) => s.step)).toEqual(expect.arrayContaining(['submitted', 'recognised']));

    // The learner applies to convert it; the awarding institution approves.
    const applied = await api('POST', '/conversion-applications', { token: learnerToken, body: { ruleId, achievementIds: [achievementId], kind: 'achievement' } });
    expect({ status: applied.status, body: applied.status === 201 ? undefined : applied.body }).toEqual({ status: 201, body: undefined });
    const applicationId = applied.body.id ?? applied.body.applicationId;
    const toDecide = await eventually(() => api('GET', '/conversion-reviews', { token: universityToken }), (r) => r.body?.total === 1);
    expect(toDecide.body.items[0]).toMatchObject({ ruleId, ruleVersion: 1 });
    expect((await api('GET', '/conversion-reviews', { token: examinerToken })).body.total).toBe(0); // not the examiner's to decide
    expect((await api('POST', `/conversion-reviews/${applicationId}/approval`, { token: universityToken })).status).toBe(200);
    const spent = await eventually(() => api('GET', '/learning-account', { token: learnerToken }), (r) => r.body?.totals?.spent > 0);
    expect(spent.body.totals).toEqual({ recognised: item.credits, available: 0, held: 0, spent: item.credits });
    // Spent: it cannot enter another application.
    expect((await api('POST', '/conversion-applications', { token: learnerToken, body: { ruleId, achievementIds: [achievementId], kind: 'achievement' } })).status).toBe(409);

    // The statement as of before the recognition, after it, and now.
    const statement = async (asOf: string) => (await api('GET', `/learning-account/statement?asOf=${encodeURIComponent(asOf)}`, { token: learnerToken })).body;
    expect((await statement(beforeRecognition)).totals.recognised).toBe(0);
    const then = await statement(afterRecognition);
    expect(then.totals).toMatchObject({ recognised: item.credits, spent: 0 });
    expect(then.conversions).toEqual([]);
    const now = await statement(new Date().toISOString());
    expect(now.totals).toMatchObject({ recognised: item.credits, spent: item.credits });
    expect(now.conversions).toEqual([expect.objectContaining({ status: 'approved', ruleId, ruleVersion: 1 })]);
    const pdf = await api('GET', '/learning-account/statement?format=pdf', { token: learnerToken });
    expect(pdf.status).toBe(200);
    expect(pdf.contentType).toMatch(/^application\/pdf/);

    // The inbox told the learner of the recognition and the approval, and the institutions of their work.
    const inbox = await eventually(() => api('GET', '/inbox', { token: learnerToken }), (r) => (r.body?.total ?? 0) >= 2);
    expect(inbox.body.total).toBeGreaterThanOrEqual(2);
    expect((await api('GET', '/inbox', { token: examinerToken })).body.total).toBeGreaterThanOrEqual(1);
    expect((await api('GET', '/inbox', { token: universityToken })).body.total).toBeGreaterThanOrEqual(1);
  }, 120_000);
});
