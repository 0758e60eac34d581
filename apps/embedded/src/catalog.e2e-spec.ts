import { institutionIdForName } from '@credit-bank/kernel';
import { httpClient, startTestSystem, TestSystem } from './testing/e2e-support';

/**
 * The catalogue over real HTTP on the embedded profile: seeded on first start, searched by Chinese
 * keywords and filters, paged, read by id, refused with problem+json, and not duplicated by a
 * restart on the same data folder.
 */
describe('catalog (embedded profile)', () => {
  let system: TestSystem;
  let api: ReturnType<typeof httpClient>;
  let seededTotal: number;

  const GUIDE = [
    '广东省计算机应用能力等级考试证书（办公自动化-中级）',
    '广东省高等学校计算机等级考试证书（一级证书及以上）',
    '全国计算机等级考试二级及以上证书',
    '全国计算机等级考试一级证书',
  ];
  const q = (text: string) => encodeURIComponent(text);

  /** Events of the catalogue entries and framework levels (the example conversion rules are counted apart). */
  async function catalogEventCount(prefixes = ['catalog.item-', 'catalog.framework-level-']): Promise<number> {
    return (await system.infrastructure.eventStore.readAll()).filter((e) => prefixes.some((p) => e.streamId.startsWith(p))).length;
  }

  async function allItems(): Promise<Array<Record<string, any>>> {
    const out: Array<Record<string, any>> = [];
    for (let page = 1; ; page++) {
      const res = await api('GET', `/catalog/items?pageSize=100&page=${page}`);
      expect(res.status).toBe(200);
      out.push(...res.body.items);
      if (res.body.items.length < 100) return out;
    }
  }

  function expectProblem(res: { status: number; contentType: string; body: any }, status: number, code: string) {
    expect(res.status).toBe(status);
    expect(res.contentType).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status, code });
  }

  beforeAll(async () => {
    system = await startTestSystem();
    api = httpClient(`${system.url}/api/v1`);
  });

  afterAll(async () => {
    await system?.dispose();
  });

  it('is seeded on first start: at least 48 entries, first page of 20, each with its labels', async () => {
    const res = await api('GET', '/catalog/items');
    expect(res.status).toBe(200);
    expect(res.contentType).toMatch(/^application\/json/);
    expect(res.body.total).toBeGreaterThanOrEqual(48);
    expect(res.body).toMatchObject({ page: 1, pageSize: 20 });
    expect(res.body.items).toHaveLength(20);
    for (const item of res.body.items) {
      expect(Object.keys(item).sort()).toEqual(
        ['achievementName', 'category', 'categoryName', 'credits', 'frameworkLevel', 'id', 'institutionId', 'institutionName', 'projectName', 'revision', 'sample', 'status', 'type', 'typeName'].sort(),
      );
    }
    // Ordered by category first: the first page starts with 学历教育成果.
    expect(res.body.items[0]).toMatchObject({ category: 'academic-education', categoryName: '学历教育成果', sample: true });
    seededTotal = res.body.total;
  });

  it("finds the user guide's four computer-exam certificates by the keyword 计算机, among others", async () => {
    const res = await api('GET', `/catalog/items?q=${q('计算机')}&pageSize=100`);
    expect(res.status).toBe(200);
    const names = res.body.items.map((i: { achievementName: string }) => i.achievementName);
    for (const name of GUIDE) expect(names).toContain(name);
    expect(res.body.total).toBeGreaterThan(4);
    expect(res.body.total).toBeLessThan(seededTotal);
    for (const item of res.body.items) expect(`${item.achievementName}|${item.projectName}|${item.institutionName}`).toContain('计算机');
    const guideItem = res.body.items.find((i: { achievementName: string }) => i.achievementName === GUIDE[2]);
    expect(guideItem).toMatchObject({
      category: 'vocational-qualification',
      categoryName: '职业资格证书成果',
      type: 'national-exam-certificate',
      projectName: '全国计算机等级考试',
      institutionId: institutionIdForName('教育部考试中心'),
      institutionName: '教育部考试中心',
      sample: false,
    });
    // The seeded directory lists the institution under the id the entry names.
    expect((await api('GET', `/qualification-institutions/${guideItem.institutionId}`)).body).toMatchObject({ id: guideItem.institutionId, name: '教育部考试中心', creditCode: null });
  });

  it('matches by institution name (考试中心), and case-insensitively (cet-4)', async () => {
    const res = await api('GET', `/catalog/items?q=${q('考试中心')}&pageSize=100`);
    expect(res.status).toBe(200);
    const institutions = new Set(res.body.items.map((i: { institutionName: string }) => i.institutionName));
    expect(institutions).toEqual(new Set(['省级考试中心', '教育部考试中心', '工业和信息化部教育与考试中心']));
    // None of the guide entries has 考试中心 in its achievement or project name: found by institution.
    expect(res.body.items.filter((i: { achievementName: string }) => GUIDE.includes(i.achievementName))).toHaveLength(4);

    const cet = await api('GET', `/catalog/items?q=cet-4`);
    expect(cet.body.items.map((i: { achievementName: string }) => i.achievementName)).toEqual(['大学英语四级考试（CET-4）成绩报告单']);

    const none = await api('GET', `/catalog/items?q=${q('不存在的成果名称')}`);
    expect(none.body).toEqual({ items: [], total: 0, page: 1, pageSize: 20 });
  });

  it('filters by category, type and framework level, alone or with a keyword', async () => {
    const technician = await api('GET', '/catalog/items?category=technician-education&pageSize=100');
    expect(technician.status).toBe(200);
    expect(technician.body.total).toBeGreaterThanOrEqual(8);
    expect(technician.body.items).toHaveLength(technician.body.total);
    for (const item of technician.body.items) expect(item).toMatchObject({ category: 'technician-education', categoryName: '技师教育证书成果' });

    const senior = await api('GET', '/catalog/items?category=technician-education&type=senior-technician-certificate&pageSize=100');
    expect(senior.body.total).toBeGreaterThan(0);
    expect(senior.body.total).toBeLessThan(technician.body.total);
    for (const item of senior.body.items) expect(item).toMatchObject({ type: 'senior-technician-certificate', typeName: '高级技师证书' });

    const level6 = await api('GET', '/catalog/items?level=6&pageSize=100');
    expect(level6.body.total).toBeGreaterThan(0);
    for (const item of level6.body.items) expect(item.frameworkLevel).toBe(6);

    const vocational = await api('GET', `/catalog/items?q=${q('全国计算机等级考试')}&category=vocational-qualification`);
    expect(vocational.body.items.map((i: { achievementName: string }) => i.achievementName).sort()).toEqual([GUIDE[2], GUIDE[3]].sort());
    const elsewhere = await api('GET', `/catalog/items?q=${q('全国计算机等级考试')}&category=academic-education`);
    expect(elsewhere.body.total).toBe(0);
  });

  it('pages through a stable order: page 2 differs from page 1, the total stays, all pages cover every entry once', async () => {
    const [p1, p2, p1again] = await Promise.all([
      api('GET', '/catalog/items?page=1&pageSize=10'),
      api('GET', '/catalog/items?page=2&pageSize=10'),
      api('GET', '/catalog/items?pageSize=10'),
    ]);
    expect(p1.body.total).toBe(seededTotal);
    expect(p2.body).toMatchObject({ total: seededTotal, page: 2, pageSize: 10 });
    expect(p2.body.items).toHaveLength(10);
    const ids1 = p1.body.items.map((i: { id: string }) => i.id);
    const ids2 = p2.body.items.map((i: { id: string }) => i.id);
    expect(ids1.filter((id: string) => ids2.includes(id))).toEqual([]);
    expect(p1again.body.items.map((i: { id: string }) => i.id)).toEqual(ids1);

    const everything = await allItems();
    expect(everything).toHaveLength(seededTotal);
    expect(new Set(everything.map((i) => i.id)).size).toBe(seededTotal);

    const beyond = await api('GET', `/catalog/items?page=${Math.ceil(seededTotal / 20) + 1}`);
    expect(beyond.body).toMatchObject({ items: [], total: seededTotal });
  });

  it('reads one entry by id, with the same fields as in the search', async () => {
    const found = await api('GET', `/catalog/items?q=${q(GUIDE[0])}`);
    expect(found.body.total).toBe(1);
    const item = found.body.items[0];
    const res = await api('GET', `/catalog/items/${item.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(item);
    expect(res.body).toMatchObject({ achievementName: GUIDE[0], institutionName: '省级考试中心', projectName: '广东省计算机等级考试', sample: false });
  });

  it('answers 404 problem+json CATALOG.ITEM_NOT_FOUND for an unknown or a malformed id', async () => {
    expectProblem(await api('GET', '/catalog/items/3f2b1c4d-0000-8000-8000-000000000000'), 404, 'CATALOG.ITEM_NOT_FOUND');
    expectProblem(await api('GET', '/catalog/items/not-a-uuid'), 404, 'CATALOG.ITEM_NOT_FOUND');
  });

  it('answers 400 problem+json naming the field for bad filters, and nothing changes', async () => {
    const before = await catalogEventCount();
    const cases: Array<[string, string]> = [
      ['/catalog/items?category=hobbies', 'category'],
      ['/catalog/items?pageSize=1000', 'pageSize'],
      ['/catalog/items?pageSize=0', 'pageSize'],
      ['/catalog/items?page=0', 'page'],
      ['/catalog/items?level=8', 'level'],
      ['/catalog/items?level=abc', 'level'],
      ['/catalog/items?type=unknown-type', 'type'],
      [`/catalog/items?q=${'长'.repeat(101)}`, 'q'],
    ];
    for (const [path, field] of cases) {
      const res = await api('GET', path);
      expectProblem(res, 400, 'VALIDATION.INVALID_INPUT');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const mismatch = await api('GET', '/catalog/items?category=academic-education&type=technician-certificate');
    expectProblem(mismatch, 400, 'VALIDATION.INVALID_INPUT');
    expect(mismatch.body.errors).toEqual([expect.objectContaining({ field: 'type', code: 'CATALOG.TYPE_NOT_IN_CATEGORY' })]);

    expect(await catalogEventCount()).toBe(before);
    expect((await api('GET', '/catalog/items')).body.total).toBe(seededTotal);
  });

  it('lists the 7 framework levels in order, and the four categories with their types', async () => {
    const levels = await api('GET', '/catalog/framework-levels');
    expect(levels.status).toBe(200);
    expect(levels.body.items.map((l: { level: number }) => l.level)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    for (const level of levels.body.items) {
      expect(level).toEqual({
        level: level.level,
        name: `Level ${level.level}`,
        nameZh: expect.stringMatching(/^第.级$/),
        knowledge: expect.stringMatching(/[\u4e00-\u9fff]/),
        skills: expect.stringMatching(/[\u4e00-\u9fff]/),
        competence: expect.stringMatching(/[\u4e00-\u9fff]/),
      });
    }

    const categories = await api('GET', '/catalog/categories');
    expect(categories.status).toBe(200);
    expect(categories.body.items.map((c: { code: string; name: string }) => [c.code, c.name])).toEqual([
      ['academic-education', '学历教育成果'],
      ['vocational-qualification', '职业资格证书成果'],
      ['technician-education', '技师教育证书成果'],
      ['training-performance', '培训成果及业绩类成果'],
    ]);
    expect(categories.body.items[0].types.map((t: { code: string }) => t.code)).toEqual(['diploma', 'incomplete-study-certificate', 'degree', 'single-course', 'self-study-exam']);
  });

  it('reports the catalog service ready', async () => {
    const res = await httpClient(system.url)('GET', '/health/ready');
    expect(res.body.info?.catalog ?? res.body.details?.catalog).toMatchObject({ status: 'up' });
  });

  it('a restart on the same data folder keeps every entry and id and appends nothing', async () => {
    const itemsBefore = await allItems();
    const eventsBefore = await catalogEventCount();
    expect(eventsBefore).toBe(seededTotal + 7);
    const rulesBefore = (await api('GET', '/conversion-rules?pageSize=100')).body.items;
    const ruleEventsBefore = await catalogEventCount(['catalog.conversion-rule-']);
    expect(rulesBefore.length).toBeGreaterThanOrEqual(3);
    expect(ruleEventsBefore).toBe(rulesBefore.length);
    const dataDir = system.dataDir;
    await system.dispose({ keep: true });

    system = await startTestSystem({ DATA_DIR: dataDir });
    api = httpClient(`${system.url}/api/v1`);
    expect(await catalogEventCount()).toBe(eventsBefore);
    const itemsAfter = await allItems();
    expect(itemsAfter).toEqual(itemsBefore);
    expect((await api('GET', '/catalog/framework-levels')).body.items).toHaveLength(7);
    expect(await catalogEventCount(['catalog.conversion-rule-'])).toBe(ruleEventsBefore);
    expect((await api('GET', '/conversion-rules?pageSize=100')).body.items).toEqual(rulesBefore);
  });
});
