import { GIF_EVIDENCE, hostilePdf, HostilePdfKind, JPEG_EVIDENCE, PDF_EVIDENCE, PNG_EVIDENCE, PNG_WITH_APPENDED_HTML, THREE_BYTE_JPEG } from '@credit-bank/testing';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { eventually, expectProblem, httpClient, startTestSystem, TestSystem, tokenFor } from './testing/e2e-support';

/**
 * Issue 10, point 6, as attacks that now fail: uploads are parsed (sharp, pdf-lib), not trusted by
 * their first bytes; each learner has a storage quota; a file that backs no achievement is swept.
 * Two systems: one with a 2 KiB quota, one whose unattached files expire after a second.
 */

const QUOTA = 2048;
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

type Api = ReturnType<typeof httpClient>;

function upload(api: Api, token: string, bytes: Buffer, fileName = 'scan.png', declared = 'image/png') {
  const form = new FormData();
  form.append('file', new Blob([bytes], { type: declared }), fileName);
  return api('POST', '/evidence', { token, form });
}

/** The files in the evidence folder (made at the first upload kept). */
const storedFiles = (system: TestSystem) => {
  const folder = join(system.dataDir, 'evidence');
  return existsSync(folder) ? readdirSync(folder).filter((name) => !name.startsWith('.')) : [];
};

let certificates = 0;
const customAchievement = (evidenceId: string) => ({
  category: 'training-performance',
  custom: { name: '社区志愿服务培训证书', institutionName: '广州市志愿者协会', type: 'training-certificate' },
  certificateNumber: `GZV-UP-${++certificates}`,
  issueDate: '2023-11-11',
  evidenceId,
});

describe('uploads (embedded profile)', () => {
  let system: TestSystem;
  let api: Api;
  const learner = () => tokenFor(system, { accountId: randomUUID(), role: 'learner' });

  beforeAll(async () => {
    system = await startTestSystem({ EVIDENCE_QUOTA_BYTES: String(QUOTA) });
    api = httpClient(`${system.url}/api/v1`);
  });

  afterAll(async () => {
    await system?.dispose();
  });

  describe('parsed, not trusted by the first bytes', () => {
    it('refuses a 3-byte "JPEG" (415 LEDGER.EVIDENCE_MALFORMED) and keeps nothing of it', async () => {
      const before = storedFiles(system).length;
      const res = await upload(api, learner(), THREE_BYTE_JPEG, 'photo.jpg', 'image/jpeg');
      expectProblem(res, 415, 'LEDGER.EVIDENCE_MALFORMED');
      expect(storedFiles(system)).toHaveLength(before);
    });

    it('refuses a truncated JPEG and a PNG signature followed by HTML', async () => {
      const token = learner();
      expectProblem(await upload(api, token, JPEG_EVIDENCE.subarray(0, 200), 'photo.jpg', 'image/jpeg'), 415, 'LEDGER.EVIDENCE_MALFORMED');
      expectProblem(await upload(api, token, Buffer.concat([PNG_EVIDENCE.subarray(0, 8), Buffer.from('<html><script>alert(1)</script></html>')])), 415, 'LEDGER.EVIDENCE_MALFORMED');
    });

    it('stores a PNG with HTML appended without the appended bytes, and serves the clean image', async () => {
      const token = learner();
      const res = await upload(api, token, PNG_WITH_APPENDED_HTML);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ mediaType: 'image/png', size: PNG_EVIDENCE.length, sha256: sha256(PNG_EVIDENCE) });
      const download = await api('GET', `/evidence/${res.body.id}`, { token });
      expect(download.status).toBe(200);
      const body = download.body as Buffer;
      expect(body.equals(PNG_EVIDENCE)).toBe(true);
      expect(body.includes(Buffer.from('<script'))).toBe(false);
    });

    it.each<HostilePdfKind>(['open-action-javascript', 'javascript-name-tree', 'launch-action', 'page-additional-action', 'embedded-file'])(
      'refuses a PDF with %s (415 LEDGER.EVIDENCE_ACTIVE_CONTENT), with a zh-CN and an English text',
      async (kind) => {
        const token = learner();
        const before = storedFiles(system).length;
        const pdf = await hostilePdf(kind);
        const res = await upload(api, token, pdf, 'certificate.pdf', 'application/pdf');
        expectProblem(res, 415, 'LEDGER.EVIDENCE_ACTIVE_CONTENT');
        expect(res.body.detail ?? res.body.title).toMatch(/[\u4e00-\u9fff]/);
        const form = new FormData();
        form.append('file', new Blob([pdf], { type: 'application/pdf' }), 'certificate.pdf');
        const english = await api('POST', '/evidence', { token, form, headers: { 'accept-language': 'en' } });
        expectProblem(english, 415, 'LEDGER.EVIDENCE_ACTIVE_CONTENT');
        expect(JSON.stringify(english.body)).toMatch(/active content/);
        expect(storedFiles(system)).toHaveLength(before);
      },
    );

    it('still takes valid jpg, png, gif and pdf files end to end: stored, downloaded, backing an achievement', async () => {
      const token = learner();
      const ids: string[] = [];
      for (const [bytes, name, type] of [
        [JPEG_EVIDENCE, 'photo.jpg', 'image/jpeg'],
        [PNG_EVIDENCE, 'scan.png', 'image/png'],
        [GIF_EVIDENCE, 'scan.gif', 'image/gif'],
        [PDF_EVIDENCE, 'certificate.pdf', 'application/pdf'],
      ] as const) {
        const res = await upload(api, token, bytes, name, type);
        expect(res.status).toBe(201);
        expect(res.body.mediaType).toBe(type);
        const download = await api('GET', `/evidence/${res.body.id}`, { token });
        expect({ status: download.status, type: download.contentType, sha256: sha256(download.body as Buffer) }).toEqual({ status: 200, type, sha256: res.body.sha256 });
        ids.push(res.body.id);
      }
      const stored = await api('POST', '/achievements', { token, body: customAchievement(ids[3]) });
      expect(stored.status).toBe(201);
      expect((await api('GET', `/achievements/${stored.body.id}`, { token })).body).toMatchObject({ evidenceId: ids[3] });
    });
  });

  describe(`a storage quota per learner (EVIDENCE_QUOTA_BYTES=${QUOTA})`, () => {
    it('takes files up to the quota, refuses the one that would pass it (413 LEDGER.EVIDENCE_QUOTA_EXCEEDED) and keeps nothing of it', async () => {
      const token = learner();
      expect((await upload(api, token, PDF_EVIDENCE, 'a.pdf', 'application/pdf')).status).toBe(201);
      expect((await upload(api, token, PDF_EVIDENCE, 'b.pdf', 'application/pdf')).status).toBe(201);
      const before = storedFiles(system).length;
      expectProblem(await upload(api, token, PDF_EVIDENCE, 'c.pdf', 'application/pdf'), 413, 'LEDGER.EVIDENCE_QUOTA_EXCEEDED');
      expect(storedFiles(system)).toHaveLength(before);
      // What still fits is taken; another learner has a quota of their own.
      expect((await upload(api, token, PNG_EVIDENCE)).status).toBe(201);
      expect((await upload(api, learner(), PDF_EVIDENCE, 'a.pdf', 'application/pdf')).status).toBe(201);
    });

    it('is not passed by parallel uploads: of eight at once, exactly what fits is taken', async () => {
      const token = learner();
      const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => upload(api, token, PDF_EVIDENCE, `p${i}.pdf`, 'application/pdf')));
      const fits = Math.floor(QUOTA / PDF_EVIDENCE.length);
      expect(answers.filter((a) => a.status === 201)).toHaveLength(fits);
      for (const refused of answers.filter((a) => a.status !== 201)) expectProblem(refused, 413, 'LEDGER.EVIDENCE_QUOTA_EXCEEDED');
    });
  });
});

describe('unattached uploads are swept (EVIDENCE_UNATTACHED_MAX_AGE_SECONDS=1, EVIDENCE_SWEEP_INTERVAL_SECONDS=1)', () => {
  let system: TestSystem;
  let api: Api;

  beforeAll(async () => {
    system = await startTestSystem({ EVIDENCE_UNATTACHED_MAX_AGE_SECONDS: '1', EVIDENCE_SWEEP_INTERVAL_SECONDS: '1', EVIDENCE_QUOTA_BYTES: String(QUOTA) });
    api = httpClient(`${system.url}/api/v1`);
  });

  afterAll(async () => {
    await system?.dispose();
  });

  it('deletes a file that backs no achievement (bytes, read model, quota) and keeps the one an achievement holds', async () => {
    const accountId = randomUUID();
    const token = tokenFor(system, { accountId, role: 'learner' });
    const loose = (await upload(api, token, PNG_EVIDENCE)).body.id as string;
    const used = (await upload(api, token, PDF_EVIDENCE, 'certificate.pdf', 'application/pdf')).body.id as string;
    expect((await api('POST', '/achievements', { token, body: customAchievement(used) })).status).toBe(201);
    expect(storedFiles(system)).toEqual(expect.arrayContaining([loose, used]));

    const gone = await eventually(() => api('GET', `/evidence/${loose}`, { token }), (res) => res.status === 404, 10_000);
    expectProblem(gone, 404, 'LEDGER.EVIDENCE_NOT_FOUND');
    expect(storedFiles(system)).not.toContain(loose);
    expect(storedFiles(system)).toContain(used);
    expect((await api('GET', `/evidence/${used}`, { token })).status).toBe(200);

    // The history says why: EvidenceExpired, appended by the sweep.
    const stream = await system.infrastructure.eventStore.readStream(`ledger.evidence-${loose}`);
    expect(stream.map((e) => e.type)).toEqual(['EvidenceRegistered', 'EvidenceExpired']);
    expect(stream[1]).toMatchObject({ data: { evidenceId: loose, ownerId: accountId, size: PNG_EVIDENCE.length }, metadata: { actor: 'system' } });

    // Gone for good: no achievement can claim it; its room in the quota is free again.
    expectProblem(await api('POST', '/achievements', { token, body: customAchievement(loose) }), 400, 'LEDGER.EVIDENCE_UNKNOWN');
    const usage = await system.infrastructure.readStore.collection<{ bytes: number; files: number }>('ledger_evidence_usage').get(accountId);
    expect(usage).toMatchObject({ bytes: PDF_EVIDENCE.length, files: 1 });
  });

  it('sweeps a file let go by its achievement (withdrawn) once it has been idle as long', async () => {
    const token = tokenFor(system, { accountId: randomUUID(), role: 'learner' });
    const id = (await upload(api, token, JPEG_EVIDENCE, 'photo.jpg', 'image/jpeg')).body.id as string;
    const stored = await api('POST', '/achievements', { token, body: customAchievement(id) });
    expect(stored.status).toBe(201);
    // Held: still there after more than the maximum age.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect((await api('GET', `/evidence/${id}`, { token })).status).toBe(200);
    const withdrawn = await api('DELETE', `/achievements/${stored.body.id}`, { token, headers: { 'if-match': `"${stored.body.revision}"` } });
    expect(withdrawn.status).toBe(204);
    expect((await eventually(() => api('GET', `/evidence/${id}`, { token }), (res) => res.status === 404, 10_000)).status).toBe(404);
  });
});
