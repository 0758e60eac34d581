import { AccountRegisteredV1 } from '@credit-bank/contracts';
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
});
