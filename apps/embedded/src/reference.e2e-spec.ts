import { httpClient, startTestSystem, TestSystem } from './testing/e2e-support';

/** GET /reference/*: the code lists of the guide's forms, public and cacheable. */
describe('reference lists (embedded profile, over HTTP)', () => {
  let system: TestSystem;
  let api: ReturnType<typeof httpClient>;

  beforeAll(async () => {
    system = await startTestSystem();
    api = httpClient(`${system.url}/api/v1`);
  });

  afterAll(async () => {
    await system?.dispose();
  });

  it('serves 国籍, 民族, 证书等级 and 文化程度 without a token, cacheable with an ETag', async () => {
    const countries = await api('GET', '/reference/countries');
    expect(countries.status).toBe(200);
    expect(countries.body.items[0]).toEqual({ code: 'CN', alpha3: 'CHN', numeric: '156', name: '中国', nameEn: "People's Republic of China" });
    expect(countries.body.items).toHaveLength(249);
    expect(countries.headers.get('cache-control')).toBe('public, max-age=86400');
    const etag = countries.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);

    const again = await api('GET', '/reference/countries', { headers: { 'if-none-match': `W/${etag}` } });
    expect(again.status).toBe(304);
    expect(again.headers.get('etag')).toBe(etag);

    const ethnicities = await api('GET', '/reference/ethnicities');
    expect(ethnicities.body.items.slice(0, 2)).toEqual([
      { code: '01', name: '汉族', nameEn: 'Han' },
      { code: '02', name: '蒙古族', nameEn: 'Mongol' },
    ]);
    expect(ethnicities.body.items).toHaveLength(58);
    const levels = await api('GET', '/reference/certificate-levels');
    expect(levels.body.items.map((l: { code: string; name: string }) => `${l.code} ${l.name}`)).toEqual(['5 五级/初级工', '4 四级/中级工', '3 三级/高级工', '2 二级/技师', '1 一级/高级技师']);
    const education = await api('GET', '/reference/education-levels');
    expect(education.body.items).toContainEqual({ code: '47', name: '技工学校毕业', nameEn: 'Technical school (中技), graduated', parent: '40' });
  });

  it('walks the regions province → city → district, and refuses an unknown parent with 404', async () => {
    const provinces = await api('GET', '/reference/regions');
    expect(provinces.status).toBe(200);
    expect(provinces.body.parent).toBeNull();
    expect(provinces.body.items).toContainEqual({ code: '440000', name: '广东省', level: 'province', hasChildren: true });
    expect(provinces.body.items).toContainEqual({ code: '810000', name: '香港特别行政区', level: 'province', hasChildren: false });
    expect((await api('GET', '/reference/regions?parent=')).body.items).toEqual(provinces.body.items);
    const cities = await api('GET', '/reference/regions?parent=440000');
    expect(cities.body.parent).toEqual({ code: '440000', name: '广东省', level: 'province', hasChildren: true });
    expect(cities.body.items).toContainEqual({ code: '441900', name: '东莞市', level: 'city', hasChildren: false });
    const districts = await api('GET', '/reference/regions?parent=440100');
    expect(districts.body.items).toContainEqual({ code: '440106', name: '天河区', level: 'district', hasChildren: false });
    expect((await api('GET', '/reference/regions?parent=440106')).body.items).toEqual([]);
    expect(cities.headers.get('etag')).not.toBe(districts.headers.get('etag'));

    const unknown = await api('GET', '/reference/regions?parent=999999', { headers: { 'accept-language': 'en' } });
    expect(unknown.status).toBe(404);
    expect(unknown.contentType).toMatch(/^application\/problem\+json/);
    expect(unknown.body).toMatchObject({ code: 'REFERENCE.REGION_NOT_FOUND', title: 'No GB/T 2260 division has this code.' });
    expect((await api('GET', '/reference/regions?parent=不存在省')).status).toBe(404);
  });

  it('documents the reference routes in OpenAPI', async () => {
    const doc = await httpClient(system.url)('GET', '/api/docs/openapi.json');
    for (const path of ['countries', 'ethnicities', 'regions', 'certificate-levels', 'education-levels']) {
      expect(doc.body.paths[`/api/v1/reference/${path}`]?.get).toBeDefined();
    }
    expect(doc.body.paths['/api/v1/reference/regions'].get.parameters).toContainEqual(expect.objectContaining({ name: 'parent', in: 'query' }));
  });
});
