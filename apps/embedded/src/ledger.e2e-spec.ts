import { ACCOUNT_REGISTERED_V1, AccountRegisteredV1 } from '@credit-bank/contracts';
import { createHash, randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { lastValueFrom } from 'rxjs';
import { GIF_EVIDENCE, JPEG_EVIDENCE, PDF_EVIDENCE, PNG_EVIDENCE } from '@credit-bank/testing';
import { HttpResult, httpClient, startTestSystem, TestSystem, tokenFor } from './testing/e2e-support';

/**
 * The ledger over real HTTP on the embedded profile: evidence uploads (parsed, images re-encoded;
 * hostile files are in uploads.e2e-spec.ts), storing achievements from the catalogue or by hand, the learner's list, edit with
 * If-Match, delete, submission for recognition, and that learners never see each other's records.
 */

// Tiny but real files (the gateway parses them): see libs/testing's evidence-files.ts.
const PNG = PNG_EVIDENCE;
const GIF = GIF_EVIDENCE;
const JPEG = JPEG_EVIDENCE;
const PDF = PDF_EVIDENCE;
const MIB = 1024 * 1024;

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

let system: TestSystem;
let request: ReturnType<typeof httpClient>;
let learnerA: string;
let learnerB: string;
let tokenA: string;
let tokenB: string;
let catalogItem: { id: string; category: string; achievementName: string; institutionId: string; institutionName: string; type: string; typeName: string; frameworkLevel: number; credits: number };

function expectProblem(res: HttpResult, status: number, code: string): void {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
  expect(res.contentType).toMatch(/^application\/problem\+json/);
}

function upload(token: string, bytes: Buffer, fileName: string, declaredType: string, field = 'file') {
  const form = new FormData();
  form.append(field, new Blob([bytes], { type: declaredType }), fileName);
  return request('POST', '/api/v1/evidence', { token, form });
}

async function evidenceOf(token: string, bytes: Buffer = PNG): Promise<string> {
  const res = await upload(token, bytes, 'scan.png', 'image/png');
  expect(res.status).toBe(201);
  return res.body.id;
}

/** A fresh certificate number for each stored achievement: one learner stores a certificate once. */
let certificates = 0;
const nextCertificate = (prefix: string) => `${prefix}-${String(++certificates).padStart(4, '0')}`;

async function catalogBody(token: string, overrides: Record<string, unknown> = {}) {
  return {
    category: catalogItem.category,
    catalogItemId: catalogItem.id,
    certificateNumber: nextCertificate('NCRE-2024'),
    issueDate: '2024-06-30',
    certificateLevel: '2',
    occupation: '计算机程序设计员',
    educationLevel: '61',
    evidenceId: await evidenceOf(token),
    description: '全国计算机等级考试二级 C 语言',
    ...overrides,
  };
}

async function customBody(token: string, overrides: Record<string, unknown> = {}) {
  return {
    category: 'training-performance',
    custom: { name: '社区志愿服务培训证书', institutionName: '广州市志愿者协会', type: 'training-certificate' },
    certificateNumber: nextCertificate('GZV-2023'),
    issueDate: '2023-11-11',
    evidenceId: await evidenceOf(token, PDF),
    ...overrides,
  };
}

async function store(token: string, body: Record<string, unknown>): Promise<{ id: string; revision: number }> {
  const res = await request('POST', '/api/v1/achievements', { token, body });
  expect(res.status).toBe(201);
  return res.body;
}

const total = async (token: string): Promise<number> => (await request('GET', '/api/v1/achievements', { token })).body.total;

async function eventually<T>(probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const evidenceFiles = () => readdirSync(join(system.dataDir, 'evidence')).filter((f) => !f.startsWith('.'));

beforeAll(async () => {
  system = await startTestSystem();
  request = httpClient(system.url);
  learnerA = randomUUID();
  learnerB = randomUUID();
  tokenA = tokenFor(system, { accountId: learnerA, role: 'learner' });
  tokenB = tokenFor(system, { accountId: learnerB, role: 'learner' });
  const items = await request('GET', '/api/v1/catalog/items?category=vocational-qualification&pageSize=1');
  expect(items.status).toBe(200);
  catalogItem = items.body.items[0];
  expect(catalogItem).toMatchObject({ id: expect.any(String), category: 'vocational-qualification' });
});

afterAll(async () => {
  await system?.dispose();
});

describe('evidence uploads', () => {
  it.each([
    // The PNG and JPEG fixtures are what re-encoding makes of them, so they come back unchanged; a GIF's palette may change.
    ['png', PNG, 'scan.png', 'image/png', 'image/png', true],
    ['jpg', JPEG, 'photo.jpg', 'image/jpeg', 'image/jpeg', true],
    ['gif', GIF, 'photo.gif', 'image/gif', 'image/gif', false],
    ['pdf', PDF, 'certificate.pdf', 'application/pdf', 'application/pdf', true],
  ])('accepts a %s and gives it back to its owner as an attachment', async (ext, bytes, fileName, declared, mediaType, unchanged) => {
    const res = await upload(tokenA, bytes, fileName, declared);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), sha256: expect.stringMatching(/^[0-9a-f]{64}$/), mediaType, size: expect.any(Number) });
    if (unchanged) expect(res.body).toMatchObject({ sha256: sha256(bytes), size: bytes.length });

    const download = await request('GET', `/api/v1/evidence/${res.body.id}`, { token: tokenA });
    expect(download.status).toBe(200);
    expect(download.contentType).toBe(mediaType);
    expect(download.headers.get('content-disposition')).toBe(`attachment; filename="evidence-${res.body.id}.${ext}"`);
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect({ sha256: sha256(download.body as Buffer), size: (download.body as Buffer).length }).toEqual({ sha256: res.body.sha256, size: res.body.size });
  });

  it('recognises the type by the bytes, not by the name or the declared type', async () => {
    const res = await upload(tokenA, PNG, 'notes.txt', 'text/plain');
    expect(res.status).toBe(201);
    expect(res.body.mediaType).toBe('image/png');
  });

  it('refuses a text file named .png (415) and keeps nothing of it', async () => {
    const before = evidenceFiles().length;
    const res = await upload(tokenA, Buffer.from('this is not a picture at all'), 'certificate.png', 'image/png');
    expectProblem(res, 415, 'LEDGER.EVIDENCE_TYPE_UNSUPPORTED');
    expect(evidenceFiles()).toHaveLength(before);
  });

  it('accepts exactly 10 MiB and refuses 10 MiB + 1 byte (413)', async () => {
    // A PNG padded to 10 MiB: accepted, and stored without the padding after its end.
    const exact = Buffer.alloc(10 * MIB);
    PNG.copy(exact);
    const accepted = await upload(tokenA, exact, 'big.png', 'image/png');
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({ size: PNG.length, sha256: sha256(PNG) });
    const before = evidenceFiles().length;
    const over = Buffer.alloc(10 * MIB + 1);
    PNG.copy(over);
    expectProblem(await upload(tokenA, over, 'too-big.png', 'image/png'), 413, 'LEDGER.EVIDENCE_TOO_LARGE');
    const far = Buffer.alloc(12 * MIB);
    PNG.copy(far);
    expectProblem(await upload(tokenA, far, 'far-too-big.png', 'image/png'), 413, 'LEDGER.EVIDENCE_TOO_LARGE');
    expect(evidenceFiles()).toHaveLength(before);
  });

  it('needs the file in the multipart field "file" (400)', async () => {
    expectProblem(await request('POST', '/api/v1/evidence', { token: tokenA, body: { file: 'abc' } }), 400, 'LEDGER.EVIDENCE_FILE_MISSING');
    const wrongField = await upload(tokenA, PNG, 'scan.png', 'image/png', 'document');
    expectProblem(wrongField, 400, 'LEDGER.EVIDENCE_FILE_MISSING');
    expect(wrongField.body.errors).toEqual([expect.objectContaining({ field: 'file' })]);
    const onlyText = new FormData();
    onlyText.append('file', 'just a text field');
    expectProblem(await request('POST', '/api/v1/evidence', { token: tokenA, form: onlyText }), 400, 'LEDGER.EVIDENCE_FILE_MISSING');
  });

  it('is for signed-in learners only (uploads); downloads for the owner and the reviewers of its request', async () => {
    expectProblem(await upload('', PNG, 'scan.png', 'image/png'), 401, 'AUTH.TOKEN_MISSING');
    const institution = tokenFor(system, { accountId: randomUUID(), role: 'institution' });
    expectProblem(await upload(institution, PNG, 'scan.png', 'image/png'), 403, 'AUTH.FORBIDDEN');
    // Downloads are for the owner, and for the reviewers of a request the file backs: a file that backs none is unknown to an institution.
    const id = await evidenceOf(tokenA);
    expectProblem(await request('GET', `/api/v1/evidence/${id}`, { token: institution }), 404, 'LEDGER.EVIDENCE_NOT_FOUND');
  });

  it('shows nobody else a learner’s evidence: the same 404 as an unknown id', async () => {
    const id = await evidenceOf(tokenA);
    const foreign = await request('GET', `/api/v1/evidence/${id}`, { token: tokenB });
    const unknown = await request('GET', `/api/v1/evidence/${randomUUID()}`, { token: tokenB });
    expectProblem(foreign, 404, 'LEDGER.EVIDENCE_NOT_FOUND');
    expectProblem(unknown, 404, 'LEDGER.EVIDENCE_NOT_FOUND');
    expect({ ...foreign.body, instance: undefined }).toEqual({ ...unknown.body, instance: undefined });
    expectProblem(await request('GET', '/api/v1/evidence/..%2F..%2Fevents.sqlite', { token: tokenA }), 404, 'LEDGER.EVIDENCE_NOT_FOUND');
  });
});

describe('storing achievements', () => {
  it('stores a catalogue achievement with the catalogue snapshot, revision 0, ETag and Location', async () => {
    const body = await catalogBody(tokenA);
    const res = await request('POST', '/api/v1/achievements', { token: tokenA, body });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), revision: 0 });
    expect(res.headers.get('etag')).toBe('"0"');
    expect(res.headers.get('location')).toBe(`/api/v1/achievements/${res.body.id}`);

    const got = await request('GET', `/api/v1/achievements/${res.body.id}`, { token: tokenA });
    expect(got.status).toBe(200);
    expect(got.headers.get('etag')).toBe('"0"');
    expect(got.body).toMatchObject({
      id: res.body.id,
      revision: 0,
      source: 'catalog',
      category: 'vocational-qualification',
      categoryName: '职业资格证书成果',
      catalogItemId: catalogItem.id,
      catalogItem: {
        achievementName: catalogItem.achievementName,
        institutionName: catalogItem.institutionName,
        type: catalogItem.type,
        typeName: catalogItem.typeName,
        frameworkLevel: catalogItem.frameworkLevel,
        credits: catalogItem.credits,
      },
      achievementName: catalogItem.achievementName,
      institutionName: catalogItem.institutionName,
      custom: null,
      certificateNumber: body.certificateNumber,
      issueDate: '2024-06-30',
      certificateLevel: '2',
      occupation: '计算机程序设计员',
      educationLevel: '61',
      evidenceId: body.evidenceId,
      description: body.description,
      recognition: { status: 'not-submitted', record: [] },
    });
  });

  it('stores an achievement entered by hand', async () => {
    const body = await customBody(tokenA);
    const { id } = await store(tokenA, body);
    const got = await request('GET', `/api/v1/achievements/${id}`, { token: tokenA });
    expect(got.body).toMatchObject({
      source: 'custom',
      catalogItemId: null,
      catalogItem: null,
      custom: { name: '社区志愿服务培训证书', institutionName: '广州市志愿者协会', type: 'training-certificate', typeName: '培训证书' },
      achievementName: '社区志愿服务培训证书',
      category: 'training-performance',
      categoryName: '培训成果及业绩类成果',
      type: 'training-certificate',
      certificateLevel: null,
      description: null,
    });
  });

  describe('refuses bad input with 400 problem+json, field errors, and stores nothing', () => {
    const cases: Array<[string, (token: string) => Promise<Record<string, unknown>>, string, string]> = [
      ['an issue date in the future', (t) => catalogBody(t, { issueDate: '2999-01-01' }), 'LEDGER.ACHIEVEMENT_INVALID', 'issueDate'],
      ['an issue date that does not exist', (t) => catalogBody(t, { issueDate: '2023-02-29' }), 'VALIDATION.INVALID_INPUT', 'issueDate'],
      ['an issue date in another format', (t) => catalogBody(t, { issueDate: '30/06/2024' }), 'VALIDATION.INVALID_INPUT', 'issueDate'],
      ['no certificate number', async (t) => ({ ...(await catalogBody(t)), certificateNumber: undefined }), 'VALIDATION.INVALID_INPUT', 'certificateNumber'],
      ['a blank certificate number', (t) => catalogBody(t, { certificateNumber: '   ' }), 'VALIDATION.INVALID_INPUT', 'certificateNumber'],
      ['no evidence', async (t) => ({ ...(await catalogBody(t)), evidenceId: undefined }), 'VALIDATION.INVALID_INPUT', 'evidenceId'],
      ['an unknown category', (t) => catalogBody(t, { category: 'cooking' }), 'VALIDATION.INVALID_INPUT', 'category'],
      ['a description over 2000 characters', (t) => catalogBody(t, { description: '长'.repeat(2001) }), 'VALIDATION.INVALID_INPUT', 'description'],
      ['neither a catalogue entry nor custom data', async (t) => ({ ...(await catalogBody(t)), catalogItemId: undefined }), 'VALIDATION.INVALID_INPUT', 'catalogItemId'],
      [
        'both a catalogue entry and custom data',
        (t) => catalogBody(t, { custom: { name: 'x', institutionName: 'y', type: 'national-exam-certificate' } }),
        'VALIDATION.INVALID_INPUT',
        'catalogItemId',
      ],
      ['an unknown field', (t) => catalogBody(t, { ownerId: randomUUID() }), 'VALIDATION.INVALID_INPUT', 'ownerId'],
      ['a custom achievement without a name', (t) => customBody(t, { custom: { institutionName: 'y', type: 'training-certificate' } }), 'VALIDATION.INVALID_INPUT', 'custom.name'],
      ['an unknown catalogue entry', (t) => catalogBody(t, { catalogItemId: randomUUID() }), 'LEDGER.CATALOG_ITEM_UNKNOWN', 'catalogItemId'],
      ['a catalogue entry of another category', (t) => catalogBody(t, { category: 'academic-education' }), 'LEDGER.CATEGORY_MISMATCH', 'category'],
      [
        'a custom type outside the category',
        (t) => customBody(t, { custom: { name: '培训', institutionName: '某机构', type: 'degree' } }),
        'LEDGER.TYPE_NOT_IN_CATEGORY',
        'custom.type',
      ],
      ['unknown evidence', (t) => catalogBody(t, { evidenceId: randomUUID() }), 'LEDGER.EVIDENCE_UNKNOWN', 'evidenceId'],
      // The guide's lists (GET /reference/certificate-levels, /education-levels), and its required vocational fields.
      ['a certificate level outside the list', (t) => catalogBody(t, { certificateLevel: '中级' }), 'LEDGER.ACHIEVEMENT_INVALID', 'certificateLevel'],
      ['an education level outside GB/T 4658', (t) => catalogBody(t, { educationLevel: '高中' }), 'LEDGER.ACHIEVEMENT_INVALID', 'educationLevel'],
      ['a vocational qualification without its occupation', async (t) => ({ ...(await catalogBody(t)), occupation: undefined }), 'LEDGER.ACHIEVEMENT_INVALID', 'occupation'],
    ];

    it.each(cases)('%s', async (_, make, code, field) => {
      const before = await total(tokenA);
      const res = await request('POST', '/api/v1/achievements', { token: tokenA, body: await make(tokenA) });
      expectProblem(res, 400, code);
      expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field, code: expect.any(String), message: expect.any(String) })]));
      expect(await total(tokenA)).toBe(before);
    });
  });

  it('the future-date refusal names the field and why, in Chinese unless English is asked for', async () => {
    const res = await request('POST', '/api/v1/achievements', { token: tokenA, body: await catalogBody(tokenA, { issueDate: '2999-01-01' }) });
    expect(res.headers.get('content-language')).toBe('zh-CN');
    expect(res.body).toMatchObject({ title: '成果信息有误，请按提示修改。', detail: '成果信息有误，请按提示修改。' });
    expect(res.body.errors).toEqual([{ field: 'issueDate', code: 'LEDGER.DATE_IN_FUTURE', message: '发证日期不能晚于今天。' }]);
    const english = await request('POST', '/api/v1/achievements', {
      token: tokenA,
      headers: { 'accept-language': 'zh-CN;q=0.5, en' },
      body: await catalogBody(tokenA, { issueDate: '2999-01-01' }),
    });
    expect(english.headers.get('content-language')).toBe('en');
    expect(english.body).toMatchObject({ title: 'The achievement has invalid fields.' });
    expect(english.body.errors).toEqual([{ field: 'issueDate', code: 'LEDGER.DATE_IN_FUTURE', message: 'issueDate must not be in the future' }]);
  });

  it('refuses another learner’s evidence exactly as unknown evidence', async () => {
    const before = await total(tokenB);
    const foreign = await request('POST', '/api/v1/achievements', { token: tokenB, body: await catalogBody(tokenB, { evidenceId: await evidenceOf(tokenA) }) });
    const unknown = await request('POST', '/api/v1/achievements', { token: tokenB, body: await catalogBody(tokenB, { evidenceId: randomUUID() }) });
    expectProblem(foreign, 400, 'LEDGER.EVIDENCE_UNKNOWN');
    expect({ ...foreign.body, instance: undefined }).toEqual({ ...unknown.body, instance: undefined });
    expect(await total(tokenB)).toBe(before);
  });

  it('refuses evidence that already backs another achievement (409)', async () => {
    const body = await catalogBody(tokenA);
    await store(tokenA, body);
    const before = await total(tokenA);
    expectProblem(await request('POST', '/api/v1/achievements', { token: tokenA, body: { ...body, certificateNumber: 'OTHER' } }), 409, 'LEDGER.EVIDENCE_IN_USE');
    expect(await total(tokenA)).toBe(before);
  });

  it('is for learners only', async () => {
    const institution = tokenFor(system, { accountId: randomUUID(), role: 'institution' });
    expectProblem(await request('POST', '/api/v1/achievements', { token: institution, body: {} }), 403, 'AUTH.FORBIDDEN');
    expectProblem(await request('GET', '/api/v1/achievements', { token: institution }), 403, 'AUTH.FORBIDDEN');
    expectProblem(await request('GET', '/api/v1/achievements'), 401, 'AUTH.TOKEN_MISSING');
  });
});

describe("the learner's list", () => {
  let token: string;
  let accountId: string;
  const ids: string[] = [];

  beforeAll(async () => {
    accountId = randomUUID();
    token = tokenFor(system, { accountId, role: 'learner' });
    ids.push((await store(token, await catalogBody(token))).id);
    ids.push((await store(token, await customBody(token))).id);
    ids.push((await store(token, await customBody(token, { custom: { name: '企业年度优秀员工', institutionName: '某科技公司', type: 'work-performance' } }))).id);
  });

  it('lists the learner’s own achievements, newest first, with the guide’s columns', async () => {
    const res = await request('GET', '/api/v1/achievements', { token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 3, page: 1, pageSize: 20 });
    expect(res.body.items.map((i: { id: string }) => i.id)).toEqual([...ids].reverse());
    expect(res.body.items.map((i: { no: number }) => i.no)).toEqual([1, 2, 3]);
    expect(res.body.items[2]).toEqual({
      id: ids[0],
      no: 3,
      name: null,
      achievementName: catalogItem.achievementName,
      category: 'vocational-qualification',
      categoryName: '职业资格证书成果',
      type: catalogItem.type,
      typeName: catalogItem.typeName,
      source: 'catalog',
      recognition: { status: 'not-submitted', record: [] },
      addedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      revision: 0,
    });
    expect(res.body.items[0]).toMatchObject({ source: 'custom', achievementName: '企业年度优秀员工', type: 'work-performance', typeName: '工作业绩' });
  });

  it('numbers rows across pages', async () => {
    const page2 = await request('GET', '/api/v1/achievements?page=2&pageSize=2', { token });
    expect(page2.body).toMatchObject({ total: 3, page: 2, pageSize: 2 });
    expect(page2.body.items.map((i: { id: string; no: number }) => [i.no, i.id])).toEqual([[3, ids[0]]]);
  });

  it('filters by name (Chinese included), category and type', async () => {
    const byName = await request('GET', `/api/v1/achievements?q=${encodeURIComponent('志愿')}`, { token });
    expect(byName.body.items.map((i: { id: string }) => i.id)).toEqual([ids[1]]);
    const byCategory = await request('GET', '/api/v1/achievements?category=training-performance', { token });
    expect(byCategory.body.total).toBe(2);
    const byType = await request('GET', '/api/v1/achievements?category=training-performance&type=work-performance', { token });
    expect(byType.body.items.map((i: { id: string }) => i.id)).toEqual([ids[2]]);
    const none = await request('GET', `/api/v1/achievements?q=${encodeURIComponent('不存在的成果')}`, { token });
    expect(none.body).toMatchObject({ items: [], total: 0 });
  });

  it('refuses bad filters (400)', async () => {
    expectProblem(await request('GET', '/api/v1/achievements?category=cooking', { token }), 400, 'VALIDATION.INVALID_INPUT');
    expectProblem(await request('GET', '/api/v1/achievements?pageSize=1000', { token }), 400, 'VALIDATION.INVALID_INPUT');
  });

  it('shows the learner’s real name once identity announces the account (duplicates change nothing)', async () => {
    const event: AccountRegisteredV1 = {
      type: 'AccountRegistered',
      schemaVersion: 1,
      eventId: randomUUID(),
      streamId: `identity.account-${accountId}`,
      revision: 0,
      position: 1_000_000,
      occurredAt: new Date().toISOString(),
      correlationId: randomUUID(),
      data: { accountId, accountType: 'individual', username: 'zhang_san', displayName: '张三', registeredAt: new Date().toISOString() },
    };
    const bus = system.infrastructure.bus!;
    await lastValueFrom(bus.emit(ACCOUNT_REGISTERED_V1, event), { defaultValue: undefined });
    await lastValueFrom(bus.emit(ACCOUNT_REGISTERED_V1, { ...event, data: { ...event.data, displayName: '重复' } }), { defaultValue: undefined });
    const res = await eventually(
      () => request('GET', '/api/v1/achievements', { token }),
      (r) => r.body.items[0]?.name === '张三',
    );
    expect(res.body.items.map((i: { name: string }) => i.name)).toEqual(['张三', '张三', '张三']);
    expect((await request('GET', `/api/v1/achievements/${ids[0]}`, { token })).body.name).toBe('张三');
  });

  it('shows nothing of other learners', async () => {
    const other = await request('GET', '/api/v1/achievements?pageSize=100', { token: tokenB });
    expect(other.body.items.map((i: { id: string }) => i.id)).not.toEqual(expect.arrayContaining([ids[0]]));
  });
});

describe('editing, deleting and submitting', () => {
  it('PATCH with a stale If-Match is 412 and changes nothing; with the current one it records the change', async () => {
    const { id } = await store(tokenA, await catalogBody(tokenA));
    const before = await request('GET', `/api/v1/achievements/${id}`, { token: tokenA });

    const stale = await request('PATCH', `/api/v1/achievements/${id}`, { token: tokenA, headers: { 'if-match': '"7"' }, body: { certificateNumber: 'NEW-1' } });
    expectProblem(stale, 412, 'LEDGER.REVISION_MISMATCH');
    expect((await request('GET', `/api/v1/achievements/${id}`, { token: tokenA })).body).toEqual(before.body);

    const ok = await request('PATCH', `/api/v1/achievements/${id}`, { token: tokenA, headers: { 'if-match': '"0"' }, body: { certificateNumber: 'NEW-1', description: null } });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ id, revision: 1 });
    expect(ok.headers.get('etag')).toBe('"1"');
    const after = await request('GET', `/api/v1/achievements/${id}`, { token: tokenA });
    expect(after.headers.get('etag')).toBe('"1"');
    expect(after.body).toMatchObject({ revision: 1, certificateNumber: 'NEW-1', description: null, issueDate: '2024-06-30' });

    // The revision just read, in each accepted spelling.
    const weak = await request('PATCH', `/api/v1/achievements/${id}`, { token: tokenA, headers: { 'if-match': 'W/"1"' }, body: { occupation: '网络管理员' } });
    expect(weak.body.revision).toBe(2);
    const bare = await request('PATCH', `/api/v1/achievements/${id}`, { token: tokenA, headers: { 'if-match': '2' }, body: { certificateLevel: '3' } });
    expect(bare.body.revision).toBe(3);
    // Re-using a revision that was current a moment ago is stale now.
    expectProblem(await request('PATCH', `/api/v1/achievements/${id}`, { token: tokenA, headers: { 'if-match': '2' }, body: { certificateLevel: '4' } }), 412, 'LEDGER.REVISION_MISMATCH');
  });

  it('two PATCHes with the same If-Match at once: one wins, the other is 412', async () => {
    const { id } = await store(tokenA, await catalogBody(tokenA));
    const results = await Promise.all(
      ['A-1', 'B-1'].map((certificateNumber) => request('PATCH', `/api/v1/achievements/${id}`, { token: tokenA, headers: { 'if-match': '"0"' }, body: { certificateNumber } })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 412]);
    const winner = results.find((r) => r.status === 200)!;
    expect(winner.body.revision).toBe(1);
    const got = (await request('GET', `/api/v1/achievements/${id}`, { token: tokenA })).body;
    expect(got.revision).toBe(1);
    expect(['A-1', 'B-1']).toContain(got.certificateNumber);
  });

  it('two achievements storing the same evidence at once: one wins, the other is 409', async () => {
    const body = await catalogBody(tokenA);
    const before = await total(tokenA);
    const results = await Promise.all(['X-1', 'X-2'].map((certificateNumber) => request('POST', '/api/v1/achievements', { token: tokenA, body: { ...body, certificateNumber } })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(results.find((r) => r.status === 409)!.body.code).toBe('LEDGER.EVIDENCE_IN_USE');
    expect(await total(tokenA)).toBe(before + 1);
  });

  it('PATCH needs If-Match and at least one field; a change to the same values records nothing', async () => {
    const body = await catalogBody(tokenA);
    const { id } = await store(tokenA, body);
    expectProblem(await request('PATCH', `/api/v1/achievements/${id}`, { token: tokenA, body: { certificateNumber: 'X' } }), 400, 'LEDGER.IF_MATCH_REQUIRED');
    expectProblem(await request('PATCH', `/api/v1/achievements/${id}`, { token: tokenA, headers: { 'if-match': '*' }, body: { certificateNumber: 'X' } }), 400, 'LEDGER.IF_MATCH_INVALID');
    expectProblem(await request('PATCH', `/api/v1/achievements/${id}`, { token: tokenA, headers: { 'if-match': '0' }, body: {} }), 400, 'LEDGER.AMENDMENT_EMPTY');
    const same = await request('PATCH', `/api/v1/achievements/${id}`, { token: tokenA, headers: { 'if-match': '0' }, body: { certificateNumber: body.certificateNumber } });
    expect(same.status).toBe(200);
    expect(same.body).toEqual({ id, revision: 0 });
  });

  it('PATCH validates like POST and changes nothing when refused', async () => {
    const { id } = await store(tokenA, await catalogBody(tokenA));
    const before = (await request('GET', `/api/v1/achievements/${id}`, { token: tokenA })).body;
    const future = await request('PATCH', `/api/v1/achievements/${id}`, { token: tokenA, headers: { 'if-match': '0' }, body: { issueDate: '2999-12-31' } });
    expectProblem(future, 400, 'LEDGER.ACHIEVEMENT_INVALID');
    expect(future.body.errors).toEqual([expect.objectContaining({ field: 'issueDate', code: 'LEDGER.DATE_IN_FUTURE' })]);
    expectProblem(await request('PATCH', `/api/v1/achievements/${id}`, { token: tokenA, headers: { 'if-match': '0' }, body: { certificateNumber: null } }), 400, 'VALIDATION.INVALID_INPUT');
    expectProblem(await request('PATCH', `/api/v1/achievements/${id}`, { token: tokenA, headers: { 'if-match': '0' }, body: { category: 'academic-education' } }), 400, 'LEDGER.CATEGORY_MISMATCH');
    expect((await request('GET', `/api/v1/achievements/${id}`, { token: tokenA })).body).toEqual(before);
  });

  it('PATCH can turn a catalogue achievement into a hand-entered one and move it to new evidence, freeing the old', async () => {
    const body = await catalogBody(tokenA);
    const { id } = await store(tokenA, body);
    const newEvidence = await evidenceOf(tokenA, GIF);
    const res = await request('PATCH', `/api/v1/achievements/${id}`, {
      token: tokenA,
      headers: { 'if-match': '0' },
      body: { category: 'training-performance', custom: { name: '办公软件培训', institutionName: '某培训学校', type: 'training-certificate' }, evidenceId: newEvidence },
    });
    expect(res.status).toBe(200);
    const got = (await request('GET', `/api/v1/achievements/${id}`, { token: tokenA })).body;
    expect(got).toMatchObject({ source: 'custom', catalogItemId: null, catalogItem: null, achievementName: '办公软件培训', categoryName: '培训成果及业绩类成果', evidenceId: newEvidence });
    // The old evidence is free again.
    expect((await request('POST', '/api/v1/achievements', { token: tokenA, body: { ...body, certificateNumber: 'AGAIN' } })).status).toBe(201);
  });

  it('DELETE removes a stored achievement: 204, then 404, gone from the list, its evidence free', async () => {
    const body = await catalogBody(tokenA);
    const { id } = await store(tokenA, body);
    const before = await total(tokenA);
    const res = await request('DELETE', `/api/v1/achievements/${id}`, { token: tokenA });
    expect(res.status).toBe(204);
    expectProblem(await request('GET', `/api/v1/achievements/${id}`, { token: tokenA }), 404, 'LEDGER.ACHIEVEMENT_NOT_FOUND');
    expect(await total(tokenA)).toBe(before - 1);
    expectProblem(await request('DELETE', `/api/v1/achievements/${id}`, { token: tokenA }), 404, 'LEDGER.ACHIEVEMENT_NOT_FOUND');
    expectProblem(await request('PATCH', `/api/v1/achievements/${id}`, { token: tokenA, headers: { 'if-match': '0' }, body: { certificateNumber: 'Z' } }), 404, 'LEDGER.ACHIEVEMENT_NOT_FOUND');
    expect((await request('POST', '/api/v1/achievements', { token: tokenA, body })).status).toBe(201);
  });

  it('DELETE with a stale If-Match is 412 and deletes nothing', async () => {
    const { id } = await store(tokenA, await catalogBody(tokenA));
    expectProblem(await request('DELETE', `/api/v1/achievements/${id}`, { token: tokenA, headers: { 'if-match': '"3"' } }), 412, 'LEDGER.REVISION_MISMATCH');
    expect((await request('GET', `/api/v1/achievements/${id}`, { token: tokenA })).status).toBe(200);
    expect((await request('DELETE', `/api/v1/achievements/${id}`, { token: tokenA, headers: { 'if-match': '"0"' } })).status).toBe(204);
  });

  it('submission: 202, recorded in the list; then no edit, delete or second submission (409)', async () => {
    const { id } = await store(tokenA, await catalogBody(tokenA));
    const res = await request('POST', `/api/v1/achievements/${id}/recognition-requests`, { token: tokenA });
    expect(res.status).toBe(202);
    // No institution account reviews for the entry's institution here: 管理中心 routes the request.
    expect(res.body).toMatchObject({ id, status: 'awaiting-routing' });

    const got = (await request('GET', `/api/v1/achievements/${id}`, { token: tokenA })).body;
    expect(got).toMatchObject({
      revision: 1,
      responsibleInstitution: catalogItem.institutionName,
      recognition: {
        status: 'awaiting-routing',
        record: [{ step: 'submitted', at: expect.any(String), by: learnerA, institution: catalogItem.institutionName, institutionId: catalogItem.institutionId }],
      },
    });
    const row = (await request('GET', '/api/v1/achievements?pageSize=100', { token: tokenA })).body.items.find((i: { id: string }) => i.id === id);
    expect(row.recognition.status).toBe('awaiting-routing');

    expectProblem(await request('PATCH', `/api/v1/achievements/${id}`, { token: tokenA, headers: { 'if-match': '1' }, body: { certificateNumber: 'X' } }), 409, 'LEDGER.ACHIEVEMENT_ALREADY_SUBMITTED');
    expectProblem(await request('PATCH', `/api/v1/achievements/${id}`, { token: tokenA, headers: { 'if-match': '0' }, body: { certificateNumber: 'X' } }), 409, 'LEDGER.ACHIEVEMENT_ALREADY_SUBMITTED');
    expectProblem(await request('DELETE', `/api/v1/achievements/${id}`, { token: tokenA }), 409, 'LEDGER.ACHIEVEMENT_ALREADY_SUBMITTED');
    expectProblem(await request('POST', `/api/v1/achievements/${id}/recognition-requests`, { token: tokenA }), 409, 'LEDGER.ACHIEVEMENT_ALREADY_SUBMITTED');
    expect((await request('GET', `/api/v1/achievements/${id}`, { token: tokenA })).body).toEqual(got);
  });

  it('a hand-entered achievement naming an institution outside the directory waits for 管理中心, naming it', async () => {
    const { id } = await store(tokenA, await customBody(tokenA));
    expect((await request('POST', `/api/v1/achievements/${id}/recognition-requests`, { token: tokenA })).body.status).toBe('awaiting-routing');
    const got = (await request('GET', `/api/v1/achievements/${id}`, { token: tokenA })).body;
    expect(got).toMatchObject({ responsibleInstitution: '广州市志愿者协会', institutionId: null, recognition: { status: 'awaiting-routing' } });
  });
});

describe('another learner', () => {
  let id: string;
  let evidenceId: string;
  let certificateNumber: string;

  beforeAll(async () => {
    const body = await catalogBody(tokenA);
    evidenceId = body.evidenceId;
    certificateNumber = body.certificateNumber;
    id = (await store(tokenA, body)).id;
  });

  const attempts = (target: string) => [
    () => request('GET', `/api/v1/achievements/${target}`, { token: tokenB }),
    () => request('PATCH', `/api/v1/achievements/${target}`, { token: tokenB, headers: { 'if-match': '0' }, body: { certificateNumber: 'MINE' } }),
    () => request('DELETE', `/api/v1/achievements/${target}`, { token: tokenB }),
    () => request('POST', `/api/v1/achievements/${target}/recognition-requests`, { token: tokenB }),
  ];

  it('gets the same 404 for the first learner’s achievement as for an unknown id (GET, PATCH, DELETE, submit)', async () => {
    const unknown = randomUUID();
    const foreignAttempts = attempts(id);
    const unknownAttempts = attempts(unknown);
    for (let i = 0; i < foreignAttempts.length; i++) {
      const foreign = await foreignAttempts[i]();
      const missing = await unknownAttempts[i]();
      expectProblem(foreign, 404, 'LEDGER.ACHIEVEMENT_NOT_FOUND');
      expectProblem(missing, 404, 'LEDGER.ACHIEVEMENT_NOT_FOUND');
      expect({ ...foreign.body, instance: undefined }).toEqual({ ...missing.body, instance: undefined });
    }
    expectProblem(await request('GET', '/api/v1/achievements/not-an-id', { token: tokenB }), 404, 'LEDGER.ACHIEVEMENT_NOT_FOUND');
  });

  it('changed nothing of it', async () => {
    const got = await request('GET', `/api/v1/achievements/${id}`, { token: tokenA });
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ revision: 0, certificateNumber, recognition: { status: 'not-submitted' } });
  });

  it('cannot download the first learner’s evidence', async () => {
    expectProblem(await request('GET', `/api/v1/evidence/${evidenceId}`, { token: tokenB }), 404, 'LEDGER.EVIDENCE_NOT_FOUND');
    expect((await request('GET', `/api/v1/evidence/${evidenceId}`, { token: tokenA })).status).toBe(200);
  });
});
