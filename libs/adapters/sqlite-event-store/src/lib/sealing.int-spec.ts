import {
  EventMetadata,
  eventHash,
  GENESIS_HASH,
  HashChainingEventStore,
  openEventData,
  RecordedEvent,
  SealingEventStore,
  SealingPolicy,
  sealEventData,
  storedHash,
  SubjectErasedError,
  SubjectKeyStore,
  UpcastingEventStore,
} from '@credit-bank/kernel';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

/** The port's behaviour in a Map (the adapters have their own contract suite against real storage). */
class MapKeyStore implements SubjectKeyStore {
  readonly keys = new Map<string, Buffer | null>();
  async keyFor(subject: string) {
    if (!this.keys.has(subject)) this.keys.set(subject, randomBytes(32));
    return this.keys.get(subject) as Buffer | null;
  }
  async find(subject: string) {
    return this.keys.get(subject);
  }
  async destroy(subject: string) {
    this.keys.set(subject, null);
  }
  async close() {}
}

const policy: SealingPolicy = {
  PersonRegistered: { subject: 'accountId', fields: ['realName', 'idNumber', 'address', 'passwordHash'] },
  PersonMoved: { subject: 'accountId', fields: ['address'] },
};

const registered = {
  accountId: 'acc-1',
  realName: '欧阳娜娜',
  idNumber: '11010519491231002X',
  address: { province: '北京市', detail: '朝阳区建国路88号' },
  passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g',
  registeredAt: '2026-01-02T03:04:05.000Z',
};

describe('sealing personal fields', () => {
  const key = randomBytes(32);

  it('replaces the personal fields by one envelope and opens them again', () => {
    const sealed = sealEventData('s-1', 'PersonRegistered', registered, policy.PersonRegistered, key);
    expect(Object.keys(sealed).sort()).toEqual(['accountId', 'registeredAt', 'sealed']);
    expect(JSON.stringify(sealed)).not.toMatch(/欧阳娜娜|11010519491231002X|建国路|argon2id/);
    expect(sealed.sealed).toMatchObject({ v: 1, subject: 'acc-1', fields: ['realName', 'idNumber', 'address', 'passwordHash'] });
    expect(openEventData('s-1', 'PersonRegistered', sealed, key)).toEqual(registered);
  });

  it('does not open with another key, on another stream or as another type (associated data)', () => {
    const sealed = sealEventData('s-1', 'PersonRegistered', registered, policy.PersonRegistered, key);
    expect(() => openEventData('s-1', 'PersonRegistered', sealed, randomBytes(32))).toThrow(/do not open/);
    expect(() => openEventData('s-2', 'PersonRegistered', sealed, key)).toThrow(/do not open/);
    expect(() => openEventData('s-1', 'PersonMoved', sealed, key)).toThrow(/do not open/);
  });

  it('reads the fields as null with erased: true when the key is gone', () => {
    const sealed = sealEventData('s-1', 'PersonRegistered', registered, policy.PersonRegistered, key);
    expect(openEventData('s-1', 'PersonRegistered', sealed, null)).toEqual({
      accountId: 'acc-1',
      registeredAt: registered.registeredAt,
      realName: null,
      idNumber: null,
      address: null,
      passwordHash: null,
      erased: true,
    });
  });

  it('seals only the fields present, and leaves data without them as it is', () => {
    const moved = { accountId: 'acc-1', movedAt: 't' };
    expect(sealEventData('s-1', 'PersonMoved', moved, policy.PersonMoved, key)).toBe(moved);
  });
});

describe('SealingEventStore between upcasting and hash chaining, on a real SQLite store', () => {
  let dir: string;
  let filename: string;
  let raw: SqliteEventStore;
  let keys: MapKeyStore;
  let store: UpcastingEventStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'credit-bank-sealing-'));
    filename = join(dir, 'events.sqlite');
    raw = new SqliteEventStore({ filename });
    keys = new MapKeyStore();
    store = new UpcastingEventStore(SealingEventStore.wrap(HashChainingEventStore.wrap(raw), keys, policy), {
      PersonMoved: { version: 2, steps: { 1: (data) => ({ ...data, upcast: true }) } },
    });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function expectValidChain(streamId: string): Promise<void> {
    let prev = GENESIS_HASH;
    for (const event of await raw.readStream(streamId)) {
      expect(storedHash(event)).toBe(eventHash(prev, event));
      prev = storedHash(event) as string;
    }
  }

  it('stores ciphertext only, reads plaintext back (upcast after opening), and the chain covers the ciphertext', async () => {
    await store.append('person-acc-1', [{ type: 'PersonRegistered', data: registered, metadata: meta('e-1') }], { expectedRevision: 'no_stream' });
    // Written at schema version 1 (below the upcasting decorator), as an older release did.
    await store.inner.append('person-acc-1', [{ type: 'PersonMoved', data: { accountId: 'acc-1', address: { detail: '海淀区中关村大街1号' } }, metadata: meta('e-2') }], { expectedRevision: 0 });
    const bytes = readFileSync(filename).toString('utf8') + readFileSync(`${filename}-wal`).toString('utf8');
    for (const secret of ['欧阳娜娜', '11010519491231002X', '建国路', '中关村', 'argon2id']) expect(bytes).not.toContain(secret);

    const [first, second] = await store.readStream('person-acc-1');
    expect(first.data).toEqual(registered);
    expect(second.data).toEqual({ accountId: 'acc-1', address: { detail: '海淀区中关村大街1号' }, upcast: true });
    expect((await store.readAll()).map((e) => e.data)).toEqual([first.data, second.data]);
    await expectValidChain('person-acc-1');
  });

  it('after the key is destroyed: the fields read as null and erased, the chain still verifies, nothing more is stored for the subject', async () => {
    await store.append('person-acc-1', [{ type: 'PersonRegistered', data: registered, metadata: meta('e-1') }], { expectedRevision: 'no_stream' });
    await store.append('person-acc-2', [{ type: 'PersonRegistered', data: { ...registered, accountId: 'acc-2' }, metadata: meta('e-2') }], { expectedRevision: 'no_stream' });
    await keys.destroy('acc-1');

    const [erased] = await store.readStream('person-acc-1');
    expect(erased.data).toMatchObject({ accountId: 'acc-1', realName: null, idNumber: null, address: null, passwordHash: null, erased: true });
    const [kept] = await store.readStream('person-acc-2');
    expect(kept.data).toMatchObject({ accountId: 'acc-2', realName: '欧阳娜娜' });
    await expectValidChain('person-acc-1');
    await expectValidChain('person-acc-2');

    await expect(store.append('person-acc-1', [{ type: 'PersonMoved', data: { accountId: 'acc-1', address: { detail: 'x' } }, metadata: meta('e-3') }], { expectedRevision: 0 })).rejects.toBeInstanceOf(SubjectErasedError);
    await store.append('person-acc-1', [{ type: 'PersonMoved', data: { accountId: 'acc-1' }, metadata: meta('e-4') }], { expectedRevision: 0 });
  });

  it('a catch-up subscription hands out opened events', async () => {
    await store.append('person-acc-1', [{ type: 'PersonRegistered', data: registered, metadata: meta('e-1') }], { expectedRevision: 'no_stream' });
    const seen: RecordedEvent[] = [];
    const subscription = store.subscribeToAll({ after: 0, handler: async (events) => void seen.push(...events) });
    for (let i = 0; i < 100 && seen.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    await subscription.stop();
    expect(seen[0].data).toEqual(registered);
  });
});
