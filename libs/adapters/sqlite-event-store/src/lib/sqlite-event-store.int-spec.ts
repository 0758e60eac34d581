import { ConcurrencyError, RecordedEvent } from '@credit-bank/kernel';
import { eventStoreContract, newTestEvent, newTestEvents } from '@credit-bank/testing';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, SqliteEventStoreOptions } from './sqlite-event-store';

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'credit-bank-sqlite-es-'));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitUntil(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await delay(5);
  }
}

eventStoreContract('SqliteEventStore (file, synchronous=FULL)', async () => {
  const dir = await tempDir();
  const store = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
  return {
    store,
    async cleanup() {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});

eventStoreContract('SqliteEventStore (:memory:)', async () => {
  const store = new SqliteEventStore({ filename: ':memory:', synchronous: 'NORMAL' });
  return { store, cleanup: () => store.close() };
});

describe('SqliteEventStore (adapter specifics)', () => {
  let dir: string;
  let file: string;
  const opened: SqliteEventStore[] = [];

  const open = (options: Partial<SqliteEventStoreOptions> = {}): SqliteEventStore => {
    const store = new SqliteEventStore({ filename: file, ...options });
    opened.push(store);
    return store;
  };

  beforeEach(async () => {
    dir = await tempDir();
    file = join(dir, 'events.sqlite');
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
    await rm(dir, { recursive: true, force: true });
  });

  describe('file format', () => {
    it('stores events in the `events` table with the documented columns, JSON text, in WAL mode', async () => {
      const store = open();
      const event = newTestEvent('AchievementStored', { name: '全国计算机等级考试', score: 92.5 });
      await store.append('ledger.achievement-1', [event], { expectedRevision: 'no_stream' });
      await store.close();

      const raw = new Database(file, { readonly: true });
      try {
        const columns = raw.prepare<[], { name: string; type: string; notnull: number; pk: number }>("SELECT name, type, \"notnull\", pk FROM pragma_table_info('events')").all();
        expect(columns.map((c) => [c.name, c.type, c.notnull, c.pk])).toEqual([
          ['position', 'INTEGER', 0, 1],
          ['stream_id', 'TEXT', 1, 0],
          ['revision', 'INTEGER', 1, 0],
          ['type', 'TEXT', 1, 0],
          ['data', 'TEXT', 1, 0],
          ['metadata', 'TEXT', 1, 0],
        ]);
        expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
        const row = raw.prepare<[], { position: number; stream_id: string; revision: number; type: string; data: string; metadata: string }>('SELECT * FROM events').get();
        expect(row).toMatchObject({ position: 1, stream_id: 'ledger.achievement-1', revision: 0, type: 'AchievementStored' });
        expect(JSON.parse(row?.data ?? '')).toEqual(event.data);
        expect(JSON.parse(row?.metadata ?? '')).toEqual(event.metadata);
      } finally {
        raw.close();
      }
    });

    it('refuses invalid options and inputs', async () => {
      expect(() => new SqliteEventStore({ filename: file, synchronous: 'OFF' as 'FULL' })).toThrow(/synchronous/);
      expect(() => new SqliteEventStore({ filename: file, pollIntervalMs: 0 })).toThrow(/pollIntervalMs/);
      const store = open();
      await expect(store.append('s-1', [newTestEvent('A')], { expectedRevision: -2 })).rejects.toThrow(TypeError);
      await expect(store.append('s-1', [newTestEvent('A')], { expectedRevision: 1.5 })).rejects.toThrow(TypeError);
      await expect(store.append('', [newTestEvent('A')], { expectedRevision: 'any' })).rejects.toThrow(TypeError);
      await expect(store.append('s-1', [{ ...newTestEvent('A'), type: '' }], { expectedRevision: 'any' })).rejects.toThrow(TypeError);
      expect(() => store.subscribeToAll({ after: -1, handler: async () => undefined })).toThrow(TypeError);
      expect(await store.headPosition()).toBe(0);
    });
  });

  describe('durability', () => {
    it('keeps every appended event across close and reopen, and continues positions and revisions', async () => {
      const first = open();
      await first.append('s-1', newTestEvents(3), { expectedRevision: 'no_stream' });
      await first.append('s-2', newTestEvents(2), { expectedRevision: 'no_stream' });
      const before = await first.readAll();
      await first.close();

      const second = open();
      expect(await second.readAll()).toEqual(before);
      expect(await second.headPosition()).toBe(5);
      await expect(second.append('s-1', [newTestEvent('Again')], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(ConcurrencyError);
      expect(await second.append('s-1', [newTestEvent('Next')], { expectedRevision: 2 })).toEqual({ nextRevision: 3, position: 6 });
    });

    it('close() commits appends still queued, then refuses new ones', async () => {
      const store = open();
      const pending = store.append('s-1', [newTestEvent('Queued')], { expectedRevision: 'no_stream' });
      await store.close();
      await expect(pending).resolves.toEqual({ nextRevision: 0, position: 1 });
      await expect(store.append('s-1', [newTestEvent('Late')], { expectedRevision: 0 })).rejects.toThrow(/closed/);
      await store.close(); // idempotent

      const reopened = open();
      expect((await reopened.readStream('s-1')).map((e) => e.type)).toEqual(['Queued']);
    });
  });

  describe('two instances on one file', () => {
    it('a subscription of a second instance sees the first instance’s appends by polling', async () => {
      const writer = open();
      const reader = open({ pollIntervalMs: 20 });
      await writer.append('s-1', newTestEvents(2), { expectedRevision: 'no_stream' });
      const seen: RecordedEvent[] = [];
      const subscription = reader.subscribeToAll({ after: 0, handler: async (batch) => void seen.push(...batch) });

      await waitUntil(() => seen.length === 2);
      await writer.append('s-2', [newTestEvent('Live')], { expectedRevision: 'no_stream' });
      await waitUntil(() => seen.length === 3);

      expect(seen.map((e) => [e.streamId, e.type, e.position])).toEqual([
        ['s-1', 'Thing0', 1],
        ['s-1', 'Thing1', 2],
        ['s-2', 'Live', 3],
      ]);
      expect(subscription.position).toBe(3);
      await subscription.stop();
    });

    it('checks expected revisions against the other instance’s writes', async () => {
      const a = open();
      const b = open();
      await a.append('s-1', [newTestEvent('Created')], { expectedRevision: 'no_stream' });
      const results = await Promise.allSettled([
        a.append('s-1', [newTestEvent('FromA')], { expectedRevision: 0 }),
        b.append('s-1', [newTestEvent('FromB')], { expectedRevision: 0 }),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason)).toEqual([expect.any(ConcurrencyError)]);
      expect((await b.readStream('s-1')).map((e) => e.revision)).toEqual([0, 1]);
      await b.append('s-2', [newTestEvent('B')], { expectedRevision: 'no_stream' });
      expect((await a.readAll()).map((e) => e.position)).toEqual([1, 2, 3]);
    });
  });

  describe('group commit', () => {
    it('commits 100 concurrent appends in far fewer than 100 transactions', async () => {
      const store = open();
      const before = store.stats.transactions;
      const results = await Promise.all(
        Array.from({ length: 100 }, (_, i) => store.append(`s-${randomUUID()}`, [newTestEvent('Many', { i })], { expectedRevision: 'no_stream' })),
      );
      const transactions = store.stats.transactions - before;
      expect(transactions).toBeGreaterThanOrEqual(1);
      expect(transactions).toBeLessThanOrEqual(5);
      expect(results.map((r) => r.position).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
      expect(store.stats).toMatchObject({ appends: 100, events: 100 });
    });

    it('splits a large burst at maxBatchSize', async () => {
      const store = open({ maxBatchSize: 50 });
      await Promise.all(Array.from({ length: 200 }, (_, i) => store.append(`s-${i}`, [newTestEvent('Burst')], { expectedRevision: 'any' })));
      expect(store.stats.transactions).toBe(4);
      expect(await store.headPosition()).toBe(200);
    });

    it('gives a lone append its own transaction, without waiting for company', async () => {
      const store = open();
      for (let i = 0; i < 10; i++) await store.append('s-1', [newTestEvent(`E${i}`)], { expectedRevision: i - 1 });
      expect(store.stats.transactions).toBe(10);
      expect((await store.readStream('s-1')).map((e) => e.revision)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });

    it('checks each append of a batch against the earlier appends to the same stream in that batch', async () => {
      const store = open();
      const results = await Promise.allSettled([
        store.append('s-1', [newTestEvent('E0')], { expectedRevision: 'no_stream' }),
        store.append('s-1', [newTestEvent('E1'), newTestEvent('E2')], { expectedRevision: 0 }),
        store.append('s-1', [newTestEvent('Stale')], { expectedRevision: 0 }),
        store.append('s-1', [newTestEvent('E3')], { expectedRevision: 2 }),
        store.append('s-1', [newTestEvent('NotNew')], { expectedRevision: 'no_stream' }),
        store.append('s-1', [newTestEvent('E4')], { expectedRevision: 'stream_exists' }),
      ]);
      expect(store.stats.transactions).toBe(1);
      expect(results.map((r) => (r.status === 'fulfilled' ? r.value.nextRevision : 'refused'))).toEqual([0, 2, 'refused', 3, 'refused', 4]);
      expect((await store.readStream('s-1')).map((e) => e.type)).toEqual(['E0', 'E1', 'E2', 'E3', 'E4']);
      expect((await store.readAll()).map((e) => e.position)).toEqual([1, 2, 3, 4, 5]);
    });

    it('wakes its own subscriptions at once, without waiting for the poll interval', async () => {
      const store = open({ pollIntervalMs: 60_000 });
      const seen: RecordedEvent[] = [];
      const subscription = store.subscribeToAll({ after: 0, handler: async (batch) => void seen.push(...batch) });
      await delay(20); // caught up and idle
      const started = Date.now();
      await store.append('s-1', [newTestEvent('Live')], { expectedRevision: 'no_stream' });
      await waitUntil(() => seen.length === 1, 2000);
      expect(Date.now() - started).toBeLessThan(1000);
      await subscription.stop();
    });
  });

  describe('empty appends', () => {
    it('write nothing, still check the expected revision, and return the stream’s current state', async () => {
      const store = open();
      expect(await store.append('s-1', [], { expectedRevision: 'no_stream' })).toEqual({ nextRevision: -1, position: 0 });
      await expect(store.append('s-1', [], { expectedRevision: 'stream_exists' })).rejects.toBeInstanceOf(ConcurrencyError);
      await store.append('s-2', [newTestEvent('Other')], { expectedRevision: 'no_stream' });
      await store.append('s-1', newTestEvents(2), { expectedRevision: 'no_stream' });
      await store.append('s-2', [newTestEvent('Other')], { expectedRevision: 0 });
      expect(await store.append('s-1', [], { expectedRevision: 1 })).toEqual({ nextRevision: 1, position: 3 });
      expect(await store.append('s-1', [], { expectedRevision: 'any' })).toEqual({ nextRevision: 1, position: 3 });
      await expect(store.append('s-1', [], { expectedRevision: 0 })).rejects.toBeInstanceOf(ConcurrencyError);
      expect(await store.headPosition()).toBe(4);
    });
  });
});
