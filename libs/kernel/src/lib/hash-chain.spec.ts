import { SqliteEventStore } from '@credit-bank/sqlite-event-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConcurrencyError } from './errors';
import { EventMetadata, NewEvent } from './events';
import { canonicalJson, chainEvents, eventHash, GENESIS_HASH, HashChainingEventStore, storedHash } from './hash-chain';

const meta = (eventId: string): EventMetadata => ({
  eventId,
  schemaVersion: 1,
  correlationId: 'c',
  causationId: 'c',
  actor: 'system',
  occurredAt: '2026-01-02T03:04:05.000Z',
});

describe('canonical JSON (RFC 8785)', () => {
  it('sorts members at every depth, keeps array order, drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined }, 学: '分' })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1,"学":"分"}');
  });
});

describe('hash chain', () => {
  // Vectors computed independently (Python: json.dumps(sort_keys=True, separators=(',', ':'),
  // ensure_ascii=False) + hashlib.sha256), so the documented encoding is checked, not restated.
  it('matches independently computed vectors', () => {
    const data = { zeta: 1, alpha: { b: [1, 2.5, '学分'], a: null }, name: '张三' };
    const h1 = eventHash(GENESIS_HASH, { streamId: 'ledger.achievement-1', revision: 0, type: 'AchievementStored', data, metadata: { ...meta('e-1') } });
    expect(h1).toBe('d579bc234ef2be48137fcae590fb52d0a5f155ff3923774fddae7b20551c308c');
    const h2 = eventHash(h1, { streamId: 'ledger.achievement-1', revision: 1, type: 'AchievementWithdrawn', data: { x: true }, metadata: { ...meta('e-2'), hash: 'ignored' } });
    expect(h2).toBe('1c9808f0ca2e21321a13b0a7c29f0943383542e7995f12b735d8c6b2d23cc428');
  });

  it('changes when any covered part changes', () => {
    const base = { streamId: 's-1', revision: 0, type: 'T', data: { a: 1 }, metadata: { ...meta('e') } };
    const h = eventHash(GENESIS_HASH, base);
    expect(eventHash('1'.repeat(64), base)).not.toBe(h);
    expect(eventHash(GENESIS_HASH, { ...base, streamId: 's-2' })).not.toBe(h);
    expect(eventHash(GENESIS_HASH, { ...base, revision: 1 })).not.toBe(h);
    expect(eventHash(GENESIS_HASH, { ...base, type: 'U' })).not.toBe(h);
    expect(eventHash(GENESIS_HASH, { ...base, data: { a: 2 } })).not.toBe(h);
    expect(eventHash(GENESIS_HASH, { ...base, metadata: { ...meta('e'), actor: 'someone' } })).not.toBe(h);
  });

  it('chains a batch from a predecessor', () => {
    const events: NewEvent[] = [
      { type: 'A', data: { n: 1 }, metadata: meta('1') },
      { type: 'B', data: { n: 2 }, metadata: meta('2') },
    ];
    const chained = chainEvents('s', 5, 'f'.repeat(64), events);
    const first = storedHash(chained[0]) as string;
    expect(first).toBe(eventHash('f'.repeat(64), { streamId: 's', revision: 5, type: 'A', data: { n: 1 }, metadata: { ...meta('1') } }));
    expect(storedHash(chained[1])).toBe(eventHash(first, { streamId: 's', revision: 6, type: 'B', data: { n: 2 }, metadata: { ...meta('2') } }));
    expect(events[0].metadata.hash).toBeUndefined(); // inputs untouched
  });
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
