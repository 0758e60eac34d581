import { institutionIdForName } from '@credit-bank/kernel';
import { randomUUID } from 'node:crypto';
import { pdfText } from './testing/pdf-text';
import { announceInstitution, announceLearner, eventually, expectProblem, httpClient, lastSmsCode, startTestSystem, TestSystem, tokenFor } from './testing/e2e-support';
import { PNG_EVIDENCE as PNG } from '@credit-bank/testing';

/**
 * 积累 · 转换 · 成绩单 · 收件箱 over real HTTP on the embedded profile. Achievements are stored,
 * submitted and recognised through the real recognition routes; conversion rules are published by
 * an administrator through the catalogue's routes. The learner's balance (学习账户), applications
 * (转换成果申请 and 业绩类成果转换申请), the awarding institution's decisions, that a held or
 * spent achievement cannot be used again — also by two applications at once —, the statement
 * (成绩单) as JSON and PDF before and after, the inbox (收件箱), and that another learner's or
 * another institution's data is refused.
 *
 * The learner registers over HTTP (the statement names them from identity: real name and masked
 * ID number). Which institution accounts are approved reaches the ledger as identity's integration
 * events; the reviewers (and the other learner) here are announced by emitting those events on the
 * in-process bus, as identity's relay would (the real registration + approval flow is covered by
 * recognition.e2e-spec.ts).
 */

const UNIVERSITY = '广东开放大学';
const OTHER_UNIVERSITY = '华南师范大学';
const EMPLOYER = '广州市天河科技有限公司';
/** The learner's resident ID number (GB 11643 check character X) and how /me and the statement mask it. */
const ID_NUMBER = '44010619900307124X';
const MASKED_ID_NUMBER = '440106********124X';
const RULE_A_NAME = '全国计算机等级考试证书转换《计算机应用基础》课程学分';

let system: TestSystem;
let request: ReturnType<typeof httpClient>;
let catalogItem: { id: string; category: string; achievementName: string; institutionId: string; institutionName: string; frameworkLevel: number; credits: number };
let learner: string; // registered over HTTP
const otherLearner = randomUUID();
const recogniser = randomUUID(); // approved, the catalogue entry's institution
const employerReviewer = randomUUID(); // approved, recognises work performance
const university = randomUUID(); // approved awarding institution
const otherUniversity = randomUUID(); // approved, another awarding institution
const pendingUniversity = randomUUID(); // registered with the university's name, not approved
let tokens: Record<'learner' | 'otherLearner' | 'recogniser' | 'employer' | 'university' | 'otherUniversity' | 'pendingUniversity' | 'admin', string>;

let ruleA: string; // achievement rule: the catalogue entry → 计算机应用基础, 3 credits, at most 6 per target, 2 achievements
let ruleW: string; // work-performance rule
const ach: Record<'a1' | 'a2' | 'a3' | 'w1' | 'b1' | 'pending', string> = { a1: '', a2: '', a3: '', w1: '', b1: '', pending: '' };
const marks: Record<'beforeRecognition' | 'recognised' | 'applied' | 'approved', string> = { beforeRecognition: '', recognised: '', applied: '', approved: '' };
let app1: string;
let appW: string;

const pause = (ms = 5) => new Promise((resolve) => setTimeout(resolve, ms));
/** A moment strictly between what happened before and what happens after. */
async function mark(): Promise<string> {
  await pause();
  const at = new Date().toISOString();
  await pause();
  return at;
}

/** 个人用户注册 over HTTP, then signing in: the statement's holder comes from this account. */
async function registerLearnerOverHttp(): Promise<{ id: string; token: string }> {
  const mobile = '13912340001';
  const headers = { 'x-forwarded-for': '10.7.0.1' };
  expect((await request('POST', '/api/v1/sms-codes', { headers, body: { mobile, purpose: 'register' } })).status).toBe(202);
  const body = {
    type: 'individual',
    username: 'wang_wu_conversion',
    password: 'Passw0rd-2024',
    passwordConfirmation: 'Passw0rd-2024',
    realName: '王五',
    nationality: 'CN',
    ethnicity: '01',
    gender: 'male',
    idType: 'resident-id-card',
    idNumber: ID_NUMBER,
    birthDate: '1990-03-07',
    email: 'wang.wu.conversion@example.com',
    address: { province: '440000', city: '440100', district: '440106', detail: '中山大道西 55 号' },
    mobile,
    smsCode: lastSmsCode(system, mobile),
    acceptTerms: true,
  };
  const created = await request('POST', '/api/v1/accounts', { headers, body });
  expect({ status: created.status, body: created.body }).toMatchObject({ status: 201, body: { status: 'active' } });
  const session = await request('POST', '/api/v1/sessions', { headers, body: { identifier: body.username, password: body.password } });
  expect(session.status).toBe(200);
  return { id: created.body.id, token: session.body.accessToken };
}

/** The employer of the work performance, listed in the directory by the administrator. */
let employerId: string;

async function evidence(token: string): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([PNG], { type: 'image/png' }), 'scan.png');
  const res = await request('POST', '/api/v1/evidence', { token, form });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function submitted(token: string, kind: 'catalog' | 'work' = 'catalog'): Promise<string> {
  const body =
    kind === 'catalog'
      ? { category: catalogItem.category, catalogItemId: catalogItem.id, certificateNumber: `C-${randomUUID().slice(0, 8)}`, issueDate: '2024-06-30', certificateLevel: '3', occupation: '计算机程序设计员', educationLevel: '61', evidenceId: await evidence(token) }
      : {
          category: 'training-performance',
          custom: { name: '年度优秀项目经理（工作业绩）', institutionId: employerId, type: 'work-performance' },
          certificateNumber: `W-${randomUUID().slice(0, 8)}`,
          issueDate: '2024-12-31',
          evidenceId: await evidence(token),
        };
  const stored = await request('POST', '/api/v1/achievements', { token, body });
  expect(stored.status).toBe(201);
  expect((await request('POST', `/api/v1/achievements/${stored.body.id}/recognition-requests`, { token })).status).toBe(202);
  return stored.body.id;
}

async function recognise(reviewerToken: string, id: string, body: Record<string, unknown> = {}): Promise<void> {
  const res = await request('POST', `/api/v1/reviews/${id}/recognition`, { token: reviewerToken, body });
  expect({ status: res.status, body: res.body }).toMatchObject({ status: 200, body: { status: 'recognised' } });
}

async function publishRule(body: Record<string, unknown>): Promise<string> {
  const res = await request('POST', '/api/v1/admin/conversion-rules', { token: tokens.admin, body });
  expect({ status: res.status, body: res.body }).toMatchObject({ status: 201, body: { version: 1 } });
  return res.body.ruleId;
}

const apply = (achievementIds: string[], ruleId = ruleA, kind = 'achievement', token = tokens.learner) =>
  request('POST', '/api/v1/conversion-applications', { token, body: { ruleId, achievementIds, kind } });
const account = async (token = tokens.learner) => {
  const res = await request('GET', '/api/v1/learning-account', { token });
  expect(res.status).toBe(200);
  return res.body;
};
const stateOf = (body: { achievements: Array<{ achievementId: string; state: string }> }, id: string) => body.achievements.find((a) => a.achievementId === id)?.state;
const statement = (asOf: string, token = tokens.learner, headers: Record<string, string> = {}) =>
  request('GET', `/api/v1/learning-account/statement?asOf=${encodeURIComponent(asOf)}`, { token, headers });

beforeAll(async () => {
  system = await startTestSystem();
  request = httpClient(system.url);
  const registered = await registerLearnerOverHttp();
  learner = registered.id;
  tokens = {
    learner: registered.token,
    otherLearner: tokenFor(system, { accountId: otherLearner, role: 'learner' }),
    recogniser: tokenFor(system, { accountId: recogniser, role: 'institution' }),
    employer: tokenFor(system, { accountId: employerReviewer, role: 'institution' }),
    university: tokenFor(system, { accountId: university, role: 'institution' }),
    otherUniversity: tokenFor(system, { accountId: otherUniversity, role: 'institution' }),
    pendingUniversity: tokenFor(system, { accountId: pendingUniversity, role: 'institution' }),
    admin: tokenFor(system, { accountId: randomUUID(), role: 'admin' }),
  };
  const items = await request('GET', '/api/v1/catalog/items?category=vocational-qualification&pageSize=1');
  expect(items.status).toBe(200);
  catalogItem = items.body.items[0];

  await announceLearner(system, otherLearner, '赵六');
  // Identity's relay tells the ledger the registered learner's name.
  const named = await eventually(() => request('GET', '/api/v1/learning-account/statement', { token: tokens.learner }), (r) => r.body?.learnerName === '王五');
  expect(named.body.learnerName).toBe('王五');
  const listed = await request('POST', '/api/v1/admin/qualification-institutions', { token: tokens.admin, body: { name: EMPLOYER } });
  expect(listed.status).toBe(201);
  employerId = listed.body.id;
  await announceInstitution(system, recogniser, catalogItem.institutionName, catalogItem.institutionId, 'approved');
  await announceInstitution(system, employerReviewer, EMPLOYER, employerId, 'approved');
  await announceInstitution(system, university, UNIVERSITY, institutionIdForName(UNIVERSITY), 'approved');
  await announceInstitution(system, otherUniversity, OTHER_UNIVERSITY, institutionIdForName(OTHER_UNIVERSITY), 'approved');
  await announceInstitution(system, pendingUniversity, UNIVERSITY, null);
  for (const token of [tokens.recogniser, tokens.employer, tokens.university, tokens.otherUniversity]) {
    expect((await eventually(() => request('GET', '/api/v1/conversion-reviews', { token }), (r) => r.status === 200)).status).toBe(200);
  }

  ruleA = await publishRule({
    name: RULE_A_NAME,
    kind: 'achievement',
    sources: { catalogItemIds: [catalogItem.id] },
    target: { programme: '计算机应用技术（专科）', course: '计算机应用基础', awardingInstitutionId: institutionIdForName(UNIVERSITY), credits: 3 },
    limits: { maxCreditsPerTarget: 6, maxAchievements: 2 },
    effectiveFrom: '2025-01-01',
  });
  ruleW = await publishRule({
    name: '工作业绩转换《管理实务》课程学分',
    kind: 'work-performance',
    sources: { category: 'training-performance' },
    target: { programme: '工商管理（专科）', course: '管理实务', awardingInstitutionId: institutionIdForName(UNIVERSITY), credits: 2 },
    limits: {},
    effectiveFrom: '2025-01-01',
  });

  for (const key of ['a1', 'a2', 'a3'] as const) ach[key] = await submitted(tokens.learner);
  ach.w1 = await submitted(tokens.learner, 'work');
  ach.pending = await submitted(tokens.learner);
  ach.b1 = await submitted(tokens.otherLearner);
  marks.beforeRecognition = await mark();
  for (const key of ['a1', 'a2', 'a3', 'b1'] as const) await recognise(tokens.recogniser, ach[key]);
  await recognise(tokens.employer, ach.w1, { frameworkLevel: 4, category: 'training-performance', type: 'work-performance', credits: 2.5 });
  marks.recognised = await mark();
}, 120_000);

afterAll(async () => {
  await system?.dispose();
});

describe('learning account (学习账户)', () => {
  it('holds the recognised credits by category and framework level, all available before any conversion', async () => {
    const body = await account();
    const c = catalogItem.credits;
    expect(body.totals).toEqual({ recognised: 3 * c + 2.5, available: 3 * c + 2.5, held: 0, spent: 0 });
    expect(body.byCategory).toEqual(
      expect.arrayContaining([
        { category: catalogItem.category, recognised: 3 * c, available: 3 * c, held: 0, spent: 0 },
        { category: 'training-performance', recognised: 2.5, available: 2.5, held: 0, spent: 0 },
      ]),
    );
    expect(body.byFrameworkLevel).toEqual(expect.arrayContaining([expect.objectContaining({ frameworkLevel: 4, recognised: expect.any(Number) })]));
    expect(body.achievements.map((a: { achievementId: string }) => a.achievementId).sort()).toEqual([ach.a1, ach.a2, ach.a3, ach.w1].sort());
    expect(body.achievements.find((a: { achievementId: string }) => a.achievementId === ach.a1)).toMatchObject({
      achievementName: catalogItem.achievementName,
      recognisedBy: catalogItem.institutionName,
      credits: c,
      frameworkLevel: catalogItem.frameworkLevel,
      state: 'available',
    });
    // Another learner's account has only their own.
    expect((await account(tokens.otherLearner)).achievements.map((a: { achievementId: string }) => a.achievementId)).toEqual([ach.b1]);
  });

  it('is for learners only', async () => {
    expectProblem(await request('GET', '/api/v1/learning-account', { token: tokens.university }), 403, 'AUTH.FORBIDDEN');
    expectProblem(await request('GET', '/api/v1/learning-account'), 401, 'AUTH.TOKEN_MISSING');
  });
});

describe('conversion applications (转换成果申请)', () => {
  it('applies under the rule’s current version and holds the achievement', async () => {
    const res = await apply([ach.a1]);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      learnerId: learner,
      learnerName: '王五',
      kind: 'achievement',
      ruleId: ruleA,
      ruleVersion: 1,
      status: 'pending',
      target: { awardingInstitutionId: institutionIdForName(UNIVERSITY), awardingInstitution: UNIVERSITY, course: '计算机应用基础', credits: 3 },
      achievementIds: [ach.a1],
      achievementCredits: catalogItem.credits,
    });
    app1 = res.body.applicationId;
    marks.applied = await mark();
    const body = await account();
    expect(stateOf(body, ach.a1)).toBe('held');
    expect(body.totals.held).toBe(catalogItem.credits);
    const mine = await request('GET', '/api/v1/conversion-applications', { token: tokens.learner });
    expect(mine.body.items.map((i: { applicationId: string }) => i.applicationId)).toEqual([app1]);
  });

  it('applies for work performance (业绩类成果转换申请) only under a work-performance rule', async () => {
    expectProblem(await apply([ach.w1]), 400, 'LEDGER.CONVERSION_KIND_MISMATCH');
    expectProblem(await apply([ach.a3], ruleW, 'work-performance'), 400, 'LEDGER.CONVERSION_KIND_MISMATCH');
    expectProblem(await apply([ach.w1], ruleW, 'achievement'), 400, 'LEDGER.CONVERSION_KIND_MISMATCH');
    const res = await apply([ach.w1], ruleW, 'work-performance');
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'work-performance', ruleId: ruleW, ruleVersion: 1, status: 'pending' });
    appW = res.body.applicationId;
  });

  it('refuses held, unrecognised, someone else’s, unknown, duplicate and empty lists, unknown rules and too many achievements', async () => {
    expectProblem(await apply([ach.a1]), 409, 'LEDGER.ACHIEVEMENT_HELD');
    expectProblem(await apply([ach.pending]), 409, 'LEDGER.ACHIEVEMENT_NOT_RECOGNISED');
    expectProblem(await apply([ach.b1]), 400, 'LEDGER.CONVERSION_ACHIEVEMENT_UNKNOWN');
    expectProblem(await apply([randomUUID()]), 400, 'LEDGER.CONVERSION_ACHIEVEMENT_UNKNOWN');
    expectProblem(await apply([ach.a2, ach.a2]), 400, 'LEDGER.CONVERSION_DUPLICATE_ACHIEVEMENT');
    expectProblem(await apply([]), 400, 'LEDGER.CONVERSION_NO_ACHIEVEMENTS');
    expectProblem(await apply([ach.a2, ach.a3, ach.pending]), 400, 'LEDGER.CONVERSION_TOO_MANY_ACHIEVEMENTS');
    expectProblem(await apply([ach.a2], randomUUID()), 400, 'LEDGER.CONVERSION_RULE_UNKNOWN');
    expectProblem(await request('POST', '/api/v1/conversion-applications', { token: tokens.learner, body: { ruleId: ruleA, achievementIds: [ach.a2], kind: 'other' } }), 400, 'VALIDATION.INVALID_INPUT');
    expectProblem(await apply([ach.a2], ruleA, 'achievement', tokens.university), 403, 'AUTH.FORBIDDEN');
    // Nothing of that was recorded.
    expect((await request('GET', '/api/v1/conversion-applications', { token: tokens.learner })).body.total).toBe(2);
  });
});

describe('conversion reviews (转换审核) by the awarding institution', () => {
  it('shows the institution only the applications towards it', async () => {
    const queue = await request('GET', '/api/v1/conversion-reviews', { token: tokens.university });
    expect(queue.status).toBe(200);
    expect(queue.body.items.map((i: { applicationId: string }) => i.applicationId)).toEqual([app1, appW]);
    expect(queue.body.items[0]).toMatchObject({ learnerName: '王五', achievements: [expect.objectContaining({ achievementId: ach.a1, state: 'held' })] });
    expect((await request('GET', '/api/v1/conversion-reviews', { token: tokens.otherUniversity })).body).toMatchObject({ items: [], total: 0 });
    expectProblem(await request('GET', '/api/v1/conversion-reviews', { token: tokens.pendingUniversity }), 403, 'LEDGER.INSTITUTION_NOT_APPROVED');
    expectProblem(await request('GET', '/api/v1/conversion-reviews', { token: tokens.learner }), 403, 'AUTH.FORBIDDEN');
  });

  it('refuses another institution’s decision as "not found", an unapproved institution, and a rejection without a reason', async () => {
    expectProblem(await request('POST', `/api/v1/conversion-reviews/${app1}/approval`, { token: tokens.otherUniversity }), 404, 'LEDGER.CONVERSION_APPLICATION_NOT_FOUND');
    expectProblem(await request('POST', `/api/v1/conversion-reviews/${randomUUID()}/approval`, { token: tokens.university }), 404, 'LEDGER.CONVERSION_APPLICATION_NOT_FOUND');
    expectProblem(await request('POST', `/api/v1/conversion-reviews/${app1}/approval`, { token: tokens.pendingUniversity }), 403, 'LEDGER.INSTITUTION_NOT_APPROVED');
    expectProblem(await request('POST', `/api/v1/conversion-reviews/${app1}/rejection`, { token: tokens.university, body: { reason: '  ' } }), 400, 'VALIDATION.INVALID_INPUT');
  });

  it('approves (spent) and rejects (released); one decision stands', async () => {
    const key = randomUUID();
    const approved = await request('POST', `/api/v1/conversion-reviews/${app1}/approval`, { token: tokens.university, headers: { 'idempotency-key': key } });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', decidedBy: university, convertedCredits: 3, ruleVersion: 1 });
    marks.approved = await mark();
    // The same request again with its key (a retry after a lost answer): the first answer, read again — not "already decided".
    const retried = await request('POST', `/api/v1/conversion-reviews/${app1}/approval`, { token: tokens.university, headers: { 'idempotency-key': key } });
    expect({ status: retried.status, body: retried.body }).toEqual({ status: 200, body: approved.body });
    expectProblem(await request('POST', `/api/v1/conversion-reviews/${app1}/approval`, { token: tokens.university }), 409, 'LEDGER.CONVERSION_ALREADY_DECIDED');
    expectProblem(await request('POST', `/api/v1/conversion-reviews/${app1}/rejection`, { token: tokens.university, body: { reason: '重复' } }), 409, 'LEDGER.CONVERSION_ALREADY_DECIDED');

    const rejected = await request('POST', `/api/v1/conversion-reviews/${appW}/rejection`, { token: tokens.university, body: { reason: '业绩证明材料不足' } });
    expect(rejected.body).toMatchObject({ status: 'rejected', reason: '业绩证明材料不足' });

    const body = await account();
    expect(stateOf(body, ach.a1)).toBe('spent');
    expect(stateOf(body, ach.w1)).toBe('available');
    expect(body.totals).toMatchObject({ spent: catalogItem.credits, held: 0 });
    expect(body.conversions.map((c: { applicationId: string; status: string; ruleVersion: number }) => [c.applicationId, c.status, c.ruleVersion])).toEqual([
      [app1, 'approved', 1],
      [appW, 'rejected', 1],
    ]);
  });

  it('a spent achievement cannot be converted again; a released one can', async () => {
    expectProblem(await apply([ach.a1]), 409, 'LEDGER.ACHIEVEMENT_SPENT');
    const again = await apply([ach.w1], ruleW, 'work-performance');
    expect(again.status).toBe(201);
  });

  it('of two applications using one achievement at once, exactly one succeeds (the other: held)', async () => {
    const results = await Promise.all([apply([ach.a2]), apply([ach.a2]), apply([ach.a2])]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409]);
    for (const r of results.filter((x) => x.status === 409)) expectProblem(r, 409, 'LEDGER.ACHIEVEMENT_HELD');
    const stream = await system.infrastructure.eventStore.readStream(`ledger.learning-account-${learner}`);
    expect(stream.filter((e) => e.type === 'ConversionApplied' && (e.data as { achievementIds: string[] }).achievementIds.includes(ach.a2))).toHaveLength(1);
    // 3 approved + 3 pending towards the target: the rule's maximum of 6 is reached.
    expectProblem(await apply([ach.a3]), 409, 'LEDGER.CONVERSION_CREDIT_LIMIT_EXCEEDED');
  });

  it('of two decisions at once, one stands and the other is 409', async () => {
    const pending = (await request('GET', '/api/v1/conversion-reviews?status=pending', { token: tokens.university })).body.items.find((i: { achievementIds: string[] }) =>
      i.achievementIds.includes(ach.a2),
    );
    const [a, b] = await Promise.all([
      request('POST', `/api/v1/conversion-reviews/${pending.applicationId}/approval`, { token: tokens.university }),
      request('POST', `/api/v1/conversion-reviews/${pending.applicationId}/rejection`, { token: tokens.university, body: { reason: '名额已满' } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expectProblem([a, b].find((r) => r.status === 409)!, 409, 'LEDGER.CONVERSION_ALREADY_DECIDED');
  });

  it('a learner sees only their own applications', async () => {
    const theirs = await request('GET', '/api/v1/conversion-applications', { token: tokens.otherLearner });
    expect(theirs.body).toMatchObject({ items: [], total: 0 });
  });
});

describe('statement (成绩单)', () => {
  it('is computed as of the moment asked: before recognition, after it, after the application, after the approval', async () => {
    const before = await statement(marks.beforeRecognition);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ learnerId: learner, learnerName: '王五', asOf: marks.beforeRecognition, totals: { recognised: 0 }, achievements: [], conversions: [] });

    const recognised = (await statement(marks.recognised)).body;
    expect(recognised.totals).toEqual({ recognised: 3 * catalogItem.credits + 2.5, available: 3 * catalogItem.credits + 2.5, held: 0, spent: 0 });
    expect(recognised.conversions).toEqual([]);

    const applied = (await statement(marks.applied)).body;
    expect(stateOf(applied, ach.a1)).toBe('held');
    expect(applied.conversions).toEqual([expect.objectContaining({ applicationId: app1, status: 'pending', ruleId: ruleA, ruleVersion: 1 })]);

    const approved = (await statement(marks.approved)).body;
    expect(stateOf(approved, ach.a1)).toBe('spent');
    expect(approved.conversions.find((c: { applicationId: string }) => c.applicationId === app1)).toMatchObject({ status: 'approved', convertedCredits: 3, ruleVersion: 1 });

    // Now differs from then: the work-performance application was rejected after `approved` was marked… and more happened since.
    const now = (await request('GET', '/api/v1/learning-account/statement', { token: tokens.learner })).body;
    expect(now.conversions.length).toBeGreaterThan(approved.conversions.length);
  });

  it('names the holder from identity (real name, masked ID number) and each conversion’s rule at the version used', async () => {
    const before = (await statement(marks.approved)).body;
    expect(before.holder).toEqual({ realName: '王五', idType: 'resident-id-card', maskedIdNumber: MASKED_ID_NUMBER });
    expect(JSON.stringify(before)).not.toContain(ID_NUMBER);
    expect(before.conversions.find((c: { applicationId: string }) => c.applicationId === app1)).toMatchObject({ ruleId: ruleA, ruleVersion: 1, ruleName: RULE_A_NAME });
    expect(before.conversions.find((c: { applicationId: string }) => c.applicationId === appW)).toMatchObject({ ruleId: ruleW, ruleVersion: 1, ruleName: '工作业绩转换《管理实务》课程学分' });

    // A later version of the rule, renamed, changes nothing on a conversion made under version 1.
    const current = (await request('GET', `/api/v1/conversion-rules/${ruleA}`)).body;
    const revised = await request('PUT', `/api/v1/admin/conversion-rules/${ruleA}`, {
      token: tokens.admin,
      headers: { 'if-match': '1' },
      body: {
        name: `${RULE_A_NAME}（2026 修订）`,
        kind: current.kind,
        sources: current.sources,
        // The rule names its awarding institution by directory id (the name comes from the directory).
        target: { programme: current.target.programme, course: current.target.course, awardingInstitutionId: current.target.awardingInstitutionId, credits: current.target.credits },
        limits: current.limits,
        effectiveFrom: current.effectiveFrom,
      },
    });
    expect({ status: revised.status, version: revised.body?.version }).toEqual({ status: 200, version: 2 });
    const now = (await request('GET', '/api/v1/learning-account/statement', { token: tokens.learner })).body;
    expect(now.conversions.find((c: { applicationId: string }) => c.applicationId === app1)).toMatchObject({ ruleVersion: 1, ruleName: RULE_A_NAME });

    // The ID number stays in identity: no ledger event carries it, masked or not.
    const ledgerEvents = (await system.infrastructure.eventStore.readAll()).filter((e) => e.streamId.startsWith('ledger.'));
    expect(ledgerEvents.length).toBeGreaterThan(0);
    for (const e of ledgerEvents) expect(JSON.stringify(e)).not.toMatch(/440106.{8}124X/);
  });

  it('takes a date (end of that day, China time) and refuses what is not one', async () => {
    expect((await statement('2000-01-01')).body.totals.recognised).toBe(0);
    expectProblem(await statement('yesterday'), 400, 'LEDGER.STATEMENT_AS_OF_INVALID');
    expectProblem(await statement('2025-02-30'), 400, 'LEDGER.STATEMENT_AS_OF_INVALID');
  });

  it('is a printable A4 PDF with the Chinese labels and an embedded CJK font, with Accept or ?format=pdf', async () => {
    const res = await statement(marks.approved, tokens.learner, { accept: 'application/pdf' });
    expect(res.status).toBe(200);
    expect(res.contentType).toBe('application/pdf');
    const pdf = res.body as Buffer;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansSC/);
    expect(raw).toMatch(/\/FontFile2 /);
    expect(raw).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    // Table cells wrap: compare without whitespace.
    const text = (await pdfText(pdf)).replace(/\s+/g, '');
    for (const label of ['成绩单', '学习成果', '学分', '认定机构', '成果分类', '资历框架等级', '转换记录', '王五', catalogItem.achievementName, catalogItem.institutionName, UNIVERSITY, '第 1 版', '已转换']) {
      expect(text).toContain(label.replace(/\s+/g, ''));
    }
    // The holder by real name and masked ID number, never the full number; each rule by name and version; page numbers.
    for (const label of ['姓名：王五', '证件类型：居民身份证', `证件号码：${MASKED_ID_NUMBER}`, `${RULE_A_NAME}（第 1 版）`, '工作业绩转换《管理实务》课程学分（第 1 版）', '第 1 页 / 共 1 页']) {
      expect(text).toContain(label.replace(/\s+/g, ''));
    }
    expect(text).not.toContain(ID_NUMBER);

    const viaQuery = await request('GET', `/api/v1/learning-account/statement?asOf=${encodeURIComponent(marks.beforeRecognition)}&format=pdf`, { token: tokens.learner });
    expect(viaQuery.contentType).toBe('application/pdf');
    const beforeText = (await pdfText(viaQuery.body as Buffer)).replace(/\s+/g, '');
    expect(beforeText).toContain('成绩单');
    expect(beforeText).not.toContain(catalogItem.achievementName.replace(/\s+/g, ''));
    expect(beforeText).not.toContain(UNIVERSITY);

    // JSON stays the default, also for a browser-like Accept.
    expect((await statement(marks.approved, tokens.learner, { accept: 'application/json, */*' })).contentType).toMatch(/json/);
  }, 60_000);

  it('shows a learner only their own account', async () => {
    const theirs = (await request('GET', '/api/v1/learning-account/statement', { token: tokens.otherLearner })).body;
    expect(theirs.achievements.map((a: { achievementId: string }) => a.achievementId)).toEqual([ach.b1]);
    expect(theirs.conversions).toEqual([]);
    // Announced to the ledger only (no identity account): a statement without holder, not an error.
    expect(theirs.holder).toBeNull();
    expectProblem(await request('GET', '/api/v1/learning-account/statement', { token: tokens.university }), 403, 'AUTH.FORBIDDEN');
  });
});

describe('inbox (收件箱)', () => {
  it('tells the learner of recognitions and decisions, the institutions of requests and applications', async () => {
    const learnerInbox = (await request('GET', '/api/v1/inbox?pageSize=100', { token: tokens.learner })).body;
    const kinds = learnerInbox.items.map((m: { kind: string }) => m.kind);
    expect(kinds.filter((k: string) => k === 'achievement-recognised')).toHaveLength(4);
    expect(kinds).toEqual(expect.arrayContaining(['conversion-approved', 'conversion-rejected']));
    expect(learnerInbox.items.find((m: { kind: string }) => m.kind === 'conversion-rejected').body).toContain('业绩证明材料不足');
    expect(learnerInbox.unread).toBe(learnerInbox.total);

    const universityInbox = (await request('GET', '/api/v1/inbox?pageSize=100', { token: tokens.university })).body;
    expect(universityInbox.items.filter((m: { kind: string }) => m.kind !== 'institution-approved').every((m: { kind: string }) => m.kind === 'conversion-applied')).toBe(true);
    expect(universityInbox.items.filter((m: { kind: string }) => m.kind === 'institution-approved')).toHaveLength(1);
    expect(universityInbox.total).toBeGreaterThanOrEqual(4);
    const recogniserInbox = (await request('GET', '/api/v1/inbox?pageSize=100', { token: tokens.recogniser })).body;
    expect(recogniserInbox.items.filter((m: { kind: string }) => m.kind === 'recognition-requested')).toHaveLength(5);
    expect((await request('GET', '/api/v1/inbox', { token: tokens.otherUniversity })).body.items.map((m: { kind: string }) => m.kind)).toEqual(['institution-approved']);
    expect((await request('GET', '/api/v1/inbox', { token: tokens.otherLearner })).body.items.map((m: { kind: string }) => m.kind)).toEqual(['achievement-recognised']);
    // 管理中心's inbox holds its own messages (routing, flagged conversions): none of these.
    const adminInbox = await request('GET', '/api/v1/inbox?pageSize=100', { token: tokens.admin });
    expect(adminInbox.status).toBe(200);
    expect(adminInbox.body.items.filter((m: { applicationId?: string }) => m.applicationId === app1)).toEqual([]);
    // A pending institution reads only its own messages (none yet): nothing of the university it claims to be.
    const pendingInbox = await request('GET', '/api/v1/inbox?pageSize=100', { token: tokens.pendingUniversity });
    expect(pendingInbox.status).toBe(200);
    expect(pendingInbox.body.items).toEqual([]);
  });

  it('marks a message read for its addressee only; unread=true lists the rest', async () => {
    const before = (await request('GET', '/api/v1/inbox?unread=true&pageSize=100', { token: tokens.learner })).body;
    const message = before.items[0];
    expectProblem(await request('POST', `/api/v1/inbox/${message.id}/read`, { token: tokens.otherLearner }), 404, 'LEDGER.INBOX_MESSAGE_NOT_FOUND');
    expectProblem(await request('POST', `/api/v1/inbox/${message.id}/read`, { token: tokens.university }), 404, 'LEDGER.INBOX_MESSAGE_NOT_FOUND');
    const read = await request('POST', `/api/v1/inbox/${message.id}/read`, { token: tokens.learner });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: message.id, read: true, readAt: expect.any(String) });
    expect((await request('POST', `/api/v1/inbox/${message.id}/read`, { token: tokens.learner })).body).toMatchObject({ read: true, readAt: read.body.readAt });
    const after = (await request('GET', '/api/v1/inbox?unread=true&pageSize=100', { token: tokens.learner })).body;
    expect(after.unread).toBe(before.unread - 1);
    expect(after.items.map((m: { id: string }) => m.id)).not.toContain(message.id);
    const readOnes = (await request('GET', '/api/v1/inbox?unread=false', { token: tokens.learner })).body;
    expect(readOnes.items.map((m: { id: string }) => m.id)).toEqual([message.id]);
    expectProblem(await request('POST', '/api/v1/inbox/not-a-message/read', { token: tokens.learner }), 404, 'LEDGER.INBOX_MESSAGE_NOT_FOUND');
  });
});
