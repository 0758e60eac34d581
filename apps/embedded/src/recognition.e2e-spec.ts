import { ConcurrencyError, institutionIdForName } from '@credit-bank/kernel';
import { randomUUID } from 'node:crypto';
import { announceInstitution, announceLearner, creditCode, eventually, expectProblem, httpClient, lastSmsCode, startTestSystem, TestSystem, tokenFor } from './testing/e2e-support';
import { PNG_EVIDENCE as PNG } from '@credit-bank/testing';

/**
 * 认定 over real HTTP on the embedded profile: a learner stores and submits achievements; reviewers
 * of the responsible (approved) institution see them in their queue, claim, recognise with the
 * catalogue's defaults, reject with a reason, return for correction (the learner amends and
 * submits again); the learner's record shows every step; other institutions, unapproved ones and
 * learners are refused; two reviewers deciding at once: one decision stands, the other 409.
 *
 * Which institution accounts are approved reaches the ledger as identity's integration events
 * (`identity.account-registered.v1`, `identity.institution-decided.v1`). Most reviewers here are
 * announced by emitting those events on the in-process bus, as identity's relay would (so many
 * actors need no registration); the last describe goes through the real flow: an institution
 * registers over HTTP, the administrator approves it, identity's relay tells the ledger.
 */

/** Another institution of the directory (listed by the seed under the id of its name). */
const OTHER_INSTITUTION = '广东开放大学';
const OTHER_INSTITUTION_ID = institutionIdForName(OTHER_INSTITUTION);
const ADMIN = { ADMIN_USERNAME: 'Recognition_Admin', ADMIN_PASSWORD: 'Adm1n-Secret-2025' };

let system: TestSystem;
let request: ReturnType<typeof httpClient>;
let catalogItem: { id: string; category: string; achievementName: string; institutionId: string; institutionName: string; type: string; typeName: string; frameworkLevel: number; credits: number };
const learner = randomUUID();
const reviewerA = randomUUID(); // approved, the catalogue entry's institution
const reviewerA2 = randomUUID(); // approved, the same institution
const reviewerB = randomUUID(); // approved, another institution
const pendingInstitution = randomUUID();
const rejectedInstitution = randomUUID();
const impostor = randomUUID(); // approved under the very name of the catalogue entry's institution, linked to another directory institution
const unlinked = randomUUID(); // approved before institutions had ids: no directory link
let learnerToken: string;
let tokenA: string;
let tokenA2: string;
let tokenB: string;
let tokenImpostor: string;
async function evidence(): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([PNG], { type: 'image/png' }), 'scan.png');
  const res = await request('POST', '/api/v1/evidence', { token: learnerToken, form });
  expect(res.status).toBe(201);
  return res.body.id;
}

/** Stores a catalogue achievement (or a hand-entered one picking `OTHER_INSTITUTION` from the directory) and submits it. */
async function submitted(kind: 'catalog' | 'custom' = 'catalog'): Promise<string> {
  const body =
    kind === 'catalog'
      ? { category: catalogItem.category, catalogItemId: catalogItem.id, certificateNumber: `C-${randomUUID().slice(0, 8)}`, issueDate: '2024-06-30', certificateLevel: '3', occupation: '计算机程序设计员', educationLevel: '61', evidenceId: await evidence() }
      : {
          category: 'training-performance',
          custom: { name: '社区志愿服务培训证书', institutionId: OTHER_INSTITUTION_ID, type: 'training-certificate' },
          certificateNumber: `G-${randomUUID().slice(0, 8)}`,
          issueDate: '2023-11-11',
          evidenceId: await evidence(),
        };
  const stored = await request('POST', '/api/v1/achievements', { token: learnerToken, body });
  expect(stored.status).toBe(201);
  const res = await request('POST', `/api/v1/achievements/${stored.body.id}/recognition-requests`, { token: learnerToken });
  expect(res.status).toBe(202);
  return stored.body.id;
}

const review = (token: string, id: string, step: 'claim' | 'recognition' | 'rejection' | 'return', body: unknown = {}) =>
  request('POST', `/api/v1/reviews/${id}/${step}`, { token, body });
const queueIds = async (token: string, query = ''): Promise<string[]> => {
  const res = await request('GET', `/api/v1/reviews?pageSize=100${query}`, { token });
  expect(res.status).toBe(200);
  return res.body.items.map((i: { id: string }) => i.id);
};
const mine = (id: string) => request('GET', `/api/v1/achievements/${id}`, { token: learnerToken });

beforeAll(async () => {
  system = await startTestSystem(ADMIN);
  request = httpClient(system.url);
  learnerToken = tokenFor(system, { accountId: learner, role: 'learner' });
  [tokenA, tokenA2, tokenB, tokenImpostor] = [reviewerA, reviewerA2, reviewerB, impostor].map((accountId) => tokenFor(system, { accountId, role: 'institution' }));
  const items = await request('GET', '/api/v1/catalog/items?category=vocational-qualification&pageSize=1');
  expect(items.status).toBe(200);
  catalogItem = items.body.items[0];
  expect(catalogItem.institutionName).not.toBe(OTHER_INSTITUTION);

  await announceLearner(system, learner, '李四');
  await announceInstitution(system, reviewerA, catalogItem.institutionName, catalogItem.institutionId, 'approved');
  await announceInstitution(system, reviewerA2, catalogItem.institutionName, catalogItem.institutionId, 'approved');
  await announceInstitution(system, reviewerB, OTHER_INSTITUTION, OTHER_INSTITUTION_ID, 'approved');
  await announceInstitution(system, pendingInstitution, catalogItem.institutionName, null);
  await announceInstitution(system, rejectedInstitution, catalogItem.institutionName, null, 'rejected');
  await announceInstitution(system, impostor, catalogItem.institutionName, randomUUID(), 'approved');
  await announceInstitution(system, unlinked, catalogItem.institutionName, null, 'approved');
  for (const token of [tokenA, tokenA2, tokenB, tokenImpostor]) {
    const ready = await eventually(() => request('GET', '/api/v1/reviews', { token }), (r) => r.status === 200);
    expect(ready.status).toBe(200);
  }
});

afterAll(async () => {
  await system?.dispose();
});

describe('who may review', () => {
  it('a learner gets 403 AUTH.FORBIDDEN on every reviewer endpoint', async () => {
    const id = randomUUID();
    expectProblem(await request('GET', '/api/v1/reviews', { token: learnerToken }), 403, 'AUTH.FORBIDDEN');
    expectProblem(await request('GET', `/api/v1/reviews/${id}`, { token: learnerToken }), 403, 'AUTH.FORBIDDEN');
    for (const step of ['claim', 'recognition', 'rejection', 'return'] as const) expectProblem(await review(learnerToken, id, step, { reason: 'x' }), 403, 'AUTH.FORBIDDEN');
  });

  it('no token: 401', async () => {
    expect((await request('GET', '/api/v1/reviews')).status).toBe(401);
  });

  it('an institution the administrator has not approved (pending, rejected, unknown to the ledger) gets 403 LEDGER.INSTITUTION_NOT_APPROVED', async () => {
    const id = await submitted();
    for (const accountId of [pendingInstitution, rejectedInstitution, randomUUID()]) {
      const token = tokenFor(system, { accountId, role: 'institution' });
      expectProblem(await request('GET', '/api/v1/reviews', { token }), 403, 'LEDGER.INSTITUTION_NOT_APPROVED');
      expectProblem(await request('GET', `/api/v1/reviews/${id}`, { token }), 403, 'LEDGER.INSTITUTION_NOT_APPROVED');
      expectProblem(await review(token, id, 'claim'), 403, 'LEDGER.INSTITUTION_NOT_APPROVED');
      expectProblem(await review(token, id, 'recognition'), 403, 'LEDGER.INSTITUTION_NOT_APPROVED');
    }
    expect((await mine(id)).body.recognition.status).toBe('submitted');
  });

  it('an account approved by name only (before institutions had ids) gets 403 LEDGER.INSTITUTION_NOT_LINKED', async () => {
    const token = tokenFor(system, { accountId: unlinked, role: 'institution' });
    expectProblem(await request('GET', '/api/v1/reviews', { token }), 403, 'LEDGER.INSTITUTION_NOT_LINKED');
  });

  it('an approved account with the very same name, linked to another directory institution, sees nothing of this one: authority follows the id', async () => {
    const id = await submitted();
    expect(await queueIds(tokenImpostor)).not.toContain(id);
    expectProblem(await request('GET', `/api/v1/reviews/${id}`, { token: tokenImpostor }), 404, 'LEDGER.ACHIEVEMENT_NOT_FOUND');
    for (const step of ['claim', 'recognition', 'rejection', 'return'] as const) {
      expectProblem(await review(tokenImpostor, id, step, step === 'rejection' || step === 'return' ? { reason: 'x' } : {}), 404, 'LEDGER.ACHIEVEMENT_NOT_FOUND');
    }
    const inbox = await request('GET', '/api/v1/inbox?pageSize=100', { token: tokenImpostor });
    expect(inbox.status).toBe(200);
    expect(inbox.body.items.filter((m: { achievementId?: string }) => m.achievementId === id)).toEqual([]);
    expect((await mine(id)).body.recognition.status).toBe('submitted');
  });
});

describe('recognition (认定通过)', () => {
  let id: string;

  beforeAll(async () => {
    id = await submitted();
  });

  it('the request is in the queue of the responsible institution only', async () => {
    const res = await request('GET', '/api/v1/reviews?pageSize=100', { token: tokenA });
    const row = res.body.items.find((i: { id: string }) => i.id === id);
    expect(row).toMatchObject({
      learnerId: learner,
      learnerName: '李四',
      achievementName: catalogItem.achievementName,
      category: catalogItem.category,
      source: 'catalog',
      catalogItemId: catalogItem.id,
      submittedAt: expect.any(String),
      claimedBy: null,
      recognition: { status: 'submitted' },
    });
    expect(await queueIds(tokenA2)).toContain(id);
    expect(await queueIds(tokenB)).not.toContain(id);
  });

  it('another institution gets the very 404 an unknown id gets', async () => {
    const unknown = randomUUID();
    const attempts = (target: string) => [
      () => request('GET', `/api/v1/reviews/${target}`, { token: tokenB }),
      () => review(tokenB, target, 'claim'),
      () => review(tokenB, target, 'recognition'),
      () => review(tokenB, target, 'rejection', { reason: '不符合' }),
      () => review(tokenB, target, 'return', { reason: '请补充' }),
    ];
    const foreign = attempts(id);
    const missing = attempts(unknown);
    for (let i = 0; i < foreign.length; i++) {
      const a = await foreign[i]();
      const b = await missing[i]();
      expectProblem(a, 404, 'LEDGER.ACHIEVEMENT_NOT_FOUND');
      expectProblem(b, 404, 'LEDGER.ACHIEVEMENT_NOT_FOUND');
      expect({ ...a.body, instance: undefined }).toEqual({ ...b.body, instance: undefined });
    }
    expectProblem(await review(tokenA, 'not-an-id', 'claim'), 404, 'LEDGER.ACHIEVEMENT_NOT_FOUND');
  });

  it('a reviewer claims it; a colleague may then neither claim nor decide it (409)', async () => {
    const claimed = await review(tokenA, id, 'claim');
    expect(claimed.status).toBe(200);
    expect(claimed.body).toEqual({ id, status: 'under-review', revision: 2 });
    // Claiming again changes nothing.
    expect((await review(tokenA, id, 'claim')).body).toEqual({ id, status: 'under-review', revision: 2 });
    expectProblem(await review(tokenA2, id, 'claim'), 409, 'LEDGER.RECOGNITION_CLAIMED_BY_ANOTHER');
    expectProblem(await review(tokenA2, id, 'recognition'), 409, 'LEDGER.RECOGNITION_CLAIMED_BY_ANOTHER');
    const detail = await request('GET', `/api/v1/reviews/${id}`, { token: tokenA2 });
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({ id, learnerId: learner, name: '李四', claimedBy: reviewerA, recognition: { status: 'under-review' }, certificateNumber: expect.any(String) });
    expect(await queueIds(tokenA, '&status=under-review')).toContain(id);
    expect(await queueIds(tokenA, '&status=submitted')).not.toContain(id);
  });

  it('refuses an out-of-range decision (400) and decides nothing', async () => {
    expectProblem(await review(tokenA, id, 'recognition', { frameworkLevel: 8 }), 400, 'VALIDATION.INVALID_INPUT');
    expectProblem(await review(tokenA, id, 'recognition', { credits: 0 }), 400, 'VALIDATION.INVALID_INPUT');
    expectProblem(await review(tokenA, id, 'recognition', { category: 'cooking' }), 400, 'VALIDATION.INVALID_INPUT');
    expectProblem(await review(tokenA, id, 'recognition', { type: 'degree' }), 400, 'LEDGER.TYPE_NOT_IN_CATEGORY');
    expect((await mine(id)).body.recognition.status).toBe('under-review');
  });

  it('recognises with the catalogue’s level, category, type and credits; the learner sees the outcome and every step', async () => {
    const res = await review(tokenA, id, 'recognition', {});
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ id, status: 'recognised', revision: 3 });
    const outcome = { frameworkLevel: catalogItem.frameworkLevel, category: catalogItem.category, type: catalogItem.type, credits: catalogItem.credits };
    const view = await mine(id);
    expect(view.body.recognition).toEqual({
      status: 'recognised',
      outcome,
      record: [
        { step: 'submitted', at: expect.any(String), by: learner, institution: catalogItem.institutionName, institutionId: catalogItem.institutionId },
        { step: 'claimed', at: expect.any(String), by: reviewerA, institution: catalogItem.institutionName, institutionId: catalogItem.institutionId },
        { step: 'recognised', at: expect.any(String), by: reviewerA, institution: catalogItem.institutionName, institutionId: catalogItem.institutionId, outcome },
      ],
    });
    const row = (await request('GET', '/api/v1/achievements?pageSize=100', { token: learnerToken })).body.items.find((i: { id: string }) => i.id === id);
    expect(row.recognition.status).toBe('recognised');
    expect(await queueIds(tokenA)).not.toContain(id);
    expect(await queueIds(tokenA, '&status=recognised')).toContain(id);
    // One decision stands, for everyone.
    expectProblem(await review(tokenA, id, 'rejection', { reason: '改主意' }), 409, 'LEDGER.RECOGNITION_ALREADY_DECIDED');
    expectProblem(await review(tokenA2, id, 'claim'), 409, 'LEDGER.RECOGNITION_ALREADY_DECIDED');
    // And the learner may no longer change it.
    expectProblem(await request('PATCH', `/api/v1/achievements/${id}`, { token: learnerToken, headers: { 'if-match': '3' }, body: { certificateNumber: 'X' } }), 409, 'LEDGER.ACHIEVEMENT_ALREADY_SUBMITTED');
    expectProblem(await request('DELETE', `/api/v1/achievements/${id}`, { token: learnerToken }), 409, 'LEDGER.ACHIEVEMENT_ALREADY_SUBMITTED');
  });

  it('a hand-entered achievement needs level and credits from the reviewer of the institution the learner named', async () => {
    const custom = await submitted('custom');
    expect(await queueIds(tokenA)).not.toContain(custom);
    expect(await queueIds(tokenB)).toContain(custom);
    const missing = await review(tokenB, custom, 'recognition', {});
    expectProblem(missing, 400, 'LEDGER.RECOGNITION_INVALID');
    expect(missing.body.errors.map((e: { field: string }) => e.field)).toEqual(['frameworkLevel', 'credits']);
    const ok = await review(tokenB, custom, 'recognition', { frameworkLevel: 2, credits: 1.5, comment: '按培训证书认定' });
    expect(ok.body).toMatchObject({ status: 'recognised' });
    expect((await mine(custom)).body.recognition.outcome).toEqual({ frameworkLevel: 2, category: 'training-performance', type: 'training-certificate', credits: 1.5, comment: '按培训证书认定' });
  });
});

describe('rejection (认定不通过)', () => {
  it('needs a reason, claims an unclaimed request and records why', async () => {
    const id = await submitted();
    expectProblem(await review(tokenA2, id, 'rejection', {}), 400, 'VALIDATION.INVALID_INPUT');
    expectProblem(await review(tokenA2, id, 'rejection', { reason: '   ' }), 400, 'VALIDATION.INVALID_INPUT');
    const res = await review(tokenA2, id, 'rejection', { reason: '证书编号无法核验' });
    expect(res.body).toEqual({ id, status: 'rejected', revision: 3 });
    const { recognition } = (await mine(id)).body;
    expect(recognition.status).toBe('rejected');
    expect(recognition.record.map((s: { step: string }) => s.step)).toEqual(['submitted', 'claimed', 'rejected']);
    expect(recognition.record[2]).toEqual({ step: 'rejected', at: expect.any(String), by: reviewerA2, institution: catalogItem.institutionName, institutionId: catalogItem.institutionId, reason: '证书编号无法核验' });
    expect(await queueIds(tokenA, '&status=rejected')).toContain(id);
    expectProblem(await request('POST', `/api/v1/achievements/${id}/recognition-requests`, { token: learnerToken }), 409, 'LEDGER.ACHIEVEMENT_ALREADY_SUBMITTED');
  });
});

describe('return for correction (退回修改)', () => {
  it('the learner amends and submits again; a reviewer recognises it; the record shows every step', async () => {
    const id = await submitted();
    expect((await review(tokenA, id, 'claim')).status).toBe(200);
    const returned = await review(tokenA, id, 'return', { reason: '扫描件不清晰，请重新上传' });
    expect(returned.body).toEqual({ id, status: 'returned', revision: 3 });
    expect(await queueIds(tokenA, '&status=returned')).toContain(id);
    expectProblem(await review(tokenA, id, 'recognition'), 409, 'LEDGER.RECOGNITION_NOT_PENDING');

    const view = await mine(id);
    expect(view.body.recognition).toMatchObject({ status: 'returned' });
    expect(view.headers.get('etag')).toBe('"3"');
    const newEvidence = await evidence();
    const amended = await request('PATCH', `/api/v1/achievements/${id}`, { token: learnerToken, headers: { 'if-match': '"3"' }, body: { evidenceId: newEvidence, certificateNumber: 'NCRE-2024-0009' } });
    expect(amended.status).toBe(200);
    expect(amended.body).toEqual({ id, revision: 4 });
    const again = await request('POST', `/api/v1/achievements/${id}/recognition-requests`, { token: learnerToken });
    expect(again.status).toBe(202);
    expect(await queueIds(tokenA, '&status=submitted')).toContain(id);

    // Anyone of the institution may take it this time.
    const ok = await review(tokenA2, id, 'recognition', { frameworkLevel: 4, credits: 3, comment: '复核通过' });
    expect(ok.body).toEqual({ id, status: 'recognised', revision: 7 });
    const final = (await mine(id)).body;
    expect(final).toMatchObject({ certificateNumber: 'NCRE-2024-0009', evidenceId: newEvidence });
    expect(final.recognition.record).toEqual([
      { step: 'submitted', at: expect.any(String), by: learner, institution: catalogItem.institutionName, institutionId: catalogItem.institutionId },
      { step: 'claimed', at: expect.any(String), by: reviewerA, institution: catalogItem.institutionName, institutionId: catalogItem.institutionId },
      { step: 'returned', at: expect.any(String), by: reviewerA, institution: catalogItem.institutionName, institutionId: catalogItem.institutionId, reason: '扫描件不清晰，请重新上传' },
      { step: 'amended', at: expect.any(String), by: learner, fields: ['certificateNumber', 'evidenceId'] },
      { step: 'submitted', at: expect.any(String), by: learner, institution: catalogItem.institutionName, institutionId: catalogItem.institutionId },
      { step: 'claimed', at: expect.any(String), by: reviewerA2, institution: catalogItem.institutionName, institutionId: catalogItem.institutionId },
      {
        step: 'recognised',
        at: expect.any(String),
        by: reviewerA2,
        institution: catalogItem.institutionName,
        institutionId: catalogItem.institutionId,
        outcome: { frameworkLevel: 4, category: catalogItem.category, type: catalogItem.type, credits: 3, comment: '复核通过' },
      },
    ]);
    const times = final.recognition.record.map((s: { at: string }) => s.at);
    expect([...times].sort()).toEqual(times);
  });
});

describe('the queue', () => {
  it('lists oldest submission first, pages, and filters by category and submission day (China time)', async () => {
    const first = await submitted();
    const second = await submitted();
    const open = await queueIds(tokenA);
    expect(open.indexOf(first)).toBeGreaterThanOrEqual(0);
    expect(open.indexOf(first)).toBeLessThan(open.indexOf(second));
    const rows = (await request('GET', '/api/v1/reviews?pageSize=100', { token: tokenA })).body.items as Array<{ submittedAt: string; no: number }>;
    expect(rows.map((r) => r.submittedAt)).toEqual([...rows.map((r) => r.submittedAt)].sort());
    expect(rows.map((r) => r.no)).toEqual(rows.map((_, i) => i + 1));

    const page2 = await request('GET', '/api/v1/reviews?pageSize=1&page=2', { token: tokenA });
    expect(page2.body).toMatchObject({ page: 2, pageSize: 1, total: open.length, items: [{ id: open[1], no: 2 }] });

    expect(await queueIds(tokenA, `&category=${catalogItem.category}`)).toEqual(open);
    expect(await queueIds(tokenA, '&category=academic-education')).toEqual([]);

    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 32 * 3_600_000).toISOString().slice(0, 10);
    expect(await queueIds(tokenA, `&submittedFrom=${today}&submittedTo=${today}`)).toEqual(open);
    expect(await queueIds(tokenA, `&submittedFrom=${tomorrow}`)).toEqual([]);
    const paged = await request('GET', `/api/v1/reviews?submittedFrom=${today}&pageSize=1&page=2`, { token: tokenA });
    expect(paged.body).toMatchObject({ total: open.length, items: [{ id: open[1], no: 2 }] });

    expectProblem(await request('GET', '/api/v1/reviews?status=stored', { token: tokenA }), 400, 'VALIDATION.INVALID_INPUT');
    expectProblem(await request('GET', '/api/v1/reviews?submittedFrom=2025-02-30', { token: tokenA }), 400, 'VALIDATION.INVALID_INPUT');
  });
});

describe('two reviewers at once', () => {
  it('deciding the same request: one decision stands, the other gets 409', async () => {
    // Counts appends refused for a stale expected revision, to show the race really happened
    // (the store itself still does the work).
    const store = system.infrastructure.eventStore;
    const append = store.append;
    let conflicts = 0;
    store.append = async (...args) => {
      try {
        return await append.apply(store, args);
      } catch (error) {
        if (error instanceof ConcurrencyError) conflicts++;
        throw error;
      }
    };
    try {
      await decideAtOnce();
    } finally {
      store.append = append;
    }
    expect(conflicts).toBeGreaterThan(0);
  });

  async function decideAtOnce(): Promise<void> {
    for (let round = 0; round < 5; round++) {
      const id = await submitted();
      const [a, b] = await Promise.all([review(tokenA, id, 'recognition', {}), review(tokenA2, id, 'rejection', { reason: '同时审核' })]);
      expect([a.status, b.status].sort()).toEqual([200, 409]);
      const loser = a.status === 409 ? a : b;
      expectProblem(loser, 409, 'LEDGER.RECOGNITION_ALREADY_DECIDED');
      const winner = a.status === 200 ? 'recognised' : 'rejected';
      const { recognition } = (await mine(id)).body;
      expect(recognition.status).toBe(winner);
      // Exactly one claim and one decision were recorded.
      expect(recognition.record.map((s: { step: string }) => s.step)).toEqual(['submitted', 'claimed', winner]);
    }
  }

  it('claiming the same request: one claim stands, the other gets 409', async () => {
    const id = await submitted();
    const [a, b] = await Promise.all([review(tokenA, id, 'claim'), review(tokenA2, id, 'claim')]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expectProblem(a.status === 409 ? a : b, 409, 'LEDGER.RECOGNITION_CLAIMED_BY_ANOTHER');
    const holder = a.status === 200 ? reviewerA : reviewerA2;
    expect((await request('GET', `/api/v1/reviews/${id}`, { token: tokenA })).body.claimedBy).toBe(holder);
  });
});

describe('the real flow: registered over HTTP, approved by the administrator', () => {
  const PASSWORD = 'Passw0rd-2024';
  let ip = 0;
  /** Its own client address for each call (the auth routes are limited per address). */
  const api = (method: string, path: string, options: { body?: unknown; token?: string } = {}) =>
    request(method, `/api/v1${path}`, { ...options, headers: { 'x-forwarded-for': `10.9.0.${++ip}` } });

  async function login(identifier: string, password: string): Promise<string> {
    const session = await api('POST', '/sessions', { body: { identifier, password } });
    expect(session.status).toBe(200);
    return session.body.accessToken;
  }

  it('a pending institution is refused (403) until the administrator approves it, then reviews its requests', async () => {
    const mobile = '13790001234';
    const body = {
      type: 'institution',
      username: 'recognition_inst_1',
      password: PASSWORD,
      passwordConfirmation: PASSWORD,
      name: catalogItem.institutionName,
      unifiedSocialCreditCode: creditCode('12440000700000001'),
      contactName: '王五',
      email: 'recognition-inst1@exam.example.cn',
      mobile,
      acceptTerms: true,
    };
    expect((await api('POST', '/sms-codes', { body: { mobile, purpose: 'register' } })).status).toBe(202);
    const created = await api('POST', '/accounts', { body: { ...body, smsCode: lastSmsCode(system, mobile) } });
    expect(created.status).toBe(201);
    const institutionId = created.body.id as string;
    const token = await login(body.username, PASSWORD);
    expectProblem(await api('GET', '/reviews', { token }), 403, 'LEDGER.INSTITUTION_NOT_APPROVED');

    const admin = await login(ADMIN.ADMIN_USERNAME, ADMIN.ADMIN_PASSWORD);
    // Linked to the directory institution the catalogue entry names.
    expect((await api('POST', `/admin/institutions/${institutionId}/approval`, { token: admin, body: { institutionId: catalogItem.institutionId } })).status).toBe(200);
    const queue = await eventually(
      () => api('GET', '/reviews?pageSize=100', { token }),
      (r) => r.status === 200,
    );
    expect(queue.status).toBe(200);

    // 机构审核: the institution hears of its approval in its inbox.
    const told = await eventually(
      () => api('GET', '/inbox?pageSize=100', { token }),
      (r) => r.status === 200 && r.body.items.some((m: { kind: string }) => m.kind === 'institution-approved'),
    );
    expect(told.body.items.filter((m: { kind: string }) => m.kind === 'institution-approved')).toEqual([
      expect.objectContaining({ title: '机构审核通过', body: expect.stringContaining(catalogItem.institutionName), read: false }),
    ]);
    const notice = told.body.items.find((m: { kind: string }) => m.kind === 'institution-approved');
    expect((await api('POST', `/inbox/${notice.id}/read`, { token })).status).toBe(200);

    const id = await submitted();
    expect(await queueIds(token)).toContain(id);
    const res = await review(token, id, 'recognition', { comment: '经机构审核通过' });
    expect(res.body).toEqual({ id, status: 'recognised', revision: 3 });
    expect((await mine(id)).body.recognition.record.at(-1)).toMatchObject({ step: 'recognised', by: institutionId, institution: catalogItem.institutionName });
  });
});
