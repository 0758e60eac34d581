import { CommandContext, DomainError } from '@credit-bank/kernel';
import { SqliteEventStore } from '@credit-bank/sqlite-event-store';
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
});
