import { AccountEvent, accountStreamId, identitySealing, identityUpcasters } from '@credit-bank/identity-domain';
import { CommandContext, EventStore, SealingEventStore, toNewEvents, UpcastingEventStore } from '@credit-bank/kernel';
import { SqliteEventStore } from '@credit-bank/sqlite-event-store';
import { SqliteSubjectKeyStore } from '@credit-bank/sqlite-key-store';
import { SqliteReadStore } from '@credit-bank/sqlite-read-store';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveIdentityOptions } from '../../identity-options';
import { ACCOUNTS_COLLECTION } from '../../projections/accounts/accounts.projection';
import { IdentityProjectionsHost } from '../../projections/identity-projections.host';
import { PasswordAttempts } from '../../security/password-attempts';
import { PasswordHasher } from '../../security/password-hasher';
import { SmsCodes } from '../../sms/sms-codes';
import { UniqueValue, UniqueValues } from '../../uniqueness/unique-values';
import { EraseAccountCommand } from './erase-account.command';
import { EraseAccountHandler } from './erase-account.handler';

/**
 * The administrator's erasure on real SQLite stores (events sealed with the key store, as the
 * service reads them): it releases the unique values and destroys the key; and asked again for an
 * account whose erasure was interrupted after AccountErased was stored (a crash before the
 * releases and the key), it finishes them and answers the first receipt.
 */
const NOW = '2025-03-01T08:00:00.000Z';
const ctx: CommandContext = { actor: 'system', correlationId: 'c-1', now: NOW };
const ADMIN = { accountId: 'adm-1', role: 'admin' as const };
const registered: AccountEvent = {
  type: 'AccountRegistered',
  data: {
    accountId: 'a-1', username: 'li_si', passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA', realName: '李四', nationality: '中国', nationalityCode: 'CN',
    ethnicity: '汉族', ethnicityCode: '01', gender: 'female', idType: 'resident-id-card', idNumber: '11010519491231002X', birthDate: '1949-12-31', email: 'li.si@example.com',
    address: { province: '广东省', provinceCode: '440000', city: '广州市', cityCode: '440100', district: '天河区', districtCode: '440106', detail: '中山大道西 55 号' },
    mobile: '13912345678', registeredAt: NOW,
  },
};
const claims: UniqueValue[] = [
  { kind: 'username', value: 'li_si' },
  { kind: 'mobile', value: '13912345678' },
  { kind: 'email', value: 'li.si@example.com' },
  { kind: 'id-number', value: 'resident-id-card:11010519491231002X' },
];

describe('EraseAccountHandler (administrator), on real SQLite stores', () => {
  let dir: string;
  let stored: SqliteEventStore;
  let keys: SqliteSubjectKeyStore;
  let reads: SqliteReadStore;
  let events: EventStore;
  let unique: UniqueValues;
  let host: IdentityProjectionsHost;
  let handler: EraseAccountHandler;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'erase-handler-'));
    stored = new SqliteEventStore({ filename: join(dir, 'events.sqlite') });
    keys = new SqliteSubjectKeyStore({ filename: join(dir, 'keys.sqlite'), wrappingKey: randomBytes(32) });
    reads = new SqliteReadStore({ filename: join(dir, 'read-models.sqlite') });
    events = UpcastingEventStore.wrap(SealingEventStore.wrap(stored, keys, identitySealing), identityUpcasters);
    unique = new UniqueValues(events);
    host = new IdentityProjectionsHost(events, reads);
    await host.onApplicationBootstrap();
    const options = resolveIdentityOptions({ jwtSecret: 'x'.repeat(32), jwtTtlSeconds: 600 });
    handler = new EraseAccountHandler(events, reads, new PasswordHasher(), new PasswordAttempts(events, options), new SmsCodes(events), unique, host, keys);
    await events.append(accountStreamId('a-1'), toNewEvents([registered], ctx), { expectedRevision: 'no_stream' });
    await unique.claimAll(claims, 'a-1', ctx);
  });

  afterEach(async () => {
    await host.onApplicationShutdown();
    await Promise.all([stored.close(), keys.close(), reads.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  const erase = (reason: string) => handler.execute(new EraseAccountCommand({ requestedBy: 'administrator', id: 'a-1', reason }, { actor: ADMIN, correlationId: 'c-2' }));
  const freeForSomeoneElse = async () => {
    for (const value of claims) await unique.assertFree([value], 'a-2', ctx);
  };

  it('erases: the receipt, the values free, the key destroyed, the account gone from the read model', async () => {
    expect(await keys.find('a-1')).toBeInstanceOf(Buffer);
    await expect(freeForSomeoneElse()).rejects.toMatchObject({ code: 'IDENTITY.USERNAME_TAKEN' });
    const receipt = await erase('来函 2025-017');
    expect(receipt).toEqual({ accountId: 'a-1', status: 'erased', requestedBy: 'administrator', erasedBy: 'adm-1', reason: '来函 2025-017', erasedAt: expect.any(String) });
    await expect(freeForSomeoneElse()).resolves.toBeUndefined();
    expect(await keys.find('a-1')).toBeNull();
    expect(await reads.collection(ACCOUNTS_COLLECTION).get('a-1')).toBeUndefined();
    // The registration reads erased from now on.
    const [first] = await events.readStream(accountStreamId('a-1'));
    expect(first.data).toMatchObject({ realName: null, idNumber: null, erased: true });
  });

  it('finishes an interrupted erasure when asked again, and answers the first receipt', async () => {
    // AccountErased stored, then a crash: the values still taken, the key still there.
    const interrupted: AccountEvent = { type: 'AccountErased', data: { accountId: 'a-1', requestedBy: 'self', erasedBy: 'a-1', reason: null, erasedAt: NOW } };
    await events.append(accountStreamId('a-1'), toNewEvents([interrupted], ctx), { expectedRevision: 0 });
    await expect(freeForSomeoneElse()).rejects.toMatchObject({ code: 'IDENTITY.USERNAME_TAKEN' });
    const receipt = await erase('重复的申请');
    expect(receipt).toEqual({ accountId: 'a-1', status: 'erased', requestedBy: 'self', erasedBy: 'a-1', reason: null, erasedAt: NOW });
    await expect(freeForSomeoneElse()).resolves.toBeUndefined();
    expect(await keys.find('a-1')).toBeNull();
    // Nothing more was appended, and a third request changes nothing.
    expect((await events.readStream(accountStreamId('a-1'))).map((e) => e.type)).toEqual(['AccountRegistered', 'AccountErased']);
    expect(await erase('再一次')).toEqual(receipt);
  });
});
