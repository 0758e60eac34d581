import { httpClient, startTestSystem, TestSystem } from './testing/e2e-support';

/**
 * Problem documents speak the client's language: zh-CN by default, English when Accept-Language
 * prefers it (q-values honoured), named in Content-Language; the codes never change.
 */
describe('problem+json in the client language (embedded profile, over HTTP)', () => {
  let system: TestSystem;
  let api: ReturnType<typeof httpClient>;

  beforeAll(async () => {
    system = await startTestSystem();
    api = httpClient(`${system.url}/api/v1`);
  });

  afterAll(async () => {
    await system?.dispose();
  });

  const asking = (language?: string) => (language ? { headers: { 'accept-language': language } } : {});

  it('words a problem in zh-CN unless English is preferred', async () => {
    const cases: Array<[string | undefined, string, string]> = [
      [undefined, 'zh-CN', '需要 Bearer 访问令牌。'],
      ['zh-CN,zh;q=0.9', 'zh-CN', '需要 Bearer 访问令牌。'],
      ['en', 'en', 'A bearer access token is required.'],
      ['en-US,en;q=0.9,zh-CN;q=0.8', 'en', 'A bearer access token is required.'],
      ['zh-CN;q=0.4, en;q=0.6', 'en', 'A bearer access token is required.'],
      ['fr, en;q=0.1', 'en', 'A bearer access token is required.'],
      ['en;q=0', 'zh-CN', '需要 Bearer 访问令牌。'],
      ['de', 'zh-CN', '需要 Bearer 访问令牌。'],
    ];
    for (const [header, language, title] of cases) {
      const res = await api('GET', '/me', asking(header));
      expect({ header, status: res.status, code: res.body.code, title: res.body.title, detail: res.body.detail, language: res.headers.get('content-language') }).toEqual({
        header,
        status: 401,
        code: 'AUTH.TOKEN_MISSING',
        title,
        detail: title,
        language,
      });
      expect(res.contentType).toMatch(/^application\/problem\+json/);
      expect(res.headers.get('vary')).toMatch(/accept-language/i);
    }
    const missing = await api('GET', '/no-such-route');
    expect(missing.body).toMatchObject({ status: 404, code: 'HTTP.NOT_FOUND', title: '请求的资源不存在。' });
  });

  it('words the field errors of the gateway’s validation and of the services, with the values they carry', async () => {
    const shape = await api('POST', '/accounts', { body: { type: 'robot' } });
    expect(shape.body).toMatchObject({ code: 'VALIDATION.INVALID_INPUT', title: '请求中有字段不符合要求。' });
    expect(shape.body.errors).toEqual([{ field: 'type', code: 'isIn', message: '类型须为以下值之一：individual, institution。' }]);
    const shapeEn = await api('POST', '/accounts', { body: { type: 'robot' }, ...asking('en') });
    expect(shapeEn.body.errors).toEqual([{ field: 'type', code: 'isIn', message: 'type must be one of the following values: individual, institution' }]);

    const lengths = await api('POST', '/sessions', { body: { identifier: '', password: 'x' } });
    expect(lengths.body.code).toBe('VALIDATION.INVALID_INPUT');
    expect(lengths.body.errors.every((e: { message: string }) => /[\u4e00-\u9fff]/.test(e.message))).toBe(true);

    // The identity domain's refusal, before any SMS code is checked.
    const registration = {
      type: 'individual',
      username: 'mars_visitor',
      password: 'Passw0rd-2024',
      passwordConfirmation: 'Passw0rd-2024',
      realName: '李四',
      nationality: '火星国',
      ethnicity: '外星族',
      gender: 'female',
      idType: 'passport',
      idNumber: 'E12345678',
      birthDate: '1990-01-01',
      email: 'mars@example.com',
      address: { province: '不存在省', detail: '某处' },
      mobile: '13912340001',
      smsCode: '123456',
      acceptTerms: true,
    };
    const zh = await api('POST', '/accounts', { body: registration });
    expect(zh.status).toBe(400);
    expect(zh.headers.get('content-language')).toBe('zh-CN');
    expect(zh.body).toMatchObject({ code: 'IDENTITY.REGISTRATION_INVALID', title: '注册信息有误，请按提示修改。' });
    expect(zh.body.errors).toEqual([
      { field: 'nationality', code: 'IDENTITY.NATIONALITY_UNKNOWN', message: '请从国籍列表（GB/T 2659）中选择。' },
      { field: 'ethnicity', code: 'IDENTITY.ETHNICITY_UNKNOWN', message: '请从民族列表（GB/T 3304）中选择。' },
      { field: 'address.province', code: 'IDENTITY.REGION_UNKNOWN', message: '省不是有效的行政区划代码（GB/T 2260）。' },
    ]);
    const en = await api('POST', '/accounts', { body: registration, ...asking('en') });
    expect(en.body).toMatchObject({ code: 'IDENTITY.REGISTRATION_INVALID', title: 'The registration breaks some rules.' });
    expect(en.body.errors.map((e: { code: string }) => e.code)).toEqual(zh.body.errors.map((e: { code: string }) => e.code));
    expect(en.body.errors[0]).toEqual({ field: 'nationality', code: 'IDENTITY.NATIONALITY_UNKNOWN', message: 'nationality must be a GB/T 2659 country code (e.g. CN).' });
  });
});
