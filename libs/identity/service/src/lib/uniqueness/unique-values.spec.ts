import { CommandContext, DomainError } from '@credit-bank/kernel';
import { keyOf, Pseudonyms } from '@credit-bank/platform';
import { SqliteEventStore } from '@credit-bank/sqlite-event-store';
import { randomBytes } from 'node:crypto';
import { UniqueValue, UniqueValues } from './unique-values';

const ctx: CommandContext = { actor: 'anonymous', correlationId: 'c-1', now: '2025-03-01T08:00:00.000Z' };

describe('UniqueValues (on a real SQLite event store)', () => {
  let store: SqliteEventStore;
  let unique: UniqueValues;

  beforeEach(() => {
    store = new SqliteEventStore({ filename: ':memory:' });
    unique = new UniqueValues(store);
  });
  afterEach(() => store.close());

  const values = (username: string, mobile: string): UniqueValue[] => [
    { kind: 'username', value: username },
    { kind: 'mobile', value: mobile },
  ];

  it('of many concurrent claims on one value exactly one wins; the losers release what they held', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 8 }, (_, i) => unique.claimAll([{ kind: 'mobile', value: `1390000000${i}` }, { kind: 'username', value: 'same_name' }], `owner-${i}`, ctx)),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refusals = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected').map((o) => o.reason as DomainError);
    expect(refusals.map((r) => r.code)).toEqual(Array(7).fill('IDENTITY.USERNAME_TAKEN'));
    // Every loser's mobile is free again.
    const winner = outcomes.findIndex((o) => o.status === 'fulfilled');
    for (let i = 0; i < 8; i++) {
      if (i === winner) continue;
      await expect(unique.assertFree([{ kind: 'mobile', value: `1390000000${i}` }], 'someone-else', ctx)).resolves.toBeUndefined();
    }
  });

  it('releases the earlier claims when a later one is taken', async () => {
    await unique.claimAll(values('li_si', '13900000001'), 'a-1', ctx);
    await expect(unique.claimAll(values('wang_wu', '13900000001'), 'a-2', ctx)).rejects.toMatchObject({ code: 'IDENTITY.MOBILE_TAKEN' });
    const stream = unique.streamOf({ kind: 'username', value: 'wang_wu' });
    expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['UniqueValueClaimed', 'UniqueValueReleased']);
    await expect(unique.claimAll(values('wang_wu', '13900000002'), 'a-3', ctx)).resolves.toBeUndefined();
  });

  it('a claim by the same owner again changes nothing', async () => {
    await unique.claimAll(values('li_si', '13900000001'), 'a-1', ctx);
    await unique.claimAll(values('li_si', '13900000001'), 'a-1', ctx);
    expect(await store.readStream(unique.streamOf({ kind: 'username', value: 'li_si' }))).toHaveLength(1);
  });

  it('answers early, without writing, when a value is taken', async () => {
    await unique.claimAll(values('li_si', '13900000001'), 'a-1', ctx);
    const head = await store.headPosition();
    await expect(unique.assertFree(values('li_si', '13900000009'), 'a-2', ctx)).rejects.toMatchObject({ code: 'IDENTITY.USERNAME_TAKEN', kind: 'conflict' });
    expect(await store.headPosition()).toBe(head);
  });

  it('names streams by a hash, never the value', () => {
    const stream = unique.streamOf({ kind: 'mobile', value: '13900000001' });
    expect(stream).toMatch(/^identity\.unique-mobile-[0-9a-f]{40}$/);
    expect(stream).not.toContain('13900000001');
  });

  describe('keyed stream names, and claims made before them', () => {
    let keyed: UniqueValues;
    beforeEach(() => {
      keyed = new UniqueValues(store, new Pseudonyms(randomBytes(32)));
    });

    it('names streams by a keyed HMAC: not the bare sha256 a stranger can recompute', () => {
      const value = { kind: 'mobile' as const, value: '13900000001' };
      expect(keyed.streamOf(value)).toMatch(/^identity\.unique-mobile-[0-9a-f]{40}$/);
      expect(keyed.streamOf(value)).not.toContain(keyOf('mobile', '13900000001'));
      expect(keyed.legacyStreamOf(value)).toBe(unique.streamOf(value));
      expect(new UniqueValues(store, new Pseudonyms(randomBytes(32))).streamOf(value)).not.toBe(keyed.streamOf(value));
    });

    it('a value claimed in its legacy stream stays taken for others, held by its owner, and is released there', async () => {
      await unique.claimAll(values('li_si', '13900000001'), 'a-1', ctx); // an older release, unkeyed
      await expect(keyed.assertFree(values('li_si', '13900000002'), 'a-2', ctx)).rejects.toMatchObject({ code: 'IDENTITY.USERNAME_TAKEN' });
      await expect(keyed.claimAll(values('zhao_liu', '13900000001'), 'a-2', ctx)).rejects.toMatchObject({ code: 'IDENTITY.MOBILE_TAKEN' });
      await expect(keyed.assertFree(values('li_si', '13900000001'), 'a-1', ctx)).resolves.toBeUndefined();
      expect(await keyed.claim({ kind: 'mobile', value: '13900000001' }, 'a-1', ctx)).toBe(false);
      expect(await store.readStream(keyed.streamOf({ kind: 'mobile', value: '13900000001' }))).toEqual([]);

      await keyed.releaseAll([{ kind: 'mobile', value: '13900000001' }], 'a-1', ctx);
      expect((await store.readStream(unique.streamOf({ kind: 'mobile', value: '13900000001' }))).map((e) => e.type)).toEqual(['UniqueValueClaimed', 'UniqueValueReleased']);
      await keyed.claimAll([{ kind: 'mobile', value: '13900000001' }], 'a-2', ctx);
      expect((await store.readStream(keyed.streamOf({ kind: 'mobile', value: '13900000001' }))).map((e) => e.data)).toEqual([expect.objectContaining({ ownerId: 'a-2' })]);
      await expect(keyed.assertFree([{ kind: 'mobile', value: '13900000001' }], 'a-1', ctx)).rejects.toMatchObject({ code: 'IDENTITY.MOBILE_TAKEN' });
    });
  });
});
