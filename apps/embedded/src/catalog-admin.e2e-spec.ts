import { CATALOG_PATTERNS } from '@credit-bank/contracts';
import { creditCodeCheckCharacter, institutionIdForName } from '@credit-bank/kernel';
import { randomUUID } from 'node:crypto';
import { lastValueFrom } from 'rxjs';
import { HttpResult, httpClient, startTestSystem, TestSystem, tokenFor } from './testing/e2e-support';
import { PNG_EVIDENCE as PNG } from '@credit-bank/testing';

/**
 * 管理中心 over real HTTP on the embedded profile: the directory of qualification institutions
 * (listed, searched, revised, its names and credit codes unique); catalogue entries published,
 * revised and retired, naming their institution by directory id;
 * framework levels defined and revised; conversion rules published, revised into new versions
 * (every version readable), looked up publicly and retired; concurrent revisions of one rule; and
 * learners or institutions refused (by the gateway and by the catalog service itself).
 */

let system: TestSystem;
let api: ReturnType<typeof httpClient>;
let admin: string;
let learner: string;
let institution: string;

function expectProblem(res: HttpResult, status: number, code: string): void {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
  expect(res.contentType).toMatch(/^application\/problem\+json/);
}

const fieldCodes = (res: HttpResult): Record<string, string> => Object.fromEntries((res.body.errors ?? []).map((e: { field: string; code: string }) => [e.field, e.code]));

const creditCode = (first17: string): string => `${first17}${creditCodeCheckCharacter(first17)}`;
/** Seeded: listed in the directory under institutionIdForName(name), without a credit code. */
const PROVINCE_CENTRE = '广东省职业技能鉴定指导中心';
const CITY_CENTRE = '广州市职业技能鉴定指导中心';
/** Not seeded: the administrator lists it. */
const PANYU = '广州番禺职业技术学院';
const PANYU_CODE = creditCode('12440100MB2C4567X');
let panyuId: string;

const entry = {
  category: 'vocational-qualification',
  type: 'skill-level-certificate',
  projectName: '网络与信息安全管理员',
  achievementName: '网络与信息安全管理员（四级/中级工）职业技能等级证书',
  institutionId: institutionIdForName(PROVINCE_CENTRE),
  frameworkLevel: 2,
  credits: 4,
};

async function searchNames(q: string): Promise<string[]> {
  const res = await api('GET', `/catalog/items?q=${encodeURIComponent(q)}&pageSize=100`);
  expect(res.status).toBe(200);
  return res.body.items.map((i: { achievementName: string }) => i.achievementName);
}

async function storeAchievement(itemId: string, category: string): Promise<HttpResult> {
  const form = new FormData();
  form.append('file', new Blob([PNG], { type: 'image/png' }), 'scan.png');
  const evidence = await api('POST', '/evidence', { token: learner, form });
  expect(evidence.status).toBe(201);
  return api('POST', '/achievements', {
    token: learner,
    body: { category, catalogItemId: itemId, certificateNumber: 'NISM-2024-1', issueDate: '2024-05-20', certificateLevel: '3', occupation: '计算机程序设计员', educationLevel: '61', evidenceId: evidence.body.id },
  });
}

beforeAll(async () => {
  system = await startTestSystem();
  api = httpClient(`${system.url}/api/v1`);
  admin = tokenFor(system, { accountId: randomUUID(), role: 'admin' });
  learner = tokenFor(system, { accountId: randomUUID(), role: 'learner' });
  institution = tokenFor(system, { accountId: randomUUID(), role: 'institution' });
});

afterAll(async () => {
  await system?.dispose();
});

describe('qualification institutions (资历机构)', () => {
  it('the seeded catalogue’s institutions are in the directory, found by keyword, without credit codes', async () => {
    const res = await api('GET', `/qualification-institutions?q=${encodeURIComponent('开放大学')}`);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      { id: institutionIdForName('广东开放大学'), name: '广东开放大学', creditCode: null, aliases: [], revision: 0 },
      { id: institutionIdForName('广州开放大学'), name: '广州开放大学', creditCode: null, aliases: [], revision: 0 },
    ]);
    expect((await api('GET', `/qualification-institutions/${institutionIdForName(PROVINCE_CENTRE)}`)).body).toMatchObject({ name: PROVINCE_CENTRE });
  });

  it('lists an institution with its credit code and aliases (201, ETag, Location); found by exact code and by alias', async () => {
    const res = await api('POST', '/admin/qualification-institutions', { token: admin, body: { name: ` ${PANYU} `, creditCode: PANYU_CODE.toLowerCase(), aliases: ['番禺职院'] } });
    expect(res.status).toBe(201);
    expect(res.body).toEqual({ id: expect.any(String), name: PANYU, creditCode: PANYU_CODE, aliases: ['番禺职院'], revision: 0 });
    expect(res.headers.get('etag')).toBe('"0"');
    panyuId = res.body.id;
    expect(res.headers.get('location')).toBe(`/api/v1/qualification-institutions/${panyuId}`);
    expect((await api('GET', `/qualification-institutions/${panyuId}`)).body).toEqual(res.body);
    expect((await api('GET', `/qualification-institutions?creditCode=${PANYU_CODE}`)).body.items).toEqual([res.body]);
    expect((await api('GET', `/qualification-institutions?q=${encodeURIComponent('番禺职院')}`)).body.items.map((i: { id: string }) => i.id)).toEqual([panyuId]);
    expect((await api('GET', `/qualification-institutions?creditCode=${creditCode('12440100MB2C45670')}`)).body.total).toBe(0);
  });

  it('keeps names and credit codes unique (409 naming the holder) and checks the code', async () => {
    const sameName = await api('POST', '/admin/qualification-institutions', { token: admin, body: { name: PANYU } });
    expectProblem(sameName, 409, 'CATALOG.INSTITUTION_NAME_TAKEN');
    expect(sameName.body.details).toMatchObject({ institutionId: panyuId });
    const seededName = await api('POST', '/admin/qualification-institutions', { token: admin, body: { name: '广东开放大学', creditCode: creditCode('12440000455858060') } });
    expectProblem(seededName, 409, 'CATALOG.INSTITUTION_NAME_TAKEN');
    expect(seededName.body.details).toMatchObject({ institutionId: institutionIdForName('广东开放大学') });
    const sameCode = await api('POST', '/admin/qualification-institutions', { token: admin, body: { name: '番禺某培训中心', creditCode: PANYU_CODE } });
    expectProblem(sameCode, 409, 'CATALOG.INSTITUTION_CREDIT_CODE_TAKEN');
    expect(sameCode.body.details).toMatchObject({ institutionId: panyuId });
    const wrongCheck = `${PANYU_CODE.slice(0, 17)}${PANYU_CODE[17] === '0' ? '1' : '0'}`;
    const bad = await api('POST', '/admin/qualification-institutions', { token: admin, body: { name: '番禺某培训中心', creditCode: wrongCheck } });
    expectProblem(bad, 400, 'CATALOG.INSTITUTION_INVALID');
    expect(fieldCodes(bad)).toEqual({ creditCode: 'CATALOG.CREDIT_CODE_CHECK_CHARACTER' });
    expectProblem(await api('GET', '/qualification-institutions?creditCode=short'), 400, 'VALIDATION.INVALID_INPUT');
    expectProblem(await api('GET', `/qualification-institutions/${randomUUID()}`), 404, 'CATALOG.INSTITUTION_NOT_FOUND');
    expectProblem(await api('GET', '/qualification-institutions/not-an-id'), 404, 'CATALOG.INSTITUTION_NOT_FOUND');
  });

  it('revises a seeded institution: records its credit code (If-Match optional, stale is 409); a rename shows on its entries', async () => {
    const id = institutionIdForName('广州市老年大学');
    const coded = await api('PATCH', `/admin/qualification-institutions/${id}`, { token: admin, body: { creditCode: creditCode('12440100455858061') }, headers: { 'if-match': '0' } });
    expect(coded.status).toBe(200);
    expect(coded.body).toMatchObject({ id, name: '广州市老年大学', creditCode: creditCode('12440100455858061'), revision: 1 });
    expect(coded.headers.get('etag')).toBe('"1"');
    expectProblem(await api('PATCH', `/admin/qualification-institutions/${id}`, { token: admin, body: { aliases: ['老年大学'] }, headers: { 'if-match': '0' } }), 409, 'CATALOG.REVISION_CONFLICT');
    expectProblem(await api('PATCH', `/admin/qualification-institutions/${id}`, { token: admin, body: { creditCode: PANYU_CODE } }), 409, 'CATALOG.INSTITUTION_CREDIT_CODE_TAKEN');
    const renamed = await api('PATCH', `/admin/qualification-institutions/${id}`, { token: admin, body: { name: '广州市老年大学（广州老年开放大学）' } });
    expect(renamed.body).toMatchObject({ name: '广州市老年大学（广州老年开放大学）', revision: 2 });
    const entries = (await api('GET', `/catalog/items?q=${encodeURIComponent('广州老年开放大学')}`)).body.items;
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) expect(e).toMatchObject({ institutionId: id, institutionName: '广州市老年大学（广州老年开放大学）' });
    // The code removed, and the old name free again.
    expect((await api('PATCH', `/admin/qualification-institutions/${id}`, { token: admin, body: { creditCode: null } })).body).toMatchObject({ creditCode: null, revision: 3 });
    expectProblem(await api('PATCH', `/admin/qualification-institutions/${randomUUID()}`, { token: admin, body: { aliases: [] } }), 404, 'CATALOG.INSTITUTION_NOT_FOUND');
  });
});

describe('catalogue maintenance (成果目录维护)', () => {
  let itemId: string;

  it('publishes an entry: searchable at once, revision 0, Location and ETag', async () => {
    const res = await api('POST', '/admin/catalog/items', { token: admin, body: entry });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ ...entry, institutionName: PROVINCE_CENTRE, sample: false, status: 'published', revision: 0, categoryName: '职业资格证书成果', typeName: '职业技能等级证书' });
    expect(res.headers.get('etag')).toBe('"0"');
    expect(res.headers.get('location')).toBe(`/api/v1/catalog/items/${res.body.id}`);
    itemId = res.body.id;
    expect(await searchNames('网络与信息安全')).toEqual([entry.achievementName]);
  });

  it('refuses invalid entries with CATALOG.ITEM_INVALID and each field, and wrong shapes with VALIDATION.INVALID_INPUT', async () => {
    const bad = await api('POST', '/admin/catalog/items', { token: admin, body: { ...entry, type: 'degree', frameworkLevel: 9, credits: 0, projectName: ' ' } });
    expectProblem(bad, 400, 'CATALOG.ITEM_INVALID');
    expect(fieldCodes(bad)).toEqual({
      type: 'CATALOG.TYPE_NOT_IN_CATEGORY',
      projectName: 'CATALOG.REQUIRED',
      frameworkLevel: 'CATALOG.FRAMEWORK_LEVEL_OUT_OF_RANGE',
      credits: 'CATALOG.CREDITS_INVALID',
    });
    expectProblem(await api('POST', '/admin/catalog/items', { token: admin, body: { ...entry, credits: '4' } }), 400, 'VALIDATION.INVALID_INPUT');
    expectProblem(await api('POST', '/admin/catalog/items', { token: admin, body: { ...entry, extra: 1 } }), 400, 'VALIDATION.INVALID_INPUT');
    // The institution by name only is no longer accepted; by an id the directory lacks: 404 naming the field.
    expectProblem(await api('POST', '/admin/catalog/items', { token: admin, body: { ...entry, institutionId: undefined, institutionName: PROVINCE_CENTRE } }), 400, 'VALIDATION.INVALID_INPUT');
    expect(fieldCodes(await api('POST', '/admin/catalog/items', { token: admin, body: { ...entry, institutionId: ' ' } }))).toEqual({ institutionId: 'CATALOG.REQUIRED' });
    const unknown = await api('POST', '/admin/catalog/items', { token: admin, body: { ...entry, institutionId: randomUUID() } });
    expectProblem(unknown, 404, 'CATALOG.INSTITUTION_NOT_FOUND');
    expect(fieldCodes(unknown)).toEqual({ institutionId: 'CATALOG.INSTITUTION_NOT_FOUND' });
  });

  it('revises level, credits and responsible institution; a stale If-Match is 409 CATALOG.REVISION_CONFLICT', async () => {
    const cityCentre = institutionIdForName(CITY_CENTRE);
    const res = await api('PATCH', `/admin/catalog/items/${itemId}`, { token: admin, body: { frameworkLevel: 3, credits: 5, institutionId: cityCentre }, headers: { 'if-match': '"0"' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ frameworkLevel: 3, credits: 5, institutionId: cityCentre, institutionName: CITY_CENTRE, revision: 1, projectName: entry.projectName });
    expect(fieldCodes(await api('PATCH', `/admin/catalog/items/${itemId}`, { token: admin, body: { institutionId: randomUUID() } }))).toEqual({ institutionId: 'CATALOG.INSTITUTION_NOT_FOUND' });
    expect(res.headers.get('etag')).toBe('"1"');
    expect((await api('GET', `/catalog/items/${itemId}`)).body).toMatchObject({ frameworkLevel: 3, credits: 5, revision: 1, status: 'published' });
    expectProblem(await api('PATCH', `/admin/catalog/items/${itemId}`, { token: admin, body: { credits: 6 }, headers: { 'if-match': '0' } }), 409, 'CATALOG.REVISION_CONFLICT');
    expectProblem(await api('PATCH', `/admin/catalog/items/${itemId}`, { token: admin, body: { credits: 6 }, headers: { 'if-match': 'soon' } }), 400, 'CATALOG.IF_MATCH_INVALID');
    expectProblem(await api('PATCH', `/admin/catalog/items/${itemId}`, { token: admin, body: { credits: 61 } }), 400, 'CATALOG.ITEM_INVALID');
    expectProblem(await api('PATCH', `/admin/catalog/items/${randomUUID()}`, { token: admin, body: { credits: 2 } }), 404, 'CATALOG.ITEM_NOT_FOUND');
    expectProblem(await api('PATCH', '/admin/catalog/items/not-an-id', { token: admin, body: { credits: 2 } }), 404, 'CATALOG.ITEM_NOT_FOUND');
  });

  it('retires an entry: gone from the search, still resolvable by id (marked retired); an achievement stored before keeps its snapshot; a new one is refused', async () => {
    const before = await storeAchievement(itemId, entry.category);
    expect(before.status).toBe(201);

    const res = await api('POST', `/admin/catalog/items/${itemId}/retirement`, { token: admin, body: { reason: '该证书已停止核发' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: itemId, status: 'retired', revision: 2, retiredAt: expect.any(String) });
    expect(await searchNames('网络与信息安全')).toEqual([]);
    expect((await api('GET', `/catalog/items/${itemId}`)).body).toMatchObject({ id: itemId, status: 'retired', credits: 5 });

    const kept = await api('GET', `/achievements/${before.body.id}`, { token: learner });
    expect(kept.status).toBe(200);
    expect(kept.body).toMatchObject({ catalogItemId: itemId, catalogItem: { achievementName: entry.achievementName, credits: 5, frameworkLevel: 3 } });

    const refused = await storeAchievement(itemId, entry.category);
    expectProblem(refused, 400, 'LEDGER.CATALOG_ITEM_UNKNOWN');
    expect(refused.body.details).toMatchObject({ retired: true });

    // Retiring twice changes nothing; a retired entry cannot be revised.
    expect((await api('POST', `/admin/catalog/items/${itemId}/retirement`, { token: admin })).body).toMatchObject({ status: 'retired', revision: 2 });
    expectProblem(await api('PATCH', `/admin/catalog/items/${itemId}`, { token: admin, body: { credits: 2 } }), 409, 'CATALOG.ITEM_RETIRED');
  });
});

describe('framework levels (资历框架)', () => {
  const texts = { name: 'Level 4', nameZh: '第四级', knowledge: '掌握某一领域系统的专业知识（修订）', skills: '能运用专业技能解决较复杂的问题', competence: '能在变化的环境中独立工作并指导他人' };

  it('revises the texts of a seeded level, and the public list shows them', async () => {
    const res = await api('PUT', '/admin/framework-levels/4', { token: admin, body: texts });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ level: 4, ...texts });
    const levels = (await api('GET', '/catalog/framework-levels')).body.items;
    expect(levels).toHaveLength(7);
    expect(levels[3]).toEqual({ level: 4, ...texts });
    const events = (await system.infrastructure.eventStore.readStream('catalog.framework-level-4')).map((e) => e.type);
    expect(events).toEqual(['FrameworkLevelDefined', 'FrameworkLevelRevised']);
    // Identical texts: nothing new.
    expect((await api('PUT', '/admin/framework-levels/4', { token: admin, body: texts })).status).toBe(200);
    expect(await system.infrastructure.eventStore.readStream('catalog.framework-level-4')).toHaveLength(2);
  });

  it('refuses a level outside 1..7 and missing texts with CATALOG.FRAMEWORK_LEVEL_INVALID', async () => {
    const bad = await api('PUT', '/admin/framework-levels/8', { token: admin, body: texts });
    expectProblem(bad, 400, 'CATALOG.FRAMEWORK_LEVEL_INVALID');
    expect(fieldCodes(bad)).toEqual({ level: 'CATALOG.FRAMEWORK_LEVEL_OUT_OF_RANGE' });
    expect(fieldCodes(await api('PUT', '/admin/framework-levels/x', { token: admin, body: texts }))).toEqual({ level: 'CATALOG.FRAMEWORK_LEVEL_OUT_OF_RANGE' });
    expect(fieldCodes(await api('PUT', '/admin/framework-levels/2', { token: admin, body: { ...texts, skills: '' } }))).toEqual({ skills: 'CATALOG.REQUIRED' });
  });
});

describe('conversion rules (转换规则)', () => {
  let ncre2: string;
  let ruleId: string;
  const rule = () => ({
    name: '全国计算机等级考试二级证书转换《C语言程序设计》课程学分',
    kind: 'achievement',
    sources: { catalogItemIds: [ncre2] },
    target: { programme: '软件技术（专科）', course: 'C语言程序设计', awardingInstitutionId: panyuId, credits: 4 },
    limits: { maxCreditsPerTarget: 4, maxAchievements: 1 },
    effectiveFrom: '2025-09-01',
  });

  beforeAll(async () => {
    const res = await api('GET', `/catalog/items?q=${encodeURIComponent('全国计算机等级考试二级')}`);
    ncre2 = res.body.items[0].id;
  });

  it('are seeded with examples, so the public lookup is not empty on a fresh start', async () => {
    const res = await api('GET', '/conversion-rules');
    expect(res.status).toBe(200);
    expect(res.body.total).toBeGreaterThanOrEqual(3);
    for (const r of res.body.items) expect(r).toMatchObject({ status: 'active', version: 1, currentVersion: 1, name: expect.stringContaining('示例') });
  });

  it('publishes a rule as version 1 (ETag "1", Location), readable publicly', async () => {
    const res = await api('POST', '/admin/conversion-rules', { token: admin, body: rule() });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ ...rule(), target: { ...rule().target, awardingInstitution: PANYU }, version: 1, currentVersion: 1, status: 'active', publishedAt: expect.any(String) });
    expect(res.headers.get('etag')).toBe('"1"');
    ruleId = res.body.ruleId;
    expect(res.headers.get('location')).toBe(`/api/v1/conversion-rules/${ruleId}`);
    const got = await api('GET', `/conversion-rules/${ruleId}`);
    expect(got.status).toBe(200);
    expect(got.body).toEqual(res.body);
  });

  it('refuses invalid rules with CATALOG.CONVERSION_RULE_INVALID and each field', async () => {
    const bad = await api('POST', '/admin/conversion-rules', {
      token: admin,
      body: { ...rule(), kind: 'swap', sources: { catalogItemIds: [randomUUID()] }, target: { programme: '软件技术', awardingInstitutionId: '', credits: 0 }, effectiveFrom: '2025-13-01' },
    });
    expectProblem(bad, 400, 'CATALOG.CONVERSION_RULE_INVALID');
    expect(fieldCodes(bad)).toEqual({
      kind: 'CATALOG.KIND_UNKNOWN',
      'sources.catalogItemIds[0]': 'CATALOG.CATALOG_ITEM_UNKNOWN',
      'target.awardingInstitutionId': 'CATALOG.REQUIRED',
      'target.credits': 'CATALOG.CREDITS_INVALID',
      effectiveFrom: 'CATALOG.DATE_INVALID',
    });
    expect(fieldCodes(await api('POST', '/admin/conversion-rules', { token: admin, body: { ...rule(), sources: {} } }))).toEqual({ sources: 'CATALOG.SOURCES_EMPTY' });
    expectProblem(await api('POST', '/admin/conversion-rules', { token: admin, body: { ...rule(), target: 'x' } }), 400, 'VALIDATION.INVALID_INPUT');
    const unknown = await api('POST', '/admin/conversion-rules', { token: admin, body: { ...rule(), target: { ...rule().target, awardingInstitutionId: randomUUID() } } });
    expectProblem(unknown, 404, 'CATALOG.INSTITUTION_NOT_FOUND');
    expect(fieldCodes(unknown)).toEqual({ 'target.awardingInstitutionId': 'CATALOG.INSTITUTION_NOT_FOUND' });
  });

  it('finds the rule by institution (directory id or name), kind and keyword', async () => {
    const byInstitution = await api('GET', `/conversion-rules?awardingInstitution=${encodeURIComponent('广州番禺职业技术学院')}`);
    expect(byInstitution.body.items.map((r: { ruleId: string }) => r.ruleId)).toEqual([ruleId]);
    const byId = await api('GET', `/conversion-rules?awardingInstitutionId=${panyuId}`);
    expect(byId.body.items.map((r: { ruleId: string; target: object }) => [r.ruleId, r.target])).toEqual([[ruleId, expect.objectContaining({ awardingInstitutionId: panyuId, awardingInstitution: PANYU })]]);
    const byText = await api('GET', `/conversion-rules?q=${encodeURIComponent('C语言')}&kind=achievement`);
    expect(byText.body.items.map((r: { ruleId: string }) => r.ruleId)).toEqual([ruleId]);
    expect((await api('GET', `/conversion-rules?q=${encodeURIComponent('C语言')}&kind=work-performance`)).body.total).toBe(0);
    expectProblem(await api('GET', '/conversion-rules?kind=barter'), 400, 'VALIDATION.INVALID_INPUT');
  });

  it('revises with If-Match into version 2, keeping version 1 readable with ?version=', async () => {
    expectProblem(await api('PUT', `/admin/conversion-rules/${ruleId}`, { token: admin, body: rule() }), 400, 'CATALOG.IF_MATCH_REQUIRED');
    const res = await api('PUT', `/admin/conversion-rules/${ruleId}`, {
      token: admin,
      body: { ...rule(), target: { ...rule().target, credits: 5 }, limits: { maxCreditsPerTarget: 5 } },
      headers: { 'if-match': '"1"' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ruleId, version: 2, currentVersion: 2, target: { credits: 5 }, limits: { maxCreditsPerTarget: 5 } });
    expect(res.headers.get('etag')).toBe('"2"');

    const v1 = await api('GET', `/conversion-rules/${ruleId}?version=1`);
    expect(v1.body).toMatchObject({ version: 1, currentVersion: 2, target: { credits: 4 }, limits: { maxCreditsPerTarget: 4, maxAchievements: 1 } });
    expect(v1.headers.get('etag')).toBe('"1"');
    expect((await api('GET', `/conversion-rules/${ruleId}`)).body).toMatchObject({ version: 2, target: { credits: 5 } });
    expect((await api('GET', `/conversion-rules?awardingInstitution=${encodeURIComponent('广州番禺职业技术学院')}`)).body.items[0]).toMatchObject({ version: 2 });
    expectProblem(await api('GET', `/conversion-rules/${ruleId}?version=3`), 404, 'CATALOG.CONVERSION_RULE_NOT_FOUND');
    expectProblem(await api('GET', `/conversion-rules/${ruleId}?version=zero`), 400, 'VALIDATION.INVALID_INPUT');
    expectProblem(await api('GET', `/conversion-rules/${randomUUID()}`), 404, 'CATALOG.CONVERSION_RULE_NOT_FOUND');
  });

  it('two administrators revising the same version at once: exactly one new version, the other 409', async () => {
    const revise = (credits: number) =>
      api('PUT', `/admin/conversion-rules/${ruleId}`, {
        token: admin,
        body: { ...rule(), target: { ...rule().target, credits }, limits: { maxCreditsPerTarget: credits } },
        headers: { 'if-match': '2' },
      });
    const results = await Promise.all([revise(6), revise(7), revise(8)]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409, 409]);
    for (const r of results.filter((x) => x.status === 409)) expectProblem(r, 409, 'CATALOG.REVISION_CONFLICT');
    const winner = results.find((r) => r.status === 200)!;
    expect(winner.body.version).toBe(3);
    const events = await system.infrastructure.eventStore.readStream(`catalog.conversion-rule-${ruleId}`);
    expect(events.map((e) => [e.type, (e.data as { version: number }).version])).toEqual([
      ['ConversionRulePublished', 1],
      ['ConversionRuleRevised', 2],
      ['ConversionRuleRevised', 3],
    ]);
    expect((await api('GET', `/conversion-rules/${ruleId}`)).body.target.credits).toBe(winner.body.target.credits);
  });

  it('catalog.get-conversion-rule.v1 (what the ledger calls) answers any version over the bus, or CATALOG.CONVERSION_RULE_NOT_FOUND', async () => {
    const bus = system.infrastructure.bus!;
    const ask = (payload: object) => lastValueFrom(bus.send(CATALOG_PATTERNS.getConversionRule, { meta: { actor: null, correlationId: randomUUID() }, payload }));
    expect(await ask({ ruleId, version: 1 })).toMatchObject({ ruleId, version: 1, currentVersion: 3, status: 'active', target: { credits: 4, awardingInstitutionId: panyuId, awardingInstitution: '广州番禺职业技术学院' } });
    expect(await ask({ ruleId })).toMatchObject({ ruleId, version: 3 });
    await expect(ask({ ruleId: randomUUID() })).rejects.toMatchObject({ code: 'CATALOG.CONVERSION_RULE_NOT_FOUND', kind: 'not_found' });
  });

  it('catalog.get-conversion-rule-versions.v1 (what the statement calls) answers several versions in one request, leaving out unknown ones', async () => {
    const bus = system.infrastructure.bus!;
    const ask = (payload: object) => lastValueFrom(bus.send(CATALOG_PATTERNS.getConversionRuleVersions, { meta: { actor: null, correlationId: randomUUID() }, payload }));
    const answer = await ask({ refs: [{ ruleId, version: 3 }, { ruleId, version: 1 }, { ruleId, version: 9 }, { ruleId: randomUUID(), version: 1 }, { ruleId, version: 1 }] });
    expect(answer.items.map((r: { ruleId: string; version: number; currentVersion: number }) => [r.ruleId, r.version, r.currentVersion])).toEqual([
      [ruleId, 3, 3],
      [ruleId, 1, 3],
    ]);
    expect(answer.items[1]).toMatchObject({ status: 'active', target: { credits: 4 } });
    expect(await ask({ refs: [] })).toEqual({ items: [] });
    await expect(ask({ refs: [{ ruleId }] })).rejects.toMatchObject({ code: 'VALIDATION.INVALID_INPUT' });
  });

  it('the catalog service itself refuses a non-administrator (gateway bypassed)', async () => {
    const bus = system.infrastructure.bus!;
    const meta = { actor: { accountId: randomUUID(), role: 'institution' }, correlationId: randomUUID() };
    await expect(lastValueFrom(bus.send(CATALOG_PATTERNS.publishConversionRule, { meta, payload: rule() }))).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
    await expect(lastValueFrom(bus.send(CATALOG_PATTERNS.listInstitution, { meta, payload: { name: '某机构' } }))).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
    await expect(lastValueFrom(bus.send(CATALOG_PATTERNS.reviseInstitution, { meta, payload: { id: panyuId, aliases: [] } }))).rejects.toMatchObject({ code: 'AUTH.FORBIDDEN' });
    await expect(lastValueFrom(bus.send(CATALOG_PATTERNS.retireItem, { meta: { ...meta, actor: null }, payload: { id: randomUUID() } }))).rejects.toMatchObject({ code: 'AUTH.UNAUTHENTICATED' });
  });

  it('retires a rule: gone from the public search, every version still readable, marked retired; no more revisions', async () => {
    const res = await api('POST', `/admin/conversion-rules/${ruleId}/retirement`, { token: admin, body: { reason: '课程调整' }, headers: { 'if-match': '3' } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ruleId, status: 'retired', version: 3, retiredAt: expect.any(String) });
    expect((await api('GET', `/conversion-rules?awardingInstitution=${encodeURIComponent('广州番禺职业技术学院')}`)).body.total).toBe(0);
    expect((await api('GET', `/conversion-rules/${ruleId}?version=1`)).body).toMatchObject({ version: 1, status: 'retired' });
    expectProblem(await api('PUT', `/admin/conversion-rules/${ruleId}`, { token: admin, body: rule(), headers: { 'if-match': '3' } }), 409, 'CATALOG.CONVERSION_RULE_RETIRED');
    expect((await api('POST', `/admin/conversion-rules/${ruleId}/retirement`, { token: admin })).body).toMatchObject({ status: 'retired' });
  });
});

describe('authorisation', () => {
  const writes = (): Array<[string, string, unknown]> => [
    ['POST', '/admin/catalog/items', entry],
    ['PATCH', `/admin/catalog/items/${randomUUID()}`, { credits: 2 }],
    ['POST', `/admin/catalog/items/${randomUUID()}/retirement`, {}],
    ['PUT', '/admin/framework-levels/3', { name: 'x', nameZh: 'x', knowledge: 'x', skills: 'x', competence: 'x' }],
    ['POST', '/admin/conversion-rules', {}],
    ['PUT', `/admin/conversion-rules/${randomUUID()}`, {}],
    ['POST', `/admin/conversion-rules/${randomUUID()}/retirement`, {}],
    ['POST', '/admin/qualification-institutions', { name: '某机构' }],
    ['PATCH', `/admin/qualification-institutions/${randomUUID()}`, { aliases: [] }],
  ];

  it('learners and institutions get 403 AUTH.FORBIDDEN; no token is 401', async () => {
    for (const [method, path, body] of writes()) {
      expectProblem(await api(method, path, { token: learner, body, headers: { 'if-match': '1' } }), 403, 'AUTH.FORBIDDEN');
      expectProblem(await api(method, path, { token: institution, body, headers: { 'if-match': '1' } }), 403, 'AUTH.FORBIDDEN');
      expectProblem(await api(method, path, { body }), 401, 'AUTH.TOKEN_MISSING');
    }
  });
});
