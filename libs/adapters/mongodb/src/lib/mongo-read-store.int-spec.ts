import { readStoreContract } from '@credit-bank/testing';
import mongoose from 'mongoose';
import { randomBytes } from 'node:crypto';
import { mongoCollectionName, MongoReadStore } from './mongo-read-store';

/**
 * Runs against the server in MONGODB_URI (FerretDB v1.24 on the dev machines, MongoDB elsewhere),
 * in a database of its own that is dropped at the end.
 */
const uri = process.env.MONGODB_URI;
const dbName = `cb_test_rs_${randomBytes(6).toString('hex')}`;

if (!uri) {
  console.warn('MongoReadStore int-spec SKIPPED: MONGODB_URI is not set (no MongoDB/FerretDB server to test against).');
}

const describeWithMongo = uri ? describe : describe.skip;

describeWithMongo('MongoReadStore against MONGODB_URI', () => {
  let admin: mongoose.Connection;

  beforeAll(async () => {
    admin = await mongoose.createConnection(uri as string, { dbName }).asPromise();
  });

  afterAll(async () => {
    await admin?.dropDatabase();
    await admin?.close();
  });

  readStoreContract('MongoReadStore ({ uri, dbName })', async () => {
    const opened: MongoReadStore[] = [new MongoReadStore({ uri: uri as string, dbName })];
    return {
      store: opened[0],
      async reopen() {
        await opened[opened.length - 1].close();
        const store = new MongoReadStore({ uri: uri as string, dbName });
        opened.push(store);
        return store;
      },
      async cleanup() {
        for (const store of opened) await store.close();
      },
    };
  });

  describe('MongoReadStore specifics', () => {
    let store: MongoReadStore;

    beforeEach(() => {
      store = new MongoReadStore({ uri: uri as string, dbName });
    });

    afterEach(async () => {
      await store.close();
    });

    function unique(prefix: string): string {
      return `${prefix}_${randomBytes(5).toString('hex')}`;
    }

    it('maps collection names to distinct valid collection names', () => {
      expect(mongoCollectionName('ledger_achievements')).toBe('rm_ledger_achievements');
      const dashed = mongoCollectionName('a-b');
      const underscored = mongoCollectionName('a_b');
      expect(dashed).not.toBe(underscored);
      expect(dashed).toMatch(/^rmx_a_b_[0-9a-f]{12}$/);
      expect(mongoCollectionName('"; db.dropDatabase() //')).toMatch(/^rmx_[A-Za-z0-9_]+$/);
      expect(mongoCollectionName('证书'.repeat(100)).length).toBeLessThanOrEqual(120);
      expect(() => mongoCollectionName('')).toThrow();
    });

    it('stores { _id, _position, _deleted, doc } and tombstones without doc, with a _position index', async () => {
      const name = unique('layout');
      const c = store.collection<{ title: string; id?: string; _position?: number; when?: Date }>(name);
      await c.write([
        { kind: 'upsert', id: 'a', position: 4, doc: { title: 'A', id: 'ignored', _position: 99, when: new Date('2024-01-02T03:04:05.000Z') } },
        { kind: 'upsert', id: 'b', position: 5, doc: { title: 'B' } },
        { kind: 'delete', id: 'b', position: 6 },
      ]);
      const raw = admin.db!.collection(mongoCollectionName(name));
      expect(await raw.find({}, { sort: { _id: 1 } }).toArray()).toEqual([
        { _id: 'a', _position: 4, _deleted: false, doc: { title: 'A', when: '2024-01-02T03:04:05.000Z' } },
        { _id: 'b', _position: 6, _deleted: true },
      ]);
      const indexes = await raw.indexes();
      expect(indexes.map((i) => i.key)).toEqual(expect.arrayContaining([{ _id: 1 }, { _position: 1 }]));
      expect(await c.get('a')).toEqual({ id: 'a', _position: 4, title: 'A', when: '2024-01-02T03:04:05.000Z' });
    });

    it('writes nothing of a batch when one write is malformed', async () => {
      const c = store.collection<Record<string, unknown>>(unique('atomic'));
      await expect(
        c.write([
          { kind: 'upsert', id: 'ok', position: 1, doc: { n: 1 } },
          { kind: 'upsert', id: 'bad', position: Number.NaN, doc: { n: 2 } },
        ]),
      ).rejects.toThrow(/finite position/);
      await expect(c.write([{ kind: 'upsert', id: 'ok', position: 1, doc: { n: 1 } }, { kind: 'upsert', id: 'dotted', position: 2, doc: { nested: { 'a.b': 1 } } }])).rejects.toThrow(/field named/);
      expect(await c.count()).toBe(0);
    });

    it('writes a large batch in bulk and skips all of it on a replay', async () => {
      const c = store.collection<{ n: number }>(unique('bulk'));
      const ops = Array.from({ length: 2000 }, (_, n) => ({ kind: 'upsert' as const, id: `d${n}`, position: n + 1, doc: { n } }));
      expect(await c.write(ops)).toBe(2000);
      expect(await c.write(ops)).toBe(0);
      expect(await c.count()).toBe(2000);
      expect(await c.count({ where: { n: [1, 2, 3, 5000] } })).toBe(3);
    });

    it('lets concurrent writers of the same new ids end with the newest position (upsert race)', async () => {
      const name = unique('race');
      const other = new MongoReadStore({ uri: uri as string, dbName });
      try {
        const a = store.collection<{ by: string }>(name);
        const b = other.collection<{ by: string }>(name);
        const ids = Array.from({ length: 50 }, (_, n) => `r${n}`);
        // Writer A holds older positions than writer B for every id; both insert at once.
        const [appliedA, appliedB] = await Promise.all([
          a.write(ids.map((id, n) => ({ kind: 'upsert' as const, id, position: 2 * n + 1, doc: { by: 'a' } }))),
          b.write(ids.map((id, n) => ({ kind: 'upsert' as const, id, position: 2 * n + 2, doc: { by: 'b' } }))),
        ]);
        expect(appliedB).toBe(50);
        expect(appliedA).toBeLessThanOrEqual(50);
        const docs = await a.find({ sort: [['_position', 'asc']] });
        expect(docs).toHaveLength(50);
        expect(docs.every((d) => d.by === 'b' && d._position % 2 === 0)).toBe(true);
      } finally {
        await other.close();
      }
    });

    it('folds Unicode case in search and matches array elements, never the JSON text', async () => {
      const c = store.collection<{ name: string; tags?: string[] }>(unique('unicode'));
      await c.write([
        { kind: 'upsert', id: '1', position: 1, doc: { name: 'ÉCOLE Supérieure' } },
        { kind: 'upsert', id: '2', position: 2, doc: { name: 'Straße (a+b)*[c]' } },
        { kind: 'upsert', id: '3', position: 3, doc: { name: 'other', tags: ['Ünïcode', '计算机'] } },
      ]);
      const ids = async (fields: string[], text: string) => (await c.find({ search: { fields, text } })).map((d) => d.id);
      expect(await ids(['name'], 'école')).toEqual(['1']);
      expect(await ids(['name'], 'STRAßE')).toEqual(['2']);
      expect(await ids(['name'], '(A+B)*[C]')).toEqual(['2']);
      expect(await ids(['name'], '.*')).toEqual([]);
      expect(await ids(['tags'], 'ünï')).toEqual(['3']);
      expect(await ids(['tags'], '计算')).toEqual(['3']);
      expect(await ids(['tags'], '","')).toEqual([]);
      expect(await ids(['id', 'name'], '3')).toEqual(['3']);
    });

    it('creates indexes on document fields, idempotently', async () => {
      const name = unique('indexed');
      const c = store.collection<{ status: string; level: number }>(name);
      await c.write(Array.from({ length: 20 }, (_, n) => ({ kind: 'upsert' as const, id: `d${n}`, position: n + 1, doc: { status: n % 2 ? 'open' : 'closed', level: n } })));
      const index = await store.ensureIndex(name, ['status', 'level']);
      expect(await store.ensureIndex(name, ['status', 'level'])).toBe(index);
      const indexes = await admin.db!.collection(mongoCollectionName(name)).indexes();
      expect(indexes.find((i) => i.name === index)?.key).toEqual({ _deleted: 1, 'doc.status': 1, 'doc.level': 1 });
      expect(await c.count({ where: { status: 'open' } })).toBe(10);
    });

    it('refuses field names that are not plain top-level identifiers, and bad paging', async () => {
      const c = store.collection(unique('fields'));
      await expect(c.find({ where: { 'x.y': 1 } })).rejects.toThrow(/field names/);
      await expect(c.find({ where: { $where: 1 } })).rejects.toThrow(/field names/);
      await expect(c.find({ sort: [['a.b', 'asc']] })).rejects.toThrow(/field names/);
      await expect(c.find({ sort: [['a', 'up' as 'asc']] })).rejects.toThrow(/direction/);
      await expect(c.find({ limit: -1 })).rejects.toThrow(/limit/);
      await expect(c.find({ where: { a: { $gt: 1 } as never } })).rejects.toThrow(/only strings/);
    });

    it('answers limit 0 with no documents (not "no limit")', async () => {
      const c = store.collection<{ n: number }>(unique('limit0'));
      await c.write([{ kind: 'upsert', id: 'a', position: 1, doc: { n: 1 } }]);
      expect(await c.find({ limit: 0 })).toEqual([]);
      expect(await c.find({ limit: 1 })).toHaveLength(1);
    });

    it('works on a borrowed mongoose connection and leaves it open on close', async () => {
      const borrowed = new MongoReadStore(admin);
      const c = borrowed.collection<{ v: number }>(unique('borrowed'));
      expect(await c.write([{ kind: 'upsert', id: 'x', position: 1, doc: { v: 1 } }])).toBe(1);
      await borrowed.close();
      expect(admin.readyState).toBe(mongoose.ConnectionStates.connected);
      expect(() => borrowed.collection('other')).toThrow(/closed/);
      await expect(c.get('x')).rejects.toThrow(/closed/);
    });

    it('reports an unreachable server on the first operation, not as an unhandled rejection', async () => {
      const unreachable = new MongoReadStore({ uri: 'mongodb://127.0.0.1:1/', dbName, connectOptions: { serverSelectionTimeoutMS: 300 } });
      try {
        await expect(unreachable.collection('x').get('a')).rejects.toThrow();
      } finally {
        await unreachable.close();
      }
    });
  });
});
