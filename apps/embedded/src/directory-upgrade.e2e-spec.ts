import { INSTITUTION_DECIDED_V1 } from '@credit-bank/contracts';
import { identityUpcasters } from '@credit-bank/identity-domain';
import { mapIdentityEvent } from '@credit-bank/identity-service';
import { creditCodeCheckCharacter, HashChainingEventStore, institutionIdForName, toNewEvents, upcastEvent } from '@credit-bank/kernel';
import { SqliteEventStore } from '@credit-bank/sqlite-event-store';
import { SqliteReadStore } from '@credit-bank/sqlite-read-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAudit } from '../../audit/src/lib/cli';
import { HttpResult, httpClient, startTestSystem, TestSystem } from './testing/e2e-support';

/**
 * A store written before institutions had ids (events at schema version 1, as the previous
 * version wrote them: catalogue entries and rules naming their institution, an institution
 * account approved by name; read models in the old collections) is started by today's code: the
 * events read back upcast (`institutionIdForName` ids, `institutionId: null`), nothing stored is
 * rewritten, the catalog lists the institutions the old entries name, the read models rebuild
 * into their new collections (the old ones emptied), the unlinked account is linked by approving
 * it again, and the audit tool verifies the history and finds the live read models equal to a
 * rebuild.
 */
const ADMIN = { ADMIN_USERNAME: 'Chief_Admin', ADMIN_PASSWORD: 'Adm1n-Secret-2025' };
const NOW = '2025-03-01T08:00:00.000Z';
const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g';
const ITEM = '0b6a1c52-8c1b-4e4f-9d2a-3b6c7d8e9f01';
const SEEDED_NAME_ITEM = '0b6a1c52-8c1b-4e4f-9d2a-3b6c7d8e9f02';
const RULE = '5b0e7c1a-2f3d-4e5f-8a9b-0c1d2e3f4a5b';
const ACCOUNT = '7d1e3f0a-1111-4222-9333-444455556666';
const CODE = (() => {
  const first17 = '12440000MB0A12345';
  return `${first17}${creditCodeCheckCharacter(first17)}`;
})();

let dataDir: string;
let system: TestSystem | undefined;

const v1 = (type: string, data: object) => toNewEvents([{ type, data }], { actor: 'system', correlationId: 'before-directory', now: NOW });

async function writeOldStore(dir: string): Promise<number> {
  const store = HashChainingEventStore.wrap(new SqliteEventStore({ filename: join(dir, 'events.sqlite') }));
  const content = { category: 'vocational-qualification', type: 'national-exam-certificate', frameworkLevel: 2, credits: 2, sample: false };
  await store.append(
    `catalog.item-${ITEM}`,
    [
      ...v1('CatalogItemPublished', { itemId: ITEM, ...content, projectName: '旧目录项目', achievementName: '旧目录成果证书', institutionName: '旧时资历机构', publishedAt: NOW }),
      ...v1('CatalogItemRevised', { itemId: ITEM, changes: { institutionName: '另一旧时机构', credits: 3 }, revisedAt: NOW }),
    ],
    { expectedRevision: 'no_stream' },
  );
  await store.append(
    `catalog.item-${SEEDED_NAME_ITEM}`,
    v1('CatalogItemPublished', { itemId: SEEDED_NAME_ITEM, ...content, projectName: '旧目录项目', achievementName: '旧目录成果证书（二）', institutionName: '教育部考试中心', publishedAt: NOW }),
    { expectedRevision: 'no_stream' },
  );
  await store.append(
    `catalog.conversion-rule-${RULE}`,
    v1('ConversionRulePublished', {
      ruleId: RULE,
      version: 1,
      name: '旧目录成果证书转换课程学分（示例）',
      kind: 'achievement',
      sources: { catalogItemIds: [ITEM] },
      target: { programme: '计算机应用技术（专科）', course: '计算机应用基础', awardingInstitution: '旧时转换机构', credits: 2 },
      limits: {},
      effectiveFrom: '2025-01-01',
      publishedAt: NOW,
    }),
    { expectedRevision: 'no_stream' },
  );
  const { position } = await store.append(
    `identity.account-${ACCOUNT}`,
    [
      ...v1('InstitutionRegistered', {
        accountId: ACCOUNT,
        username: 'old_institution',
        passwordHash: HASH,
        name: '旧时资历机构',
        unifiedSocialCreditCode: CODE,
        contactName: '王五',
        email: 'old@institution.example.cn',
        mobile: '13600000001',
        status: 'pending-approval',
        registeredAt: NOW,
      }),
      ...v1('InstitutionApproved', { accountId: ACCOUNT, institutionName: '旧时资历机构', approvedBy: 'adm-before', approvedAt: NOW }),
    ],
    { expectedRevision: 'no_stream' },
  );
  await store.close();
  // The read models as the previous version left them: an entry in the old collection, its checkpoint at the head.
  const reads = new SqliteReadStore({ filename: join(dir, 'read-models.sqlite') });
  await reads.collection('catalog_items').write([{ kind: 'upsert', id: ITEM, doc: { achievementName: '旧目录成果证书', institutionName: '另一旧时机构' }, position: 2 }]);
  await reads.checkpoints.store('catalog.items', position);
  await reads.close();
  return position;
}

async function audit(...args: string[]): Promise<{ code: number; json: any }> {
  let stdout = '';
  const code = await runAudit([...args, '--json', '--quiet', '--data-dir', dataDir], {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: () => undefined, isTTY: false },
    env: {},
  });
  return { code, json: JSON.parse(stdout) };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'credit-bank-upgrade-'));
  await writeOldStore(dataDir);
  system = await startTestSystem({ ...ADMIN, DATA_DIR: dataDir });
}, 120_000);

afterAll(async () => {
  await system?.dispose({ keep: true });
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a store written before institutions had ids', () => {
  let api: ReturnType<typeof httpClient>;
  let admin: string;

  beforeAll(async () => {
    api = httpClient(`${system!.url}/api/v1`);
    admin = (await api('POST', '/sessions', { body: { identifier: ADMIN.ADMIN_USERNAME, password: ADMIN.ADMIN_PASSWORD } })).body.accessToken;
  });

  const expectOk = (res: HttpResult) => expect({ status: res.status, code: res.body?.code }).toEqual({ status: 200, code: undefined });

  it('reads its catalogue entries with institutionIdForName ids, and the catalog lists the institutions they name', async () => {
    const item = await api('GET', `/catalog/items/${ITEM}`);
    expectOk(item);
    expect(item.body).toMatchObject({ id: ITEM, institutionId: institutionIdForName('另一旧时机构'), institutionName: '另一旧时机构', credits: 3, revision: 1 });
    const listed = await api('GET', `/qualification-institutions/${item.body.institutionId}`);
    expect(listed.body).toEqual({ id: institutionIdForName('另一旧时机构'), name: '另一旧时机构', creditCode: null, aliases: [], revision: 0 });
    // An institution only an earlier revision named is not needed: nothing references it any more.
    expect((await api('GET', `/qualification-institutions/${institutionIdForName('旧时资历机构')}`)).status).toBe(404);
    // An old entry naming a seeded institution meets the seeded directory entry.
    expect((await api('GET', `/catalog/items/${SEEDED_NAME_ITEM}`)).body).toMatchObject({ institutionId: institutionIdForName('教育部考试中心'), institutionName: '教育部考试中心' });
  });

  it('reads its conversion rule with the awarding institution’s id, listed in the directory too', async () => {
    const rule = await api('GET', `/conversion-rules/${RULE}`);
    expectOk(rule);
    expect(rule.body.target).toEqual({
      programme: '计算机应用技术（专科）',
      course: '计算机应用基础',
      awardingInstitutionId: institutionIdForName('旧时转换机构'),
      awardingInstitution: '旧时转换机构',
      credits: 2,
    });
    expect((await api('GET', `/conversion-rules?awardingInstitutionId=${institutionIdForName('旧时转换机构')}`)).body.items.map((r: { ruleId: string }) => r.ruleId)).toEqual([RULE]);
    expect((await api('GET', `/qualification-institutions/${institutionIdForName('旧时转换机构')}`)).body).toMatchObject({ name: '旧时转换机构' });
  });

  it('rewrites nothing stored: the old events keep schema version 1 and read back upcast', async () => {
    const stored = await system!.infrastructure.eventStore.readStream(`identity.account-${ACCOUNT}`);
    expect(stored.map((e) => [e.type, e.metadata.schemaVersion])).toEqual([
      ['InstitutionRegistered', 1],
      ['InstitutionApproved', 1],
    ]);
    expect('institutionId' in (stored[1].data as object)).toBe(false);
    // As the identity service reads it (its upcasters), and as its relay publishes it.
    const read = upcastEvent(identityUpcasters, stored[1]);
    expect(read.data).toMatchObject({ institutionId: null, institutionName: '旧时资历机构' });
    expect(mapIdentityEvent(read)).toMatchObject({ topic: INSTITUTION_DECIDED_V1, data: { accountId: ACCOUNT, institutionId: null, decision: 'approved' } });
    const items = await system!.infrastructure.eventStore.readStream(`catalog.item-${ITEM}`);
    expect(items.map((e) => e.metadata.schemaVersion)).toEqual([1, 1]);
  });

  it('empties the old read-model collection; the entries are in the new one', async () => {
    expect(await system!.infrastructure.readStore.collection('catalog_items').count()).toBe(0);
    expect(await system!.infrastructure.readStore.collection('catalog_items_v2').count()).toBeGreaterThan(2);
  });

  it('the account approved by name is active but linked to nothing; approving it again links it (InstitutionLinked)', async () => {
    const active = (await api('GET', '/admin/institutions?status=active', { token: admin })).body.items;
    expect(active).toEqual([expect.objectContaining({ id: ACCOUNT, status: 'active', institutionId: null, directoryMatch: null })]);
    // The administrator records the institution's credit code in the directory, then approves again.
    const coded = await api('PATCH', `/admin/qualification-institutions/${institutionIdForName('另一旧时机构')}`, { token: admin, body: { creditCode: CODE } });
    expectOk(coded);
    expect((await api('GET', '/admin/institutions?status=active', { token: admin })).body.items[0].directoryMatch).toEqual({
      institutionId: institutionIdForName('另一旧时机构'),
      name: '另一旧时机构',
      linkedAccountId: null,
    });
    const linked = await api('POST', `/admin/institutions/${ACCOUNT}/approval`, { token: admin });
    expectOk(linked);
    expect(linked.body).toMatchObject({ id: ACCOUNT, status: 'active', institutionId: institutionIdForName('另一旧时机构'), institutionName: '另一旧时机构' });
    const stream = await system!.infrastructure.eventStore.readStream(`identity.account-${ACCOUNT}`);
    expect(stream.map((e) => [e.type, e.metadata.schemaVersion])).toEqual([
      ['InstitutionRegistered', 1],
      ['InstitutionApproved', 1],
      ['InstitutionLinked', 1],
    ]);
    expect(mapIdentityEvent(stream[2])).toEqual({
      topic: INSTITUTION_DECIDED_V1,
      data: { accountId: ACCOUNT, institutionName: '另一旧时机构', institutionId: institutionIdForName('另一旧时机构'), decision: 'approved', decidedAt: expect.any(String) },
    });
    const again = await api('POST', `/admin/institutions/${ACCOUNT}/approval`, { token: admin });
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'IDENTITY.INSTITUTION_NOT_PENDING' });
  });

  it('a restart lists nothing more, and the audit tool verifies the history and finds the read models equal to a rebuild', async () => {
    const head = await system!.infrastructure.eventStore.headPosition();
    await system!.dispose({ keep: true });
    system = await startTestSystem({ ...ADMIN, DATA_DIR: dataDir });
    expect(await system.infrastructure.eventStore.headPosition()).toBe(head);
    await system.dispose({ keep: true });
    system = undefined;

    const verify = await audit('verify');
    expect(verify.json).toMatchObject({ ok: true, breaks: [] });
    expect(verify.code).toBe(0);
    expect(Object.keys(verify.json.byAggregate)).toEqual(expect.arrayContaining(['qualification institution', 'qualification institution key', 'catalogue entry', 'identity account']));
    const rebuild = await audit('rebuild', '--compare');
    expect(rebuild.json.differences).toEqual([]);
    expect(rebuild.code).toBe(0);
    expect(rebuild.json.collections).toMatchObject({ catalog_items_v2: expect.any(Number), catalog_institutions: expect.any(Number), catalog_conversion_rules_v2: expect.any(Number) });
  });
});
