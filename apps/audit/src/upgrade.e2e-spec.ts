import { institutionIdForName } from '@credit-bank/kernel';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { expectProblem, httpClient, startTestSystem, TestSystem } from '../../embedded/src/testing/e2e-support';
import { runAudit } from './lib/cli';

/**
 * A store written by the version before institutions had directory ids (tools/fixtures/store-v1,
 * written by commit f2c5b51 through its HTTP API: see generate.v1-spec.ts there) keeps working:
 * - the audit tool verifies it as it is, and after today's version ran on it;
 * - today's version reads its v1 events upcast (institutions named → the directory id of the
 *   name), rebuilds the read models whose shape changed, and `rebuild --compare` finds the live
 *   read models equal to a rebuild from the history;
 * - an institution approved by name reviews nothing until 管理中心 links it to the directory, then
 *   finds its old pending request; the old learner's balance and conversion are as they were;
 * - every new kind of event (routing, evidence views, revocation, certificate claims) joins the
 *   old history and the audit stays clean.
 */

const FIXTURE = resolve(__dirname, '../../../tools/fixtures/store-v1');
const ids = JSON.parse(readFileSync(join(FIXTURE, 'ids.json'), 'utf8')) as {
  admin: Record<string, string>;
  password: string;
  learner: string;
  institutions: Record<'exam' | 'university' | 'pending', { id: string; username: string }>;
  catalogItemId: string;
  achievements: Record<'recognised' | 'returned' | 'pending' | 'custom' | 'stored', string>;
  application: string;
};

async function audit(dataDir: string, ...args: string[]): Promise<{ code: number; stdout: string; json: any }> {
  let stdout = '';
  const code = await runAudit([...args, '--json', '--data-dir', dataDir], {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: () => undefined, isTTY: false },
    env: {},
  });
  return { code, stdout, json: JSON.parse(stdout) };
}

let dataDir: string;
let system: TestSystem | undefined;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'credit-bank-upgrade-'));
  cpSync(FIXTURE, dataDir, { recursive: true });
});

afterAll(async () => {
  await system?.dispose({ keep: true });
  rmSync(dataDir, { recursive: true, force: true });
});

it('verifies the previous version’s history as it is', async () => {
  const verified = await audit(dataDir, 'verify');
  expect(verified.json).toMatchObject({ breaks: [] });
  expect(verified.code).toBe(0);
});

it('runs today’s version on it, links the institutions approved by name, and every new event joins the history', async () => {
  system = await startTestSystem({ ...ids.admin, DATA_DIR: dataDir });
  const request = httpClient(`${system.url}/api/v1`);
  let ip = 0;
  const api = (method: string, path: string, options: { body?: unknown; token?: string; headers?: Record<string, string> } = {}) =>
    request(method, path, { ...options, headers: { ...(options.headers ?? {}), 'x-forwarded-for': `10.8.0.${++ip}` } });
  const login = async (identifier: string, password = ids.password) => {
    const res = await api('POST', '/sessions', { body: { identifier, password } });
    expect(res.status).toBe(200);
    return res.body.accessToken as string;
  };
  const learner = await login('fixture_learner');
  const exam = await login(ids.institutions.exam.username);
  const university = await login(ids.institutions.university.username);
  const admin = await login(ids.admin.ADMIN_USERNAME, ids.admin.ADMIN_PASSWORD);

  // The learner's records, read through the upcast events and the rebuilt read models.
  const list = await api('GET', '/achievements?pageSize=100', { token: learner });
  expect(Object.fromEntries(list.body.items.map((i: { id: string; recognition: { status: string } }) => [i.id, i.recognition.status]))).toEqual({
    [ids.achievements.recognised]: 'recognised',
    [ids.achievements.returned]: 'returned',
    [ids.achievements.pending]: 'submitted',
    [ids.achievements.custom]: 'submitted',
    [ids.achievements.stored]: 'not-submitted',
  });
  const account = (await api('GET', '/learning-account', { token: learner })).body;
  const item = (await api('GET', `/catalog/items/${ids.catalogItemId}`)).body;
  expect(account.totals).toMatchObject({ spent: item.credits });
  expect(account.conversions).toEqual([expect.objectContaining({ applicationId: ids.application, status: 'approved', revokedAchievementIds: [] })]);
  expect(account.conversions[0].target.awardingInstitutionId).toBe(institutionIdForName('广东开放大学'));

  // Approved by name only: no authority until linked to the directory.
  expectProblem(await api('GET', '/reviews', { token: exam }), 403, 'LEDGER.INSTITUTION_NOT_LINKED');
  const examInstitution = institutionIdForName('教育部考试中心');
  expect((await api('GET', `/qualification-institutions/${examInstitution}`)).status).toBe(200);
  expect((await api('POST', `/admin/institutions/${ids.institutions.exam.id}/approval`, { token: admin, body: { institutionId: examInstitution } })).status).toBe(200);
  expect((await api('POST', `/admin/institutions/${ids.institutions.university.id}/approval`, { token: admin, body: { institutionId: institutionIdForName('广东开放大学') } })).status).toBe(200);
  const queue = await (async () => {
    for (let i = 0; i < 100; i++) {
      const res = await api('GET', '/reviews?pageSize=100', { token: exam });
      if (res.status === 200) return res;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error('the linked institution never reviewed');
  })();
  expect(queue.body.items.map((i: { id: string }) => i.id)).toEqual([ids.achievements.pending]);

  // New events on old streams: an evidence view, a recognition, a revocation that flags the old conversion.
  const pending = (await api('GET', `/reviews/${ids.achievements.pending}`, { token: exam })).body;
  expect((await api('GET', `/evidence/${pending.evidenceId}`, { token: exam })).status).toBe(200);
  expect((await api('POST', `/reviews/${ids.achievements.pending}/recognition`, { token: exam, body: {} })).status).toBe(200);
  expect((await api('POST', `/reviews/${ids.achievements.recognised}/revocation`, { token: exam, body: { reason: '升级后复核：证书无效' } })).status).toBe(200);
  const flagged = (await api('GET', '/conversion-reviews?status=approved', { token: university })).body.items;
  expect(flagged).toEqual([expect.objectContaining({ applicationId: ids.application, revokedAchievementIds: [ids.achievements.recognised] })]);

  // The old hand-entered request named an institution nobody reviews for: 管理中心 sends it on.
  expect((await api('POST', `/admin/recognition-routing/${ids.achievements.custom}/assignment`, { token: admin, body: { institutionId: examInstitution } })).status).toBe(200);
  // A new request to an institution without a reviewer lands in the routing queue, and is returned.
  const evidence = new FormData();
  evidence.append('file', new Blob([readFileSync(join(FIXTURE, 'evidence', pending.evidenceId))], { type: 'image/png' }), 'scan.png');
  const evidenceId = (await request('POST', '/evidence', { token: learner, form: evidence })).body.id;
  const custom = await api('POST', '/achievements', {
    token: learner,
    body: { category: 'training-performance', custom: { name: '培训证书', institutionName: '目录外机构', type: 'training-certificate' }, certificateNumber: 'UP-0001', issueDate: '2024-06-30', evidenceId },
  });
  expect(custom.status).toBe(201);
  expect((await api('POST', `/achievements/${custom.body.id}/recognition-requests`, { token: learner })).body.status).toBe('awaiting-routing');
  expect((await api('POST', `/admin/recognition-routing/${custom.body.id}/return`, { token: admin, body: { reason: '请从目录选择机构' } })).status).toBe(200);

  await system.dispose({ keep: true });
  system = undefined;
}, 120_000);

it('verifies the mixed history, and the live read models equal a rebuild from it', async () => {
  const verified = await audit(dataDir, 'verify');
  expect(verified.json).toMatchObject({ breaks: [] });
  expect(verified.code).toBe(0);
  const compared = await audit(dataDir, 'rebuild', '--compare');
  expect(compared.json.differences).toEqual([]);
  expect(compared.code).toBe(0);
}, 120_000);
