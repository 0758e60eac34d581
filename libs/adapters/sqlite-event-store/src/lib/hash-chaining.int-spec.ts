import { ConcurrencyError, EventMetadata, eventHash, GENESIS_HASH, HashChainingEventStore, storedHash } from '@credit-bank/kernel';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from './sqlite-event-store';

const meta = (eventId: string): EventMetadata => ({
  eventId,
  schemaVersion: 1,
  correlationId: 'c',
  causationId: 'c',
  actor: 'system',
  occurredAt: '2026-01-02T03:04:05.000Z',
});

describe('HashChainingEventStore over a real SQLite store', () => {
  let dir: string;
  let inner: SqliteEventStore;
  let store: HashChainingEventStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'credit-bank-chain-'));
    inner = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    store = new HashChainingEventStore(inner);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function expectValidChain(streamId: string): Promise<void> {
    let prev = GENESIS_HASH;
    for (const event of await inner.readStream(streamId)) {
      const hash = storedHash(event);
      expect(hash).toBe(eventHash(prev, event));
      prev = hash as string;
    }
  }

  it('chains appends with every kind of expected revision, with and without a warm cache', async () => {
    await store.append('s-1', [{ type: 'A', data: { i: 0 }, metadata: meta('a') }], { expectedRevision: 'no_stream' });
    await store.append('s-1', [{ type: 'B', data: { i: 1 }, metadata: meta('b') }, { type: 'C', data: { i: 2 }, metadata: meta('c') }], { expectedRevision: 0 });
    await store.append('s-1', [{ type: 'D', data: {}, metadata: meta('d') }], { expectedRevision: 'any' });
    await store.append('s-1', [{ type: 'E', data: {}, metadata: meta('e') }], { expectedRevision: 'stream_exists' });
    // A fresh decorator has a cold cache and reads the predecessor from the store.
    const cold = new HashChainingEventStore(inner);
    await cold.append('s-1', [{ type: 'F', data: {}, metadata: meta('f') }], { expectedRevision: 4 });
    await cold.append('s-2', [{ type: 'A', data: {}, metadata: meta('g') }], { expectedRevision: 'any' });
    expect((await inner.readStream('s-1')).map((e) => e.revision)).toEqual([0, 1, 2, 3, 4, 5]);
    await expectValidChain('s-1');
    await expectValidChain('s-2');
  });

  it('still refuses a stale expected revision with a ConcurrencyError', async () => {
    await store.append('s-1', [{ type: 'A', data: {}, metadata: meta('a') }], { expectedRevision: 'no_stream' });
    await store.append('s-1', [{ type: 'B', data: {}, metadata: meta('b') }], { expectedRevision: 0 });
    await expect(store.append('s-1', [{ type: 'C', data: {}, metadata: meta('c') }], { expectedRevision: 0 })).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(store.append('s-1', [{ type: 'C', data: {}, metadata: meta('c') }], { expectedRevision: 7 })).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(store.append('s-1', [{ type: 'C', data: {}, metadata: meta('c') }], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(store.append('s-9', [{ type: 'C', data: {}, metadata: meta('c') }], { expectedRevision: 'stream_exists' })).rejects.toBeInstanceOf(ConcurrencyError);
    await expectValidChain('s-1');
  });

  it('keeps one chain when concurrent writers race on the same stream', async () => {
    await store.append('s-1', [{ type: 'A', data: {}, metadata: meta('a') }], { expectedRevision: 'no_stream' });
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.append('s-1', [{ type: 'N', data: { i }, metadata: meta(`n${i}`) }], { expectedRevision: 'any' })));
    expect(await inner.readStream('s-1')).toHaveLength(21);
    await expectValidChain('s-1');
  });

  it('the wrapped store is the one wrap() returns again', () => {
    expect(HashChainingEventStore.wrap(store)).toBe(store);
    expect(HashChainingEventStore.wrap(inner)).toBeInstanceOf(HashChainingEventStore);
  });
});
