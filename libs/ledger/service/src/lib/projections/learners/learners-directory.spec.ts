import { AccountErasedV1, AccountRegisteredV1 } from '@credit-bank/contracts';
import { SqliteReadStore } from '@credit-bank/sqlite-read-store';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LEARNERS_COLLECTION, LearnersDirectory } from './learners-directory';

const event = (overrides: Partial<AccountRegisteredV1> = {}, data: Partial<AccountRegisteredV1['data']> = {}): AccountRegisteredV1 => ({
  type: 'AccountRegistered',
  schemaVersion: 1,
  eventId: 'ev-1',
  streamId: 'identity.account-a-1',
  revision: 0,
  position: 7,
  occurredAt: '2025-03-01T08:00:00.000Z',
  correlationId: 'c-1',
  ...overrides,
  data: { accountId: 'a-1', accountType: 'individual', username: 'li_si', displayName: '李四', registeredAt: '2025-03-01T08:00:00.000Z', ...data },
});

describe('LearnersDirectory (ledger_learners, from identity.account-registered.v1)', () => {
  let dir: string;
  let reads: SqliteReadStore;
  let directory: LearnersDirectory;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-learners-'));
    reads = new SqliteReadStore({ filename: join(dir, 'reads.sqlite') });
    directory = new LearnersDirectory(reads);
  });

  afterEach(async () => {
    await reads.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const all = () => reads.collection(LEARNERS_COLLECTION).find({ sort: [['id', 'asc']] });

  it('knows a learner’s real name; null for an account it never heard of', async () => {
    expect(await directory.accountRegistered(event())).toBe(true);
    expect(await directory.nameOf('a-1')).toBe('李四');
    expect(await directory.nameOf('a-2')).toBeNull();
  });

  it('applied twice gives the same documents (and a duplicate delivery changes nothing)', async () => {
    await directory.accountRegistered(event());
    const once = await all();
    expect(await directory.accountRegistered(event())).toBe(false);
    expect(await directory.accountRegistered(event({}, { displayName: '冒名' }))).toBe(false);
    expect(await all()).toEqual(once);
    expect(await directory.nameOf('a-1')).toBe('李四');
  });

  it('keeps no institutions and ignores malformed events', async () => {
    expect(await directory.accountRegistered(event({ eventId: 'ev-2', position: 8 }, { accountId: 'i-1', accountType: 'institution', displayName: '考试中心' }))).toBe(false);
    expect(await directory.accountRegistered({ data: null } as unknown as AccountRegisteredV1)).toBe(false);
    expect(await all()).toEqual([]);
  });

  it('forgets an erased learner for good: name and username null, learnerErased, whatever order the topics arrive in', async () => {
    const erased: AccountErasedV1 = {
      type: 'AccountErased',
      schemaVersion: 1,
      eventId: 'ev-9',
      streamId: 'identity.account-a-1',
      revision: 5,
      position: 20,
      occurredAt: '2025-03-09T08:00:00.000Z',
      correlationId: 'c-9',
      data: { accountId: 'a-1', accountType: 'individual', erasedAt: '2025-03-09T08:00:00.000Z' },
    };
    await directory.accountRegistered(event());
    expect(await directory.accountErased(erased)).toBe(true);
    const expected = { learnerName: null, learnerErased: true };
    expect(await directory.labelOf('a-1')).toEqual(expected);
    expect(await directory.nameOf('a-1')).toBeNull();
    // A registration delivered late (the topics are not ordered with each other), or again, and the erasure again: nothing changes.
    const once = await all();
    expect(await directory.accountRegistered(event())).toBe(false);
    expect(await directory.accountErased(erased)).toBe(false);
    expect(await all()).toEqual(once);
    expect(JSON.stringify(once)).not.toMatch(/李四|li_si/);
    // The erasure first, then the registration: the same document.
    await reads.collection(LEARNERS_COLLECTION).clear();
    await directory.accountErased(erased);
    await directory.accountRegistered(event());
    expect(await all()).toEqual(once);
    expect(await directory.labelOf('a-2')).toEqual({ learnerName: null, learnerErased: false });
  });
});
