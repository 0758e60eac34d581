import { ACCOUNT_STREAM_PREFIX, accountStreamId, IdentityErrorCodes, uniquenessDecider, usernameKey } from '@credit-bank/identity-domain';
import { CommandContext, EventStore, executeCommand, HashChainingEventStore } from '@credit-bank/kernel';
import { SqliteEventStore } from '@credit-bank/sqlite-event-store';
import { SqliteReadStore } from '@credit-bank/sqlite-read-store';
import { resolveIdentityOptions } from '../identity-options';
import { ACCOUNTS_COLLECTION, AccountDocument } from '../projections/accounts/accounts.projection';
import { IdentityProjectionsHost } from '../projections/identity-projections.host';
import { PasswordHasher } from '../security/password-hasher';
import { UniqueValues } from '../uniqueness/unique-values';
import { AdministratorBootstrap, administratorIdOf, AdministratorOutcome, describeAdministrator } from './administrator-bootstrap';

const PASSWORD = 'Adm1n-Secret-2025';

/**
 * The bootstrap against a real SQLite event store and read store (in memory), wired by hand as
 * Nest would: one "process" is one AdministratorBootstrap with its own projections host.
 */
describe('AdministratorBootstrap', () => {
  let events: EventStore;
  let reads: SqliteReadStore;
  const hosts: IdentityProjectionsHost[] = [];

  beforeEach(() => {
    events = HashChainingEventStore.wrap(new SqliteEventStore({ filename: ':memory:' }));
    reads = new SqliteReadStore({ filename: ':memory:' });
  });

  afterEach(async () => {
    for (const host of hosts.splice(0)) await host.onApplicationShutdown();
    await events.close();
    await reads.close();
  });

  async function start(administrator?: { username: string; password: string }): Promise<AdministratorOutcome> {
    const host = new IdentityProjectionsHost(events, reads);
    hosts.push(host);
    const bootstrap = new AdministratorBootstrap(
      events,
      reads,
      resolveIdentityOptions({ jwtSecret: 'x'.repeat(32), jwtTtlSeconds: 60, administrator }),
      new PasswordHasher(),
      new UniqueValues(events),
      host,
    );
    await Promise.all([host.onApplicationBootstrap(), bootstrap.onApplicationBootstrap()]);
    return bootstrap.outcome as AdministratorOutcome;
  }

  const administratorStreams = async () =>
    (await events.readAll()).filter((e) => e.streamId.startsWith(ACCOUNT_STREAM_PREFIX) && e.type === 'AdministratorRegistered');

  it('without configuration registers nobody and says no administrator exists', async () => {
    const outcome = await start();
    expect(outcome).toEqual({ kind: 'not-configured', administrators: 0 });
    expect(describeAdministrator(outcome)).toMatch(/^No administrator exists: set ADMIN_USERNAME and ADMIN_PASSWORD/);
    expect(await events.readAll()).toEqual([]);
  });

  it('registers the administrator once: a restart finds it and keeps its password', async () => {
    const first = await start({ username: 'Chief_Admin', password: PASSWORD });
    expect(first).toEqual({ kind: 'created', accountId: administratorIdOf('chief_admin'), username: 'Chief_Admin' });
    const [registered] = await administratorStreams();
    expect(registered.data).toMatchObject({ accountId: first.kind === 'created' && first.accountId, username: 'Chief_Admin', passwordHash: expect.stringMatching(/^\$argon2id\$/) });
    expect(JSON.stringify(await events.readAll())).not.toContain(PASSWORD);
    const doc = await reads.collection<AccountDocument>(ACCOUNTS_COLLECTION).get(administratorIdOf('Chief_Admin'));
    expect(doc).toMatchObject({ role: 'admin', type: 'administrator', usernameKey: 'chief_admin' });

    const again = await start({ username: 'chief_admin', password: 'Another-Passw0rd' });
    expect(again).toMatchObject({ kind: 'exists', accountId: administratorIdOf('Chief_Admin') });
    expect(describeAdministrator(again)).not.toContain('Another-Passw0rd');
    expect(await administratorStreams()).toHaveLength(1);
    expect((await events.readStream(accountStreamId(administratorIdOf('Chief_Admin')))).map((e) => e.type)).toEqual(['AdministratorRegistered']);

    // Later starts without configuration know an administrator exists.
    expect(await start()).toEqual({ kind: 'not-configured', administrators: 1 });
  });

  it('two processes starting at once register one administrator', async () => {
    const outcomes = await Promise.all([start({ username: 'chief_admin', password: PASSWORD }), start({ username: 'chief_admin', password: PASSWORD })]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['created', 'exists']);
    expect(await administratorStreams()).toHaveLength(1);
    const claims = (await events.readAll()).filter((e) => e.type === 'UniqueValueClaimed');
    expect(claims).toHaveLength(1);
  });

  it('completes a start that died between the username claim and the registration', async () => {
    const ctx: CommandContext = { actor: 'system', correlationId: 'c-1', now: '2025-03-01T08:00:00.000Z' };
    const unique = new UniqueValues(events);
    await unique.claimAll([{ kind: 'username', value: usernameKey('chief_admin') }], administratorIdOf('chief_admin'), ctx);
    expect(await administratorStreams()).toHaveLength(0);
    expect(await start({ username: 'chief_admin', password: PASSWORD })).toMatchObject({ kind: 'created' });
    expect(await administratorStreams()).toHaveLength(1);
  });

  it('refuses to start when the username belongs to another account', async () => {
    const ctx: CommandContext = { actor: 'anonymous', correlationId: 'c-1', now: '2025-03-01T08:00:00.000Z' };
    const stream = new UniqueValues(events).streamOf({ kind: 'username', value: usernameKey('chief_admin') });
    await executeCommand(events, stream, uniquenessDecider, { type: 'ClaimUniqueValue', kind: 'username', ownerId: 'some-learner', now: ctx.now }, ctx);
    await expect(start({ username: 'Chief_Admin', password: PASSWORD })).rejects.toMatchObject({ code: IdentityErrorCodes.ADMINISTRATOR_USERNAME_TAKEN });
    expect(await administratorStreams()).toHaveLength(0);
  });

  it('refuses a password or a username breaking the account rules (options not from the validated environment)', async () => {
    await expect(start({ username: 'chief_admin', password: 'weak' })).rejects.toThrow(/password must be 8 to 64/);
    await expect(start({ username: '12345678', password: PASSWORD })).rejects.toThrow(/username must be 4 to 32/);
    expect(await events.readAll()).toEqual([]);
  });

  it('derives one id per username, whatever its case', () => {
    expect(administratorIdOf('Chief_Admin')).toBe(administratorIdOf('chief_admin'));
    expect(administratorIdOf('chief_admin')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(administratorIdOf('other_admin')).not.toBe(administratorIdOf('chief_admin'));
  });
});
