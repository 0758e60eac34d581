import { institutionIdForName } from '@credit-bank/kernel';
import { randomUUID } from 'node:crypto';
import { announceInstitution, announceLearner, eventually, expectProblem, httpClient, startTestSystem, TestSystem, tokenFor } from './testing/e2e-support';
import { PNG_EVIDENCE as PNG } from '@credit-bank/testing';

/**
 * Trust in credits (issue 9), over real HTTP on the embedded profile:
 * - reviewers see the evidence of the requests addressed to their institution (and 管理中心 too),
 *   nobody else does, and every such view shows in the learner's recognition record;
 * - one certificate, one credit: the same certificate (issuer + normalised number) cannot be
 *   stored twice by one learner, whichever path it comes by; another learner's copy is a possible
 *   duplicate the reviewer must give a reason for; credits are counted once;
 * - 撤销认定: the recognising institution or 管理中心 revokes; the credits leave the learning
 *   account (a statement as of before still shows them); the approved conversion that spent them
 *   is flagged to the awarding institution and 管理中心; the learner is told;
 * - requests that would go nowhere (an institution with no approved account, or one only named)
 *   land in 管理中心's routing queue, which assigns or returns them.
 * Institution accounts are announced as identity's relay would (approved and linked to a
 * directory institution by id); the real registration and approval flow is in
 * recognition.e2e-spec.ts and the directory's own e2e.
 */

/** The awarding institution of the conversion (listed in the directory by the seed). */
const UNIVERSITY = '广东开放大学';
const UNIVERSITY_ID = institutionIdForName(UNIVERSITY);

let system: TestSystem;
let request: ReturnType<typeof httpClient>;
let catalogItem: { id: string; category: string; institutionId: string; institutionName: string; credits: number };
/** A catalogue entry whose institution has no approved account here. */
let orphanItem: { id: string; category: string; institutionId: string; institutionName: string };
const ids = { learner: randomUUID(), other: randomUUID(), reviewer: randomUUID(), impostor: randomUUID(), university: randomUUID(), admin: randomUUID() };
let tokens: Record<keyof typeof ids, string>;

async function evidence(token = tokens.learner): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([PNG], { type: 'image/png' }), 'scan.png');
  const res = await request('POST', '/api/v1/evidence', { token, form });
  expect(res.status).toBe(201);
  return res.body.id;
}

const store = async (body: Record<string, unknown>, token = tokens.learner) =>
  request('POST', '/api/v1/achievements', { token, body: { issueDate: '2024-06-30', evidenceId: await evidence(token), ...body } });
/** 证书等级, 职业(工种) and 文化程度: required for vocational qualifications, from the reference lists. */
const VOCATIONAL = { certificateLevel: '4', occupation: '计算机操作员', educationLevel: '61' };
const catalogBody = (certificateNumber: string, item: { id: string; category: string } = catalogItem) => ({ category: item.category, catalogItemId: item.id, certificateNumber, ...VOCATIONAL });
const submit = (id: string, token = tokens.learner) => request('POST', `/api/v1/achievements/${id}/recognition-requests`, { token });
const mine = async (id: string, token = tokens.learner) => (await request('GET', `/api/v1/achievements/${id}`, { token })).body;
const inbox = async (token: string) => (await request('GET', '/api/v1/inbox?pageSize=100', { token })).body.items as Array<{ kind: string; achievementId?: string; applicationId?: string }>;

/** Stores a catalogue achievement with a fresh certificate number, submits it; answers its id. */
async function submitted(token = tokens.learner, certificateNumber = `NCRE-${randomUUID().slice(0, 8)}`): Promise<string> {
  const stored = await store(catalogBody(certificateNumber), token);
  expect(stored.status).toBe(201);
  expect((await submit(stored.body.id, token)).status).toBe(202);
  return stored.body.id;
}

async function recognised(token = tokens.learner): Promise<string> {
  const id = await submitted(token);
  const res = await request('POST', `/api/v1/reviews/${id}/recognition`, { token: tokens.reviewer, body: {} });
  expect(res.status).toBe(200);
  return id;
}

beforeAll(async () => {
  system = await startTestSystem();
  request = httpClient(system.url);
  tokens = {
    learner: tokenFor(system, { accountId: ids.learner, role: 'learner' }),
    other: tokenFor(system, { accountId: ids.other, role: 'learner' }),
    reviewer: tokenFor(system, { accountId: ids.reviewer, role: 'institution' }),
    impostor: tokenFor(system, { accountId: ids.impostor, role: 'institution' }),
    university: tokenFor(system, { accountId: ids.university, role: 'institution' }),
    admin: tokenFor(system, { accountId: ids.admin, role: 'admin' }),
  };
  const items = (await request('GET', '/api/v1/catalog/items?category=vocational-qualification&pageSize=100')).body.items as Array<typeof catalogItem>;
  catalogItem = items[0];
  const orphan = items.find((i) => i.institutionId !== catalogItem.institutionId);
  if (!orphan) throw new Error('the seed catalogue has a second vocational institution');
  orphanItem = orphan;
  expect(catalogItem.institutionId).toBe(institutionIdForName(catalogItem.institutionName));

  await announceLearner(system, ids.learner, '张三');
  await announceLearner(system, ids.other, '李四');
  await announceInstitution(system, ids.reviewer, catalogItem.institutionName, catalogItem.institutionId, 'approved');
  // Registered and approved under the very same name, but linked to another directory institution.
  await announceInstitution(system, ids.impostor, catalogItem.institutionName, randomUUID(), 'approved');
  await announceInstitution(system, ids.university, UNIVERSITY, UNIVERSITY_ID, 'approved');
  for (const token of [tokens.reviewer, tokens.impostor, tokens.university]) {
    expect((await eventually(() => request('GET', '/api/v1/reviews', { token }), (r) => r.status === 200)).status).toBe(200);
  }
}, 60_000);

afterAll(async () => {
  await system?.dispose();
});

describe('evidence for the reviewer', () => {
  it('the responsible institution’s reviewer and 管理中心 download it, each view recorded; a same-name institution and another learner get 404', async () => {
    const id = await submitted();
    const { evidenceId } = await mine(id);

    const byReviewer = await request('GET', `/api/v1/evidence/${evidenceId}`, { token: tokens.reviewer });
    expect(byReviewer.status).toBe(200);
    expect(Buffer.compare(byReviewer.body as Buffer, PNG)).toBe(0);
    expect(byReviewer.headers.get('content-type')).toBe('image/png');
    expect((await request('GET', `/api/v1/evidence/${evidenceId}`, { token: tokens.admin })).status).toBe(200);

    expectProblem(await request('GET', `/api/v1/evidence/${evidenceId}`, { token: tokens.impostor }), 404, 'LEDGER.EVIDENCE_NOT_FOUND');
    expectProblem(await request('GET', `/api/v1/evidence/${evidenceId}`, { token: tokens.university }), 404, 'LEDGER.EVIDENCE_NOT_FOUND');
    expectProblem(await request('GET', `/api/v1/evidence/${evidenceId}`, { token: tokens.other }), 404, 'LEDGER.EVIDENCE_NOT_FOUND');
    expect((await request('GET', `/api/v1/evidence/${evidenceId}`)).status).toBe(401);
    // The owner's own downloads are not views of someone else.
    expect((await request('GET', `/api/v1/evidence/${evidenceId}`, { token: tokens.learner })).status).toBe(200);

    const views = (await mine(id)).recognition.record.filter((s: { step: string }) => s.step === 'evidence-viewed');
    expect(views).toEqual([
      { step: 'evidence-viewed', at: expect.any(String), by: ids.reviewer, role: 'institution', institutionId: catalogItem.institutionId },
      { step: 'evidence-viewed', at: expect.any(String), by: ids.admin, role: 'admin', institutionId: null, institution: '管理中心' },
    ]);
  });

  it('stays open to the reviewer after the decision, and the evidence of a stored (unsubmitted) achievement stays closed', async () => {
    const id = await recognised();
    expect((await request('GET', `/api/v1/evidence/${(await mine(id)).evidenceId}`, { token: tokens.reviewer })).status).toBe(200);
    const draft = await store(catalogBody(`NCRE-${randomUUID().slice(0, 8)}`));
    expectProblem(await request('GET', `/api/v1/evidence/${(await mine(draft.body.id)).evidenceId}`, { token: tokens.reviewer }), 404, 'LEDGER.EVIDENCE_NOT_FOUND');
  });
});

describe('one certificate, one credit', () => {
  const NUMBER = `NCRE-2024-${randomUUID().slice(0, 6).toUpperCase()}`;
  let first: string;

  it('refuses the same certificate twice for one learner (409), also written differently and also hand-entered under the same institution', async () => {
    const stored = await store(catalogBody(NUMBER));
    expect(stored.status).toBe(201);
    first = stored.body.id;
    expectProblem(await store(catalogBody(NUMBER)), 409, 'LEDGER.CERTIFICATE_ALREADY_STORED');
    expectProblem(await store(catalogBody(` ${NUMBER.toLowerCase().replace('-2024-', '-2024 ')} `)), 409, 'LEDGER.CERTIFICATE_ALREADY_STORED');
    const handEntered = await store({
      category: 'vocational-qualification',
      custom: { name: '计算机等级考试证书', institutionId: catalogItem.institutionId, type: 'national-exam-certificate' },
      certificateNumber: NUMBER,
      ...VOCATIONAL,
    });
    expectProblem(handEntered, 409, 'LEDGER.CERTIFICATE_ALREADY_STORED');
    expect(handEntered.body.details).toEqual({ achievementId: first });
  });

  it('lets the certificate be stored again once the achievement holding it is deleted', async () => {
    expect((await request('DELETE', `/api/v1/achievements/${first}`, { token: tokens.learner })).status).toBeLessThan(300);
    const again = await store(catalogBody(NUMBER));
    expect(again.status).toBe(201);
    first = again.body.id;
    expect((await submit(first)).status).toBe(202);
  });

  it('shows another learner’s copy to the reviewer as a possible duplicate, and wants a reason to recognise it anyway', async () => {
    const copy = await store(catalogBody(NUMBER), tokens.other);
    expect(copy.status).toBe(201);
    expect((await submit(copy.body.id, tokens.other)).status).toBe(202);
    const review = await request('GET', `/api/v1/reviews/${copy.body.id}`, { token: tokens.reviewer });
    expect(review.body.possibleDuplicates).toEqual([first]);
    expect((await request('GET', `/api/v1/reviews/${first}`, { token: tokens.reviewer })).body.possibleDuplicates).toEqual([copy.body.id]);

    const blind = await request('POST', `/api/v1/reviews/${copy.body.id}/recognition`, { token: tokens.reviewer, body: {} });
    expectProblem(blind, 409, 'LEDGER.POSSIBLE_DUPLICATE');
    expect(blind.body.details).toEqual({ possibleDuplicates: [first] });
    expect((await mine(copy.body.id, tokens.other)).recognition.status).toBe('submitted');

    const reasoned = await request('POST', `/api/v1/reviews/${copy.body.id}/recognition`, { token: tokens.reviewer, body: { duplicateReason: '已向发证机构核实：两份证书编号录入相同，持证人不同' } });
    expect(reasoned.status).toBe(200);
    expect((await mine(copy.body.id, tokens.other)).recognition.record.at(-1)).toMatchObject({ step: 'recognised', reason: '已向发证机构核实：两份证书编号录入相同，持证人不同' });
  });

  it('counts the learner’s certificate once in the learning account', async () => {
    const before = (await request('GET', '/api/v1/learning-account', { token: tokens.learner })).body.totals.recognised;
    expect((await request('POST', `/api/v1/reviews/${first}/recognition`, { token: tokens.reviewer, body: { duplicateReason: '本人证书，另一份已核实为录入错误' } })).status).toBe(200);
    const after = (await request('GET', '/api/v1/learning-account', { token: tokens.learner })).body;
    expect(after.totals.recognised).toBe(before + catalogItem.credits);
    expect(after.achievements.filter((a: { achievementId: string }) => a.achievementId === first)).toHaveLength(1);
  });
});

describe('撤销认定 (revocation)', () => {
  let achievementId: string;
  let applicationId: string;
  let beforeRevocation: string;

  beforeAll(async () => {
    achievementId = await recognised();
    const rule = await request('POST', '/api/v1/admin/conversion-rules', {
      token: tokens.admin,
      body: {
        name: '证书转换《计算机应用基础》课程学分（撤销测试）',
        kind: 'achievement',
        sources: { catalogItemIds: [catalogItem.id] },
        target: { programme: '计算机应用技术（专科）', course: '计算机应用基础', awardingInstitutionId: UNIVERSITY_ID, credits: 3 },
        limits: {},
        effectiveFrom: '2025-01-01',
      },
    });
    expect(rule.status).toBe(201);
    const applied = await request('POST', '/api/v1/conversion-applications', { token: tokens.learner, body: { ruleId: rule.body.ruleId, achievementIds: [achievementId], kind: 'achievement' } });
    expect(applied.status).toBe(201);
    applicationId = applied.body.applicationId;
    expect((await request('POST', `/api/v1/conversion-reviews/${applicationId}/approval`, { token: tokens.university })).status).toBe(200);
    beforeRevocation = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }, 60_000);

  it('is refused to another institution (404, even with the same name), to learners (403), without a reason (400), and before recognition (409)', async () => {
    expectProblem(await request('POST', `/api/v1/reviews/${achievementId}/revocation`, { token: tokens.impostor, body: { reason: '伪造' } }), 404, 'LEDGER.ACHIEVEMENT_NOT_FOUND');
    expectProblem(await request('POST', `/api/v1/reviews/${achievementId}/revocation`, { token: tokens.university, body: { reason: '伪造' } }), 404, 'LEDGER.ACHIEVEMENT_NOT_FOUND');
    expectProblem(await request('POST', `/api/v1/reviews/${achievementId}/revocation`, { token: tokens.learner, body: { reason: '伪造' } }), 403, 'AUTH.FORBIDDEN');
    expectProblem(await request('POST', `/api/v1/reviews/${achievementId}/revocation`, { token: tokens.reviewer, body: {} }), 400, 'VALIDATION.INVALID_INPUT');
    const pending = await submitted();
    expectProblem(await request('POST', `/api/v1/reviews/${pending}/revocation`, { token: tokens.reviewer, body: { reason: '伪造' } }), 409, 'LEDGER.RECOGNITION_NOT_RECOGNISED');
  });

  it('by the recognising institution: credits leave the account, the approved conversion is flagged, not changed, and everyone concerned is told', async () => {
    const spent = (await request('GET', '/api/v1/learning-account', { token: tokens.learner })).body;
    expect(spent.achievements.find((a: { achievementId: string }) => a.achievementId === achievementId)).toMatchObject({ state: 'spent', applicationId });

    const revoked = await request('POST', `/api/v1/reviews/${achievementId}/revocation`, { token: tokens.reviewer, body: { reason: '发证机构确认证书系伪造' } });
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: achievementId, status: 'revoked' });
    expectProblem(await request('POST', `/api/v1/reviews/${achievementId}/revocation`, { token: tokens.admin, body: { reason: '再次撤销' } }), 409, 'LEDGER.RECOGNITION_ALREADY_REVOKED');

    const account = (await request('GET', '/api/v1/learning-account', { token: tokens.learner })).body;
    expect(account.achievements.find((a: { achievementId: string }) => a.achievementId === achievementId)).toBeUndefined();
    expect(account.totals.spent).toBe(spent.totals.spent - catalogItem.credits);
    expect(account.totals.recognised).toBe(spent.totals.recognised - catalogItem.credits);
    expect(account.conversions.find((c: { applicationId: string }) => c.applicationId === applicationId)).toMatchObject({ status: 'approved', revokedAchievementIds: [achievementId] });
    const reviews = (await request('GET', '/api/v1/conversion-reviews?status=approved&pageSize=100', { token: tokens.university })).body.items;
    expect(reviews.find((c: { applicationId: string }) => c.applicationId === applicationId)).toMatchObject({ status: 'approved', revokedAchievementIds: [achievementId] });

    const record = (await mine(achievementId)).recognition;
    expect(record.status).toBe('revoked');
    expect(record.record.at(-1)).toMatchObject({ step: 'revoked', by: ids.reviewer, role: 'institution', reason: '发证机构确认证书系伪造' });

    const asBefore = (await request('GET', `/api/v1/learning-account/statement?asOf=${encodeURIComponent(beforeRevocation)}`, { token: tokens.learner })).body;
    expect(asBefore.achievements.find((a: { achievementId: string }) => a.achievementId === achievementId)).toMatchObject({ state: 'spent' });

    expect((await inbox(tokens.learner)).filter((m) => m.achievementId === achievementId).map((m) => m.kind)).toContain('recognition-revoked');
    expect((await inbox(tokens.university)).filter((m) => m.applicationId === applicationId).map((m) => m.kind)).toContain('conversion-flagged');
    expect((await inbox(tokens.admin)).filter((m) => m.applicationId === applicationId).map((m) => m.kind)).toEqual(['conversion-flagged']);
    expect((await inbox(tokens.impostor)).filter((m) => m.applicationId === applicationId || m.achievementId === achievementId)).toEqual([]);
  });

  it('by 管理中心, and a revoked achievement no longer converts', async () => {
    const id = await recognised();
    const res = await request('POST', `/api/v1/reviews/${id}/revocation`, { token: tokens.admin, body: { reason: '管理中心抽查：证书无效' } });
    expect(res.status).toBe(200);
    expect((await mine(id)).recognition.record.at(-1)).toMatchObject({ step: 'revoked', by: ids.admin, role: 'admin', institution: '管理中心' });
  });
});

describe('管理中心’s routing queue (待分派)', () => {
  it('takes a hand-entered achievement naming an institution outside the directory; the administrator assigns it to an institution with a reviewer', async () => {
    const stored = await store({ category: 'training-performance', custom: { name: '社区志愿服务培训证书', institutionName: '不在目录里的培训中心', type: 'training-certificate' }, certificateNumber: `V-${randomUUID().slice(0, 8)}` });
    expect(stored.status).toBe(201);
    const sent = await submit(stored.body.id);
    expect(sent.status).toBe(202);
    expect(sent.body.status).toBe('awaiting-routing');
    expect((await mine(stored.body.id)).recognition.status).toBe('awaiting-routing');
    const queue = (await request('GET', '/api/v1/admin/recognition-routing?pageSize=100', { token: tokens.admin })).body.items;
    expect(queue.find((i: { id: string }) => i.id === stored.body.id)).toMatchObject({ responsibleInstitution: '不在目录里的培训中心', learnerName: '张三' });
    expect((await inbox(tokens.admin)).filter((m) => m.achievementId === stored.body.id).map((m) => m.kind)).toEqual(['recognition-awaiting-routing']);
    expect((await request('GET', '/api/v1/reviews?pageSize=100', { token: tokens.reviewer })).body.items.map((i: { id: string }) => i.id)).not.toContain(stored.body.id);
    expectProblem(await request('GET', '/api/v1/admin/recognition-routing', { token: tokens.reviewer }), 403, 'AUTH.FORBIDDEN');

    const assign = (institutionId: string) => request('POST', `/api/v1/admin/recognition-routing/${stored.body.id}/assignment`, { token: tokens.admin, body: { institutionId } });
    expectProblem(await assign(orphanItem.institutionId), 409, 'LEDGER.INSTITUTION_HAS_NO_REVIEWER');
    expectProblem(await assign(randomUUID()), 400, 'LEDGER.INSTITUTION_UNKNOWN');
    const assigned = await assign(catalogItem.institutionId);
    expect(assigned.status).toBe(200);
    expect(assigned.body).toMatchObject({ status: 'submitted' });
    expect((await request('GET', '/api/v1/reviews?pageSize=100', { token: tokens.reviewer })).body.items.map((i: { id: string }) => i.id)).toContain(stored.body.id);
    expect((await inbox(tokens.reviewer)).filter((m) => m.achievementId === stored.body.id).map((m) => m.kind)).toEqual(['recognition-requested']);
    expect((await mine(stored.body.id)).recognition.record.map((s: { step: string }) => s.step)).toEqual(['submitted', 'routed']);
    // Once a reviewer took it, it is theirs: 管理中心 no longer routes it.
    expect((await request('POST', `/api/v1/reviews/${stored.body.id}/claim`, { token: tokens.reviewer })).status).toBe(200);
    expectProblem(await assign(catalogItem.institutionId), 409, 'LEDGER.NOT_AWAITING_ROUTING');
  });

  it('takes a request for an institution no approved account reviews for; the administrator returns it with a reason and the learner may submit again', async () => {
    const stored = await store(catalogBody(`O-${randomUUID().slice(0, 8)}`, orphanItem));
    expect(stored.status).toBe(201);
    expect((await submit(stored.body.id)).body.status).toBe('awaiting-routing');
    const returned = await request('POST', `/api/v1/admin/recognition-routing/${stored.body.id}/return`, { token: tokens.admin, body: { reason: '该机构尚未开通审核账户，请改选其他资历机构' } });
    expect(returned.status).toBe(200);
    const view = await mine(stored.body.id);
    expect(view.recognition.status).toBe('returned');
    expect(view.recognition.record.at(-1)).toMatchObject({ step: 'routing-declined', by: ids.admin, institution: '管理中心', reason: '该机构尚未开通审核账户，请改选其他资历机构' });
    expect((await inbox(tokens.learner)).filter((m) => m.achievementId === stored.body.id).map((m) => m.kind)).toEqual(['achievement-returned']);
    const amended = await request('PATCH', `/api/v1/achievements/${stored.body.id}`, { token: tokens.learner, headers: { 'if-match': `"${view.revision}"` }, body: catalogBody(`O-${randomUUID().slice(0, 8)}`) });
    expect(amended.status).toBe(200);
    expect((await submit(stored.body.id)).status).toBe(202);
  });
});
