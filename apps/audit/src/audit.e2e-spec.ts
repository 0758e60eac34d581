import { eventHash, GENESIS_HASH, storedHash } from '@credit-bank/kernel';
import { SqliteEventStore } from '@credit-bank/sqlite-event-store';
import Database from 'better-sqlite3';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { httpClient, lastSmsCode, startTestSystem, TestSystem } from '../../embedded/src/testing/e2e-support';
import { PortHistorySource, SqliteHistorySource } from './lib/history';
import { silentProgress } from './lib/progress';
import { runAudit } from './lib/cli';
import { verifyHistory } from './lib/verify';
import { PNG_EVIDENCE as PNG } from '@credit-bank/testing';

/**
 * The audit tool against a store the real services wrote (embedded profile over HTTP), then
 * damaged on purpose directly in the SQLite file.
 */

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  json: any;
}

async function audit(dataDir: string, ...args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runAudit([...args, '--data-dir', dataDir], {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t), isTTY: false },
    env: {},
  });
  let json: any;
  try {
    json = args.includes('--json') ? JSON.parse(stdout) : undefined;
  } catch {
    json = undefined;
  }
  return { code, stdout, stderr, json };
}

let dataDir: string;
let learnerId: string;
let keptAchievement: string;
let withdrawnAchievement: string;
let beforeWithdrawal: string;
let afterRegistration: string;

const tick = () => new Promise((r) => setTimeout(r, 20));

beforeAll(async () => {
  const system: TestSystem = await startTestSystem();
  dataDir = system.dataDir;
  try {
    const api = httpClient(`${system.url}/api/v1`);
    const mobile = '13812345670';
    expect((await api('POST', '/sms-codes', { body: { mobile, purpose: 'register' } })).status).toBe(202);
    const registered = await api('POST', '/accounts', {
      body: {
        type: 'individual',
        username: 'wang_wu_audit',
        password: 'Passw0rd-2024',
        passwordConfirmation: 'Passw0rd-2024',
        realName: '王五',
        nationality: 'CN',
        ethnicity: '01',
        gender: 'male',
        idType: 'resident-id-card',
        idNumber: '11010519491231002X',
        birthDate: '1949-12-31',
        email: 'wang.wu@example.com',
        address: { province: '440000', city: '440100', district: '440106', detail: '中山大道西 55 号' },
        mobile,
        smsCode: lastSmsCode(system, mobile),
        acceptTerms: true,
      },
    });
    expect(registered.status).toBe(201);
    learnerId = registered.body.id;
    await tick();
    afterRegistration = new Date().toISOString();
    await tick();
    const token = (await api('POST', '/sessions', { body: { identifier: 'wang_wu_audit', password: 'Passw0rd-2024' } })).body.accessToken as string;
    const found = await api('GET', `/catalog/items?q=${encodeURIComponent('全国计算机等级考试')}&category=vocational-qualification`);
    const item = found.body.items[0];
    const store = async (certificateNumber: string) => {
      const form = new FormData();
      form.append('file', new Blob([PNG], { type: 'image/png' }), 'certificate.png');
      const evidence = await api('POST', '/evidence', { token, form });
      expect(evidence.status).toBe(201);
      const stored = await api('POST', '/achievements', {
        token,
        body: { category: 'vocational-qualification', catalogItemId: item.id, certificateNumber, issueDate: '2023-12-01', certificateLevel: '2', occupation: '程序员', educationLevel: '61', evidenceId: evidence.body.id, description: '证书' },
      });
      expect(stored.status).toBe(201);
      return stored.body.id as string;
    };
    keptAchievement = await store('NCRE-2023-0001');
    withdrawnAchievement = await store('NCRE-2023-0002');
    expect((await api('PATCH', `/achievements/${keptAchievement}`, { token, headers: { 'if-match': '0' }, body: { description: '证书（已核对）' } })).status).toBe(200);
    expect((await api('POST', `/achievements/${keptAchievement}/recognition-requests`, { token })).status).toBe(202);
    await tick();
    beforeWithdrawal = new Date().toISOString();
    await tick();
    expect((await api('DELETE', `/achievements/${withdrawnAchievement}`, { token, headers: { 'if-match': '0' } })).status).toBe(204);
  } finally {
    await system.dispose({ keep: true });
  }
}, 120_000);

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** A copy of the data folder to damage. */
function copyOfData(): string {
  const dir = mkdtempSync(join(tmpdir(), 'credit-bank-audit-'));
  cpSync(dataDir, dir, { recursive: true });
  return dir;
}

describe('audit verify', () => {
  it('passes on what the services wrote: every event hash-chained, every stream allowed by its decider', async () => {
    const run = await audit(dataDir, 'verify', '--json');
    expect(run.code).toBe(0);
    expect(run.json).toMatchObject({ ok: true, breaks: [] });
    expect(run.json.events).toBeGreaterThan(30); // seeded catalogue + the learner's work
    expect(Object.keys(run.json.byAggregate)).toEqual(expect.arrayContaining(['identity account', 'ledger achievement', 'ledger evidence', 'catalogue entry', 'framework level']));
    expect(run.stderr).toMatch(/verify: \d+\/\d+ events \(100%\)/); // plain progress lines off a terminal
  });

  it('names exactly the event whose stored bytes were altered (one byte)', async () => {
    const dir = copyOfData();
    try {
      const db = new Database(join(dir, 'events.sqlite'));
      const row = db.prepare("SELECT position, stream_id, revision, data FROM events WHERE stream_id = ? AND type = 'AchievementAmended'").get(`ledger.achievement-${keptAchievement}`) as any;
      const data = Buffer.from(row.data, 'utf8');
      const at = data.indexOf(Buffer.from('已核对', 'utf8'));
      expect(at).toBeGreaterThan(0);
      data[at + 2] ^= 0x01; // one byte of the UTF-8 of 已: still valid JSON, another character
      db.prepare('UPDATE events SET data = ? WHERE position = ?').run(data.toString('utf8'), row.position);
      db.close();
      const run = await audit(dir, 'verify', '--json');
      expect(run.code).toBe(1);
      expect(run.json.breaks).toEqual([expect.objectContaining({ kind: 'hash-mismatch', streamId: row.stream_id, revision: row.revision, position: row.position })]);
      const text = await audit(dir, 'verify');
      expect(text.stdout).toContain(`hash-mismatch at ${row.stream_id} revision ${row.revision} (position ${row.position})`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a deleted event as a gap in its stream and in the positions', async () => {
    const dir = copyOfData();
    try {
      const db = new Database(join(dir, 'events.sqlite'));
      const row = db.prepare("SELECT position, stream_id, revision FROM events WHERE stream_id = ? AND revision = 1").get(`ledger.achievement-${keptAchievement}`) as any;
      db.prepare('DELETE FROM events WHERE position = ?').run(row.position);
      db.close();
      const run = await audit(dir, 'verify', '--json');
      expect(run.code).toBe(1);
      const kinds = run.json.breaks.map((b: any) => `${b.kind}:${b.streamId ?? ''}:${b.expected}:${b.actual}`);
      expect(kinds).toEqual([`revision-gap:${row.stream_id}:1:2`, `position-gap::${row.position}:${row.position + 1}`]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports an event the domain would never have decided, even with a valid hash', async () => {
    const dir = copyOfData();
    try {
      // Append, with a correct hash, an amendment after the withdrawal of the second achievement.
      const store = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
      const streamId = `ledger.achievement-${withdrawnAchievement}`;
      const events = await store.readStream(streamId);
      const last = events[events.length - 1];
      expect(last.type).toBe('AchievementWithdrawn');
      const metadata = { ...last.metadata, eventId: 'forged', hash: undefined as unknown as string };
      delete (metadata as Record<string, unknown>).hash;
      const forged = { type: 'AchievementAmended', data: { achievementId: withdrawnAchievement, changes: { description: 'x' }, amendedAt: last.metadata.occurredAt }, metadata };
      const hash = eventHash(storedHash(last) ?? GENESIS_HASH, { streamId, revision: last.revision + 1, ...forged });
      await store.append(streamId, [{ ...forged, metadata: { ...metadata, hash } }], { expectedRevision: last.revision });
      await store.close();
      const run = await audit(dir, 'verify', '--json');
      expect(run.code).toBe(1);
      expect(run.json.breaks).toEqual([expect.objectContaining({ kind: 'illegal-event', streamId, revision: last.revision + 1, actual: 'withdrawn' })]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives the same findings with memory for only two streams (forgotten streams are read back)', async () => {
    const source = new SqliteHistorySource(join(dataDir, 'events.sqlite'));
    try {
      const full = await verifyHistory(source, silentProgress);
      const bounded = await verifyHistory(source, silentProgress, { maxStreams: 2 });
      expect(bounded).toMatchObject({ ok: true, events: full.events, streams: full.streams, byAggregate: full.byAggregate });
      expect(bounded.reloadedStreams).toBeGreaterThan(0);
      expect(full.reloadedStreams).toBe(0);
    } finally {
      await source.close();
    }
    const dir = copyOfData();
    try {
      const db = new Database(join(dir, 'events.sqlite'));
      const row = db.prepare("SELECT position, stream_id, revision FROM events WHERE stream_id = ? AND type = 'RecognitionRequested'").get(`ledger.achievement-${keptAchievement}`) as any;
      db.prepare("UPDATE events SET data = replace(data, 'NCRE', 'NCRF') WHERE position = ?").run(row.position);
      db.prepare("UPDATE events SET data = json_set(data, '$.responsibleInstitution', 'elsewhere') WHERE position = ?").run(row.position);
      db.close();
      const damaged = new SqliteHistorySource(join(dir, 'events.sqlite'));
      const report = await verifyHistory(damaged, silentProgress, { maxStreams: 2 });
      await damaged.close();
      expect(report.breaks).toEqual([expect.objectContaining({ kind: 'hash-mismatch', streamId: row.stream_id, revision: row.revision })]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives the same findings through the event-store port (how EventStoreDB is read), damage included', async () => {
    const dir = copyOfData();
    try {
      const db = new Database(join(dir, 'events.sqlite'));
      const row = db.prepare("SELECT position, stream_id, revision FROM events WHERE stream_id = ? AND type = 'AchievementStored'").get(`ledger.achievement-${keptAchievement}`) as any;
      db.prepare("UPDATE events SET data = json_set(data, '$.certificateNumber', 'FORGED') WHERE position = ?").run(row.position);
      db.close();
      const direct = new SqliteHistorySource(join(dir, 'events.sqlite'));
      const viaPort = new PortHistorySource(new SqliteEventStore({ filename: join(dir, 'events.sqlite') }), 'port', 7);
      const a = await verifyHistory(direct, silentProgress);
      const b = await verifyHistory(viaPort, silentProgress);
      await direct.close();
      await viaPort.close();
      expect(b.breaks).toEqual([expect.objectContaining({ kind: 'hash-mismatch', streamId: row.stream_id, revision: row.revision })]);
      expect(b.breaks).toEqual(a.breaks.filter((x) => x.kind !== 'position-gap'));
      expect({ events: b.events, streams: b.streams }).toEqual({ events: a.events, streams: a.streams });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a row whose JSON no longer parses', async () => {
    const dir = copyOfData();
    try {
      const db = new Database(join(dir, 'events.sqlite'));
      const row = db.prepare('SELECT position, data FROM events ORDER BY position DESC LIMIT 1').get() as any;
      db.prepare('UPDATE events SET data = ? WHERE position = ?').run(`${row.data.slice(0, -1)}`, row.position);
      db.close();
      const run = await audit(dir, 'verify', '--json');
      expect(run.code).toBe(1);
      expect(run.json.breaks).toEqual([expect.objectContaining({ kind: 'unreadable', position: row.position })]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('audit export / import', () => {
  it('round-trips the history: same events, same positions, same chains, verify passes', async () => {
    const work = mkdtempSync(join(tmpdir(), 'credit-bank-export-'));
    try {
      const file = join(work, 'history.jsonl');
      const exported = await audit(dataDir, 'export', '--to', file, '--json');
      expect(exported.code).toBe(0);
      const lines = readFileSync(file, 'utf8').trim().split('\n');
      expect(lines).toHaveLength(exported.json.exported);
      expect(JSON.parse(lines[0])).toMatchObject({ position: 1, revision: 0, metadata: { hash: expect.stringMatching(/^[0-9a-f]{64}$/) } });

      const target = join(work, 'imported');
      const imported = await audit(target, 'import', '--from', file, '--json');
      expect(imported.code).toBe(0);
      expect(imported.json).toMatchObject({ imported: lines.length, renumbered: 0, unhashed: 0 });
      expect((await audit(target, 'verify', '--json')).json).toMatchObject({ ok: true, events: lines.length });

      const rows = (dir: string) => {
        const db = new Database(join(dir, 'events.sqlite'), { readonly: true });
        const all = db.prepare('SELECT position, stream_id, revision, type, data, metadata FROM events ORDER BY position').all();
        db.close();
        return all;
      };
      expect(rows(target)).toEqual(rows(dataDir));

      // Importing again into the now non-empty store is refused and changes nothing.
      const again = await audit(target, 'import', '--from', file);
      expect(again.code).toBe(2);
      expect(again.stderr).toMatch(/not empty/);
      expect(rows(target)).toHaveLength(lines.length);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });

  it('resumes an interrupted export, including a torn last line, to the same file', async () => {
    const work = mkdtempSync(join(tmpdir(), 'credit-bank-export-'));
    try {
      const full = join(work, 'full.jsonl');
      await audit(dataDir, 'export', '--to', full);
      const complete = readFileSync(full, 'utf8');
      const lines = complete.split('\n');
      const partial = join(work, 'partial.jsonl');
      writeFileSync(partial, `${lines.slice(0, 10).join('\n')}\n${lines[10].slice(0, 25)}`);
      const resumed = await audit(dataDir, 'export', '--to', partial, '--json');
      expect(resumed.code).toBe(0);
      expect(resumed.json).toMatchObject({ resumedAfter: 10 });
      expect(readFileSync(partial, 'utf8')).toBe(complete);
      // A range: from a position onwards.
      const tail = join(work, 'tail.jsonl');
      await audit(dataDir, 'export', '--to', tail, '--from', '5');
      expect(readFileSync(tail, 'utf8')).toBe(lines.slice(4).join('\n'));
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});

describe('audit rebuild --compare', () => {
  it('finds no difference between the live read models and a rebuild', async () => {
    const run = await audit(dataDir, 'rebuild', '--compare', '--json');
    expect(run.json?.differences).toEqual([]);
    expect(run.code).toBe(0);
    expect(run.json.collections).toMatchObject({ identity_accounts_v2: 1, ledger_achievements_v2: 1, ledger_learners: 1 });
  });

  it('names a live document that no longer matches the history', async () => {
    const dir = copyOfData();
    try {
      const db = new Database(join(dir, 'read-models.sqlite'));
      const table = (db.prepare("SELECT table_name FROM read_collections WHERE name = 'ledger_achievements_v2'").get() as any).table_name;
      const doc = JSON.parse((db.prepare(`SELECT doc FROM ${table} WHERE id = ?`).get(keptAchievement) as any).doc);
      db.prepare(`UPDATE ${table} SET doc = ? WHERE id = ?`).run(JSON.stringify({ ...doc, description: 'changed behind the events' }), keptAchievement);
      db.close();
      const run = await audit(dir, 'rebuild', '--compare', '--json');
      expect(run.code).toBe(1);
      expect(run.json.differences).toEqual([
        { collection: 'ledger_achievements_v2', id: keptAchievement, kind: 'different-document', fields: ['description'], live: { description: 'changed behind the events' }, rebuilt: { description: '证书（已核对）' } },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('audit replay and statement --as-of', () => {
  it('rebuilds the read models as they stood at a past moment, into a separate database', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'credit-bank-replay-')), 'as-of.sqlite');
    try {
      const before = await audit(dataDir, 'replay', '--as-of', beforeWithdrawal, '--out', out, '--json');
      expect(before.code).toBe(0);
      expect(before.json.collections).toMatchObject({ ledger_achievements_v2: 2, identity_accounts_v2: 1 });
      const early = await audit(dataDir, 'replay', '--as-of', afterRegistration, '--json');
      expect(early.json.collections.ledger_achievements_v2 ?? 0).toBe(0);
      expect(early.json.collections.identity_accounts_v2).toBe(1);
      const refused = await audit(dataDir, 'replay', '--as-of', beforeWithdrawal, '--out', join(dataDir, 'read-models.sqlite'));
      expect(refused.code).toBe(64);
      expect(refused.stderr).toMatch(/live read-model database/);
    } finally {
      rmSync(join(out, '..'), { recursive: true, force: true });
    }
  });

  it('gives one learner’s statement as of a moment', async () => {
    const then = await audit(dataDir, 'statement', 'wang_wu_audit', '--as-of', beforeWithdrawal, '--json');
    expect(then.code).toBe(0);
    expect(then.json.learner).toMatchObject({ accountId: learnerId, username: 'wang_wu_audit', name: '王五' });
    expect(then.json.achievements.map((a: any) => [a.achievementId, a.recognition])).toEqual([
      [keptAchievement, expect.any(String)],
      [withdrawnAchievement, expect.any(String)],
    ]);
    const now = await audit(dataDir, 'statement', learnerId, '--as-of', new Date().toISOString(), '--json');
    expect(now.json.achievements.map((a: any) => a.achievementId)).toEqual([keptAchievement]);
    expect((await audit(dataDir, 'statement', 'nobody', '--as-of', new Date().toISOString())).code).toBe(1);
  });

  it('refuses bad input with a usage error', async () => {
    expect((await audit(dataDir, 'replay')).code).toBe(64);
    expect((await audit(dataDir, 'replay', '--as-of', 'yesterday-ish')).stderr).toMatch(/not a date/);
    expect((await audit(dataDir, 'frobnicate')).code).toBe(64);
    expect((await audit(join(dataDir, 'nowhere'), 'verify')).stderr).toMatch(/No event store/);
  });
});
