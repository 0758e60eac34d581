import { readStoreContract } from '@credit-bank/testing';
import Database from 'better-sqlite3';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteReadStore } from './sqlite-read-store';

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'credit-bank-sqlite-rs-'));
}

readStoreContract('SqliteReadStore (file, WAL, synchronous=NORMAL)', async () => {
  const dir = await tempDir();
  const filename = join(dir, 'read-models.sqlite');
  const opened: SqliteReadStore[] = [new SqliteReadStore({ filename })];
  return {
    store: opened[0],
    async reopen() {
      await opened[opened.length - 1].close();
      const store = new SqliteReadStore({ filename });
      opened.push(store);
      return store;
    },
    async cleanup() {
      for (const store of opened) await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

readStoreContract('SqliteReadStore (file, synchronous=FULL)', async () => {
  const dir = await tempDir();
  const store = new SqliteReadStore({ filename: join(dir, 'read-models.sqlite'), synchronous: 'FULL' });
  return {
    store,
    async cleanup() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

readStoreContract('SqliteReadStore (:memory:)', async () => {
  const store = new SqliteReadStore({ filename: ':memory:' });
  return { store, cleanup: () => store.close() };
});

describe('SqliteReadStore specifics', () => {
  let dir: string;
  let filename: string;
  let store: SqliteReadStore;

  beforeEach(async () => {
    dir = await tempDir();
    filename = join(dir, 'read-models.sqlite');
    store = new SqliteReadStore({ filename });
  });

  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  function inspect<T>(query: (db: Database.Database) => T): T {
    const db = new Database(filename, { readonly: true });
    try {
      return query(db);
    } finally {
      db.close();
    }
  }

  it('runs in WAL mode with synchronous=NORMAL by default', () => {
    const db = (store as unknown as { db: Database.Database }).db;
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    // 1 = NORMAL, 2 = FULL
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
  });

  it('purgeReplaced leaves a replaced or deleted document nowhere in the files (secure_delete, truncated log)', async () => {
    const people = store.collection<{ name: string | null; note: string }>('people');
    await people.write([
      { kind: 'upsert', id: 'p-1', doc: { name: '赵六-13700000101', note: 'x'.repeat(2000) }, position: 1 },
      { kind: 'upsert', id: 'p-2', doc: { name: '钱七-13700000102', note: 'y'.repeat(2000) }, position: 2 },
    ]);
    await store.purgeReplaced(); // both now in the main file
    await people.write([
      { kind: 'upsert', id: 'p-1', doc: { name: null, note: 'erased' }, position: 3 },
      { kind: 'delete', id: 'p-2', position: 4 },
    ]);
    const files = () => readdirSync(dir).filter((f) => f.startsWith('read-models.sqlite'));
    const found = () => files().filter((f) => ['赵六-13700000101', '钱七-13700000102'].some((v) => readFileSync(join(dir, f)).includes(Buffer.from(v))));
    expect(found().length).toBeGreaterThan(0); // the log still holds the old pages
    await store.purgeReplaced();
    expect(found()).toEqual([]);
    expect(await people.get('p-1')).toMatchObject({ name: null, note: 'erased' });
    expect((store as unknown as { db: Database.Database }).db.pragma('secure_delete', { simple: true })).toBe(1);
  });

  it('honours synchronous=FULL', async () => {
    const full = new SqliteReadStore({ filename: join(dir, 'full.sqlite'), synchronous: 'FULL' });
    try {
      expect((full as unknown as { db: Database.Database }).db.pragma('synchronous', { simple: true })).toBe(2);
    } finally {
      await full.close();
    }
  });

  it('creates one table per collection, lazily, with sanitized names that never collide', async () => {
    expect(store.tableFor('ledger.achievements')).toBe('rm_ledger_achievements');
    store.collection('Catalog-Courses');
    expect(store.tableFor('catalog_courses')).toBe('rm_catalog_courses_2');
    expect(store.tableFor('Catalog-Courses')).toBe('rm_catalog_courses');
    expect(store.tableFor('"; DROP TABLE checkpoints; --')).toMatch(/^rm_[a-z0-9_]+$/);
    const tables = inspect((db) => (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((r) => r.name));
    expect(tables).toEqual(expect.arrayContaining(['checkpoints', 'read_collections', 'rm_catalog_courses', 'rm_catalog_courses_2', 'rm_ledger_achievements']));
    for (const table of tables) expect(table).toMatch(/^[a-z0-9_]+$/);
  });

  it('keeps the table mapping across restarts', async () => {
    store.collection('b_a');
    await store.collection('b-a').write([{ kind: 'upsert', id: '1', position: 1, doc: { v: 'dash' } }]);
    await store.close();
    store = new SqliteReadStore({ filename });
    // Opened in the other order: each name still finds its own table.
    expect(await store.collection<{ v: string }>('b-a').get('1')).toMatchObject({ v: 'dash' });
    expect(await store.collection('b_a').get('1')).toBeUndefined();
  });

  it('stores id TEXT PK, position, deleted, doc JSON without id and _position', async () => {
    const c = store.collection<{ title: string; id?: string; _position?: number }>('rows');
    await c.write([
      { kind: 'upsert', id: 'a', position: 4, doc: { title: 'A', id: 'ignored', _position: 99 } },
      { kind: 'upsert', id: 'b', position: 5, doc: { title: 'B' } },
      { kind: 'delete', id: 'b', position: 6 },
    ]);
    const rows = inspect((db) => db.prepare('SELECT id, position, deleted, doc FROM rm_rows ORDER BY id').all());
    expect(rows).toEqual([
      { id: 'a', position: 4, deleted: 0, doc: '{"title":"A"}' },
      { id: 'b', position: 6, deleted: 1, doc: null },
    ]);
    expect(await c.get('a')).toEqual({ id: 'a', _position: 4, title: 'A' });
  });

  it('writes nothing of a batch when one write is malformed', async () => {
    const c = store.collection<{ n: number }>('atomic');
    await expect(
      c.write([
        { kind: 'upsert', id: 'ok', position: 1, doc: { n: 1 } },
        { kind: 'upsert', id: 'bad', position: Number.NaN, doc: { n: 2 } },
      ]),
    ).rejects.toThrow(/finite position/);
    expect(await c.count()).toBe(0);
  });

  it('writes a large batch in one transaction', async () => {
    const c = store.collection<{ n: number }>('bulk');
    const ops = Array.from({ length: 5000 }, (_, n) => ({ kind: 'upsert' as const, id: `d${n}`, position: n + 1, doc: { n } }));
    expect(await c.write(ops)).toBe(5000);
    expect(await c.write(ops)).toBe(0);
    expect(await c.count()).toBe(5000);
  });

  it('folds Unicode case in search, not only ASCII', async () => {
    const c = store.collection<{ name: string; tags?: string[] }>('unicode');
    await c.write([
      { kind: 'upsert', id: '1', position: 1, doc: { name: 'ÉCOLE Supérieure' } },
      { kind: 'upsert', id: '2', position: 2, doc: { name: 'Straße' } },
      { kind: 'upsert', id: '3', position: 3, doc: { name: 'other', tags: ['Ünïcode', '计算机'] } },
    ]);
    expect((await c.find({ search: { fields: ['name'], text: 'école' } })).map((d) => d.id)).toEqual(['1']);
    expect((await c.find({ search: { fields: ['name'], text: 'STRASSE' } })).map((d) => d.id)).toEqual([]);
    expect((await c.find({ search: { fields: ['name'], text: 'STRAßE' } })).map((d) => d.id)).toEqual(['2']);
    // Array fields: any string element.
    expect((await c.find({ search: { fields: ['tags'], text: 'ünï' } })).map((d) => d.id)).toEqual(['3']);
    expect((await c.find({ search: { fields: ['tags'], text: '计算' } })).map((d) => d.id)).toEqual(['3']);
    // Not the JSON text of the array.
    expect((await c.find({ search: { fields: ['tags'], text: '","' } })).map((d) => d.id)).toEqual([]);
  });

  it('refuses field names that are not plain top-level identifiers', async () => {
    const c = store.collection('fields');
    await expect(c.find({ where: { "x') OR 1=1 --": 1 } })).rejects.toThrow(/field names/);
    await expect(c.find({ sort: [['a.b', 'asc']] })).rejects.toThrow(/field names/);
    await expect(c.find({ sort: [['a', 'up' as 'asc']] })).rejects.toThrow(/direction/);
    await expect(c.find({ limit: -1 })).rejects.toThrow(/limit/);
  });

  it('creates json-field indexes that the queries use', async () => {
    const c = store.collection<{ status: string; level: number }>('indexed');
    await c.write(Array.from({ length: 50 }, (_, n) => ({ kind: 'upsert' as const, id: `d${n}`, position: n + 1, doc: { status: n % 2 ? 'open' : 'closed', level: n } })));
    const index = store.ensureIndex('indexed', ['status', 'level']);
    expect(store.ensureIndex('indexed', ['status', 'level'])).toBe(index);
    const plan = inspect((db) => db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM rm_indexed WHERE deleted = 0 AND json_extract(doc, '$.status') = ?`).all('open')) as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toContain(index);
    expect(await c.count({ where: { status: 'open' } })).toBe(25);
  });

  it('looks ids up by the primary key, whatever indexes lead with the tombstone flag', async () => {
    const c = store.collection<{ ownerId: string }>('looked_up');
    await c.write(Array.from({ length: 50 }, (_, n) => ({ kind: 'upsert' as const, id: `d${n}`, position: n + 1, doc: { ownerId: `o${n % 3}` } })));
    await c.write([{ kind: 'delete', id: 'd7', position: 100 }]);
    const index = store.ensureIndex('looked_up', ['ownerId']);
    for (const count of [1, 2, 5, 20, 200]) {
      const plan = store.lookupPlan('looked_up', count).join(' ');
      expect(plan).toMatch(/USING (INDEX sqlite_autoindex_\w+|PRIMARY KEY) \(id=\?\)/);
      expect(plan).not.toContain(index);
    }
    const byIds = store.queryPlan('looked_up', { where: { id: ['d1', 'd2', 'd3', 'd4', 'd5', 'd6'] } });
    for (const plan of [byIds.find.join(' '), byIds.count.join(' ')]) {
      expect(plan).toMatch(/USING (INDEX sqlite_autoindex_\w+|PRIMARY KEY) \(id=\?\)/);
      expect(plan).not.toContain(index);
    }
    expect((await c.find({ where: { id: ['d1', 'd2', 'd3', 'd4', 'd5', 'd7'] } })).map((d) => d.id).sort()).toEqual(['d1', 'd2', 'd3', 'd4', 'd5']);
    const found = await c.getMany(['d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'missing']);
    expect(found.map((d) => d.id).sort()).toEqual(['d1', 'd2', 'd3', 'd4', 'd5', 'd6']);
  });

  it('rejects use after close', async () => {
    const c = store.collection('closing');
    await store.close();
    await store.close();
    await expect(c.get('x')).rejects.toThrow();
    expect(() => store.collection('other')).toThrow(/closed/);
  });
});
