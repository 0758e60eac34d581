import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { httpClient, lastSmsCode, startTestSystem, TestSystem } from './testing/e2e-support';
import { PNG_EVIDENCE as PNG } from '@credit-bank/testing';

/**
 * The whole first journey of the user guide over real HTTP on the embedded profile, then the
 * durability of what it left: a restart on the same data, and a rebuild of the read models.
 */

describe('journey: register, log in, find, upload, store, list, edit, submit (embedded profile)', () => {
  let system: TestSystem;
  let dataDir: string;

  afterAll(async () => {
    await system?.dispose();
  });

  async function answers(token: string, achievementId: string) {
    const api = httpClient(`${system.url}/api/v1`);
    const [me, list, one, catalog, levels] = await Promise.all([
      api('GET', '/me', { token }),
      api('GET', '/achievements', { token }),
      api('GET', `/achievements/${achievementId}`, { token }),
      api('GET', '/catalog/items?pageSize=100'),
      api('GET', '/catalog/framework-levels'),
    ]);
    return { me: me.body, list: list.body, one: one.body, catalog: catalog.body, levels: levels.body };
  }

  it('works end to end and survives a restart and a read-model rebuild', async () => {
    system = await startTestSystem();
    dataDir = system.dataDir;
    let api = httpClient(`${system.url}/api/v1`);

    const mobile = '13912345678';
    expect((await api('POST', '/sms-codes', { body: { mobile, purpose: 'register' } })).status).toBe(202);
    const smsCode = lastSmsCode(system, mobile);
    expect(smsCode).toMatch(/^\d{6}$/);

    const registered = await api('POST', '/accounts', {
      body: {
        type: 'individual',
        username: 'li_si_2024',
        password: 'Passw0rd-2024',
        passwordConfirmation: 'Passw0rd-2024',
        realName: '李四',
        nationality: 'CN',
        ethnicity: '01',
        gender: 'female',
        idType: 'resident-id-card',
        idNumber: '11010519491231002X',
        birthDate: '1949-12-31',
        email: 'li.si@example.com',
        address: { province: '440000', city: '440100', district: '440106', detail: '中山大道西 55 号' },
        mobile,
        smsCode,
        acceptTerms: true,
      },
    });
    expect(registered.status).toBe(201);
    expect(registered.body.id).toEqual(expect.any(String));

    const session = await api('POST', '/sessions', { body: { identifier: 'li.si@example.com', password: 'Passw0rd-2024' } });
    expect(session.status).toBe(200);
    const token = session.body.accessToken as string;

    const me = await api('GET', '/me', { token });
    expect(me.status).toBe(200);
    expect(JSON.stringify(me.body)).not.toContain('11010519491231002X');

    const found = await api('GET', `/catalog/items?q=${encodeURIComponent('全国计算机等级考试')}&category=vocational-qualification`);
    expect(found.status).toBe(200);
    const item = found.body.items.find((i: { achievementName: string }) => i.achievementName === '全国计算机等级考试二级及以上证书');
    expect(item).toBeDefined();

    const form = new FormData();
    form.append('file', new Blob([PNG], { type: 'image/png' }), 'certificate.png');
    const evidence = await api('POST', '/evidence', { token, form });
    expect(evidence.status).toBe(201);
    expect(evidence.body).toMatchObject({ mediaType: 'image/png', size: PNG.length });

    const stored = await api('POST', '/achievements', {
      token,
      body: {
        category: 'vocational-qualification',
        catalogItemId: item.id,
        certificateNumber: 'NCRE-2023-0042',
        issueDate: '2023-12-01',
        certificateLevel: '2',
        occupation: '程序员',
        educationLevel: '61',
        evidenceId: evidence.body.id,
        description: 'Python 语言程序设计',
      },
    });
    expect(stored.status).toBe(201);
    expect(stored.body).toMatchObject({ id: expect.any(String), revision: 0 });
    const achievementId = stored.body.id as string;

    // Read-your-writes: the very next read sees it.
    const list = await api('GET', '/achievements', { token });
    expect(list.status).toBe(200);
    expect(list.body.total).toBe(1);
    expect(list.body.items[0]).toMatchObject({ id: achievementId, no: 1, name: '李四', achievementName: '全国计算机等级考试二级及以上证书', category: 'vocational-qualification', source: 'catalog' });

    const edited = await api('PATCH', `/achievements/${achievementId}`, { token, headers: { 'if-match': '0' }, body: { description: 'Python 语言程序设计（已核对）' } });
    expect(edited.status).toBe(200);
    expect(edited.body.revision).toBe(1);

    const submitted = await api('POST', `/achievements/${achievementId}/recognition-requests`, { token });
    expect(submitted.status).toBe(202);
    const refused = await api('PATCH', `/achievements/${achievementId}`, { token, headers: { 'if-match': '2' }, body: { description: 'x' } });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('LEDGER.ACHIEVEMENT_ALREADY_SUBMITTED');

    const before = await answers(token, achievementId);
    expect(before.one).toMatchObject({ id: achievementId, description: 'Python 语言程序设计（已核对）' });
    expect(before.levels.items).toHaveLength(7);

    // Durability: stop and start again on the same data.
    await system.dispose({ keep: true });
    system = await startTestSystem({ DATA_DIR: dataDir });
    api = httpClient(`${system.url}/api/v1`);
    const relogin = await api('POST', '/sessions', { body: { identifier: 'li_si_2024', password: 'Passw0rd-2024' } });
    expect(relogin.status).toBe(200);
    expect(await answers(token, achievementId)).toEqual(before);

    // Delete the read-model database: projections rebuild from the events to the same answers.
    await system.dispose({ keep: true });
    for (const suffix of ['', '-wal', '-shm']) rmSync(join(dataDir, `read-models.sqlite${suffix}`), { force: true });
    system = await startTestSystem({ DATA_DIR: dataDir });
    await waitUntil(async () => (await httpClient(`${system.url}/api/v1`)('GET', '/achievements', { token })).body?.total === 1);
    expect(await answers(token, achievementId)).toEqual(before);
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('condition not reached');
}
