import { accountStreamId } from '@credit-bank/identity-domain';
import { HashChainingEventStore, openEvents, toNewEvents } from '@credit-bank/kernel';
import { keyOf } from '@credit-bank/platform';
import { PNG_EVIDENCE as PNG } from '@credit-bank/testing';
import { SqliteEventStore } from '@credit-bank/sqlite-event-store';
import * as argon2 from 'argon2';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAudit } from '../../audit/src/lib/cli';
import { creditCode, eventually, httpClient, lastSmsCode, startTestSystem, TestSystem } from './testing/e2e-support';

/**
 * Issue 10, point 1 ("Done when": no personal value in the history). A full journey over HTTP on
 * the embedded profile with distinctive personal values, then the raw bytes of every SQLite file
 * the bank keeps — except the read models (rebuilt, erasable, not the history) and the key store —
 * hold none of them: not the values, not the password hashes, not the bare sha256 pseudonyms an
 * earlier release put in stream names. The owner still sees them through the API. Destroying the
 * learner's key erases them from what the history reads back, and `audit verify` still passes.
 */
const ADMIN = { ADMIN_USERNAME: 'chief_admin', ADMIN_PASSWORD: 'Adm1n-Secret-2026' };
const PASSWORD = 'Passw0rd-2024';
const NEW_PASSWORD = 'Changed-Passw0rd-77';

const LEARNER = {
  username: 'ouyang_nana_88',
  realName: '欧阳娜娜',
  idNumber: '440106198802143575',
  birthDate: '1988-02-14',
  email: 'ouyang.nana.88@example.cn',
  mobile: '13987654321',
  addressDetail: '天河路三百八十五号欧阳公寓',
};
const INSTITUTION = { username: 'ncre_exam_office', contactName: '司马联络员', email: 'sima.contact@ncre-office.example.cn', mobile: '13711112222' };

/** Every SQLite file (with its -wal) under the data folder but the read models and the key store. */
function historyBytes(dataDir: string): { files: string[]; bytes: Buffer } {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.sqlite(-wal|-journal)?$/.test(name) && !/^(read-models|keys)\.sqlite/.test(name)) files.push(path);
    }
  };
  walk(dataDir);
  return { files, bytes: Buffer.concat(files.map((f) => readFileSync(f))) };
}

/** The needles a value could be found by: as written, and as JSON escapes it. */
function needles(value: string): Buffer[] {
  return [...new Set([value, JSON.stringify(value).slice(1, -1), JSON.stringify(value).slice(1, -1).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)])].map((n) =>
    Buffer.from(n, 'utf8'),
  );
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

async function audit(dataDir: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string; json: any }> {
  let stdout = '';
  let stderr = '';
  const code = await runAudit([...args, '--json', '--quiet', '--data-dir', dataDir], {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t), isTTY: false },
    env: {},
  });
  return { code, stdout, stderr, json: stdout ? JSON.parse(stdout) : undefined };
}

describe('personal data in the history (embedded profile)', () => {
  let system: TestSystem;
  let dataDir: string;
  let learnerId: string;
  let institutionId: string;
  const passwordHashes: string[] = [];

  beforeAll(async () => {
    system = await startTestSystem(ADMIN);
    dataDir = system.dataDir;
    const api = httpClient(`${system.url}/api/v1`);
    const login = async (identifier: string, password = PASSWORD) => {
      const res = await api('POST', '/sessions', { body: { identifier, password } });
      expect(res.status).toBe(200);
      return res.body.accessToken as string;
    };

    const found = await api('GET', `/catalog/items?q=${encodeURIComponent('全国计算机等级考试二级及以上证书')}`);
    const item = found.body.items.find((i: { achievementName: string }) => i.achievementName === '全国计算机等级考试二级及以上证书');

    // An institution with its contact person, approved by the administrator.
    expect((await api('POST', '/sms-codes', { body: { mobile: INSTITUTION.mobile, purpose: 'register' } })).status).toBe(202);
    const institution = await api('POST', '/accounts', {
      body: {
        type: 'institution', username: INSTITUTION.username, password: PASSWORD, passwordConfirmation: PASSWORD, name: item.institutionName,
        unifiedSocialCreditCode: creditCode('12100000400000001'), contactName: INSTITUTION.contactName, email: INSTITUTION.email, mobile: INSTITUTION.mobile,
        smsCode: lastSmsCode(system, INSTITUTION.mobile), acceptTerms: true,
      },
    });
    expect(institution.status).toBe(201);
    institutionId = institution.body.id;
    const adminToken = await login(ADMIN.ADMIN_USERNAME, ADMIN.ADMIN_PASSWORD);
    expect((await api('POST', `/admin/institutions/${institutionId}/approval`, { token: adminToken, body: { institutionId: item.institutionId } })).status).toBe(200);
    const institutionToken = await login(INSTITUTION.username);

    // The learner registers, stores a certificate, has it recognised, reads the statement, changes the password.
    expect((await api('POST', '/sms-codes', { body: { mobile: LEARNER.mobile, purpose: 'register' } })).status).toBe(202);
    const learner = await api('POST', '/accounts', {
      body: {
        type: 'individual', username: LEARNER.username, password: PASSWORD, passwordConfirmation: PASSWORD, realName: LEARNER.realName, nationality: 'CN', ethnicity: '01',
        gender: 'male', idType: 'resident-id-card', idNumber: LEARNER.idNumber, birthDate: LEARNER.birthDate, email: LEARNER.email,
        address: { province: '440000', city: '440100', district: '440106', detail: LEARNER.addressDetail }, mobile: LEARNER.mobile,
        smsCode: lastSmsCode(system, LEARNER.mobile), acceptTerms: true,
      },
    });
    expect(learner.status).toBe(201);
    learnerId = learner.body.id;
    const token = await login(LEARNER.username);
    const form = new FormData();
    form.append('file', new Blob([PNG], { type: 'image/png' }), 'ncre.png');
    const evidence = await api('POST', '/evidence', { token, form });
    expect(evidence.status).toBe(201);
    const stored = await api('POST', '/achievements', {
      token,
      body: { category: item.category, catalogItemId: item.id, certificateNumber: 'NCRE-2024-5150', issueDate: '2024-06-30', certificateLevel: '2', occupation: '程序员', educationLevel: '61', evidenceId: evidence.body.id },
    });
    expect(stored.status).toBe(201);
    expect((await api('POST', `/achievements/${stored.body.id}/recognition-requests`, { token })).status).toBe(202);
    await eventually(() => api('GET', '/reviews', { token: institutionToken }), (r) => r.body?.total === 1);
    expect((await api('POST', `/reviews/${stored.body.id}/recognition`, { token: institutionToken, body: {} })).status).toBe(200);
    const statement = await eventually(() => api('GET', `/learning-account/statement?asOf=${encodeURIComponent(new Date().toISOString())}`, { token }), (r) => r.body?.totals?.recognised > 0);
    expect(statement.status).toBe(200);
    expect((await api('PUT', '/me/password', { token, body: { currentPassword: PASSWORD, newPassword: NEW_PASSWORD, newPasswordConfirmation: NEW_PASSWORD } })).status).toBe(204);

    // The password hashes as the identity service wrote them (opened with the key store, as it reads them).
    const history = await openEvents(system.infrastructure.keyStore!, await system.infrastructure.eventStore.readAll());
    for (const event of history) {
      const hash = (event.data as { passwordHash?: unknown }).passwordHash;
      if (typeof hash === 'string') passwordHashes.push(hash);
    }
  }, 120_000);

  afterAll(async () => {
    await system?.dispose();
  });

  it('keeps every personal value, password hash and bare pseudonym out of every SQLite file but the read models and the keys', () => {
    expect(passwordHashes.length).toBeGreaterThanOrEqual(4); // administrator, institution, learner, the learner's changed one
    const { files, bytes } = historyBytes(dataDir);
    expect(files.map((f) => f.slice(dataDir.length + 1))).toContain('events.sqlite');
    expect(bytes.length).toBeGreaterThan(10_000);
    const secrets: Record<string, string> = {
      ...Object.fromEntries(Object.entries(LEARNER).map(([k, v]) => [`learner ${k}`, v])),
      'institution contactName': INSTITUTION.contactName,
      'institution email': INSTITUTION.email,
      'institution mobile': INSTITUTION.mobile,
      ...Object.fromEntries(passwordHashes.map((h, i) => [`password hash ${i}`, h])),
      ...Object.fromEntries(passwordHashes.map((h, i) => [`password hash ${i} (its salt and digest)`, h.split('$').slice(-2).join('$')])),
      'bare sha256 pseudonym of the learner mobile': keyOf('mobile', LEARNER.mobile),
      'bare sha256 pseudonym of the learner ID number': keyOf('id-number', `resident-id-card:${LEARNER.idNumber}`),
      'bare sha256 pseudonym of the learner email': keyOf('email', LEARNER.email),
      'bare sha256 pseudonym of the learner username': keyOf('username', LEARNER.username),
      'bare sha256 pseudonym of the institution mobile': keyOf('mobile', INSTITUTION.mobile),
      'sha256 of the mobile': sha256(LEARNER.mobile),
      'sha256 of the ID number': sha256(LEARNER.idNumber),
    };
    const found = Object.entries(secrets).filter(([, value]) => needles(value).some((n) => bytes.includes(n)));
    expect(found.map(([what]) => what)).toEqual([]);
  });

  it('still shows the owner their data through the API', async () => {
    const api = httpClient(`${system.url}/api/v1`);
    const token = (await api('POST', '/sessions', { body: { identifier: LEARNER.email, password: NEW_PASSWORD } })).body.accessToken;
    const me = await api('GET', '/me', { token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ id: learnerId, username: LEARNER.username, realName: LEARNER.realName, email: LEARNER.email, mobile: LEARNER.mobile });
    expect(JSON.stringify(me.body)).toContain(LEARNER.addressDetail);
    const institutionToken = (await api('POST', '/sessions', { body: { identifier: INSTITUTION.username, password: PASSWORD } })).body.accessToken;
    expect((await api('GET', '/me', { token: institutionToken })).body).toMatchObject({ id: institutionId, contactName: INSTITUTION.contactName, email: INSTITUTION.email, mobile: INSTITUTION.mobile });
    // The old password no longer works: the changed hash was read back from its envelope.
    expect((await api('POST', '/sessions', { body: { identifier: LEARNER.username, password: PASSWORD } })).status).toBe(401);
  });

  it('erases the learner by destroying the key: the history reads the fields as null, and audit verify still passes', async () => {
    const keyStore = system.infrastructure.keyStore!;
    const before = await system.infrastructure.eventStore.readStream(accountStreamId(learnerId));
    expect((await openEvents(keyStore, before))[0].data).toMatchObject({ realName: LEARNER.realName });
    await keyStore.destroy(learnerId);

    const after = await openEvents(keyStore, await system.infrastructure.eventStore.readStream(accountStreamId(learnerId)));
    expect(after.map((e) => e.metadata.hash)).toEqual(before.map((e) => e.metadata.hash));
    expect(after[0].data).toMatchObject({ accountId: learnerId, realName: null, idNumber: null, mobile: null, email: null, address: null, passwordHash: null, erased: true });
    const institution = await openEvents(keyStore, await system.infrastructure.eventStore.readStream(accountStreamId(institutionId)));
    expect(institution[0].data).toMatchObject({ contactName: INSTITUTION.contactName });

    await system.dispose({ keep: true });
    const verified = await audit(dataDir, 'verify');
    expect({ code: verified.code, ok: verified.json.ok, breaks: verified.json.breaks }).toEqual({ code: 0, ok: true, breaks: [] });
    const statement = await audit(dataDir, 'statement', learnerId, '--as-of', new Date().toISOString());
    expect({ code: statement.code, stderr: statement.stderr }).toEqual({ code: 0, stderr: '' });
    expect(statement.stdout).not.toContain(LEARNER.realName);
    expect(statement.json.achievements).toHaveLength(1);
    system = await startTestSystem({ ...ADMIN, DATA_DIR: dataDir });
  });
});

/**
 * A data folder written before sealing and keyed pseudonyms (plain personal fields, unique values
 * claimed in streams named by a bare sha256) keeps working: its learner signs in and sees their
 * data, their mobile stays taken for a newcomer, and the history still verifies.
 */
describe('a data folder from before sealing', () => {
  const OLD = { accountId: '3f0c2d1e-5a6b-4c7d-8e9f-0a1b2c3d4e5f', username: 'old_learner', mobile: '13600000077', email: 'old.learner@example.cn', idNumber: '440106197509216283' };
  let system: TestSystem | undefined;
  let dataDir: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'credit-bank-presealing-'));
    const store = HashChainingEventStore.wrap(new SqliteEventStore({ filename: join(dataDir, 'events.sqlite') }));
    const now = '2025-06-01T08:00:00.000Z';
    const ctx = { actor: 'anonymous', correlationId: 'before-sealing', now };
    const claim = (kind: string, value: string) =>
      store.append(`identity.unique-${kind}-${keyOf(kind, value)}`, toNewEvents([{ type: 'UniqueValueClaimed', data: { kind, ownerId: OLD.accountId, claimedAt: now } }], ctx), { expectedRevision: 'no_stream' });
    await claim('username', OLD.username);
    await claim('mobile', OLD.mobile);
    await claim('email', OLD.email);
    await claim('id-number', `resident-id-card:${OLD.idNumber}`);
    const passwordHash = await argon2.hash(PASSWORD, { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 });
    const registered = {
      accountId: OLD.accountId, username: OLD.username, passwordHash, realName: '旧时学员', nationality: '中国', nationalityCode: 'CN', ethnicity: '汉族', ethnicityCode: '01',
      gender: 'female', idType: 'resident-id-card', idNumber: OLD.idNumber, birthDate: '1975-09-21', email: OLD.email,
      address: { province: '广东省', provinceCode: '440000', city: '广州市', cityCode: '440100', district: '海珠区', districtCode: '440105', detail: '旧时地址一号' },
      mobile: OLD.mobile, registeredAt: now,
    };
    await store.append(accountStreamId(OLD.accountId), toNewEvents([{ type: 'AccountRegistered', data: registered }], ctx).map((e) => ({ ...e, metadata: { ...e.metadata, schemaVersion: 2 } })), { expectedRevision: 'no_stream' });
    await store.close();
    system = await startTestSystem({ DATA_DIR: dataDir });
  }, 60_000);

  afterAll(async () => {
    await system?.dispose({ keep: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('signs its learner in with their data, keeps their values taken, and verifies', async () => {
    const api = httpClient(`${system!.url}/api/v1`);
    const session = await eventually(() => api('POST', '/sessions', { body: { identifier: OLD.username, password: PASSWORD } }), (r) => r.status === 200);
    expect(session.status).toBe(200);
    expect((await api('GET', '/me', { token: session.body.accessToken })).body).toMatchObject({ id: OLD.accountId, realName: '旧时学员', mobile: OLD.mobile });

    // A newcomer with the old learner's mobile is refused: the claim is found in its legacy stream.
    expect((await api('POST', '/sms-codes', { body: { mobile: OLD.mobile, purpose: 'register' } })).status).toBe(202);
    const taken = await api('POST', '/accounts', {
      body: {
        type: 'individual', username: 'new_learner', password: PASSWORD, passwordConfirmation: PASSWORD, realName: '新来学员', nationality: 'CN', ethnicity: '01',
        gender: 'male', idType: 'resident-id-card', idNumber: '440106198802143575', birthDate: '1988-02-14', email: 'new.learner@example.cn',
        address: { province: '440000', city: '440100', district: '440106', detail: '新地址二号' }, mobile: OLD.mobile, smsCode: lastSmsCode(system!, OLD.mobile), acceptTerms: true,
      },
    });
    expect({ status: taken.status, code: taken.body.code }).toEqual({ status: 409, code: 'IDENTITY.MOBILE_TAKEN' });

    await system!.dispose({ keep: true });
    system = undefined;
    const verified = await audit(dataDir, 'verify');
    expect({ code: verified.code, ok: verified.json.ok }).toEqual({ code: 0, ok: true });
    const rebuilt = await audit(dataDir, 'rebuild', '--compare');
    expect({ code: rebuilt.code, differences: rebuilt.json.differences }).toEqual({ code: 0, differences: [] });
  });
});

