import { AccountEvent } from '@credit-bank/identity-domain';
import { CommandContext, toNewEvents } from '@credit-bank/kernel';
import { SqliteEventStore } from '@credit-bank/sqlite-event-store';
import { SqliteReadStore } from '@credit-bank/sqlite-read-store';
import { sessionCheck, SESSIONS_COLLECTION, SessionsDocument, SessionsProjection } from './sessions.projection';

const ctx: CommandContext = { actor: 'a-1', correlationId: 'c-1', now: '2025-03-01T08:00:00.000Z' };
const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA';

const registered: AccountEvent = {
  type: 'AdministratorRegistered',
  data: { accountId: 'a-1', username: 'chief_admin', passwordHash: HASH, registeredAt: '2025-03-01T08:00:00.000Z' },
};
const signedOut = (sessionId: string, signedOutAt: string, tokenExpiresAt: string): AccountEvent => ({
  type: 'SignedOut',
  data: { accountId: 'a-1', sessionId, tokenExpiresAt, signedOutAt },
});
const changed: AccountEvent = { type: 'PasswordChanged', data: { accountId: 'a-1', passwordHash: HASH, changedAt: '2025-03-01T12:00:00.000Z' } };
const reset: AccountEvent = { type: 'PasswordReset', data: { accountId: 'a-1', passwordHash: HASH, resetAt: '2025-03-01T14:00:00.000Z' } };

describe('SessionsProjection', () => {
  let events: SqliteEventStore;
  let reads: SqliteReadStore;
  const projection = new SessionsProjection();

  beforeEach(async () => {
    events = new SqliteEventStore({ filename: ':memory:' });
    reads = new SqliteReadStore({ filename: ':memory:' });
    await events.append(
      'identity.account-a-1',
      toNewEvents(
        [
          registered, // revision 0
          signedOut('s-1', '2025-03-01T09:00:00.000Z', '2025-03-01T10:00:00.000Z'), // 1
          signedOut('s-2', '2025-03-01T09:30:00.000Z', '2025-03-01T11:00:00.000Z'), // 2
          signedOut('s-3', '2025-03-01T10:30:00.000Z', '2025-03-01T11:30:00.000Z'), // 3: s-1 has expired by now
          changed, // 4: every session before it ends
          signedOut('s-4', '2025-03-01T13:00:00.000Z', '2025-03-01T14:00:00.000Z'), // 5
          reset, // 6
          signedOut('s-5', '2025-03-01T15:00:00.000Z', '2025-03-01T16:00:00.000Z'), // 7
        ],
        ctx,
      ),
      { expectedRevision: 'no_stream' },
    );
  });

  afterEach(async () => {
    await events.close();
    await reads.close();
  });

  const doc = async () => {
    const found = await reads.collection<SessionsDocument>(SESSIONS_COLLECTION).get('a-1');
    if (!found) return undefined;
    const { id: _id, _position, ...rest } = found;
    return rest;
  };
  const upTo = async (revision: number) => (await events.readAll()).filter((e) => e.revision <= revision);

  it('keeps the sessions signed out whose tokens live, forgetting expired ones', async () => {
    await projection.apply(await upTo(3), reads);
    expect(await doc()).toEqual({
      closedSessions: [
        { sessionId: 's-2', expiresAt: '2025-03-01T11:00:00.000Z' },
        { sessionId: 's-3', expiresAt: '2025-03-01T11:30:00.000Z' },
      ],
    });
  });

  it('a password change or reset keeps only its revision: every token issued before it is revoked', async () => {
    await projection.apply(await upTo(4), reads);
    expect(await doc()).toEqual({ credentialsRevision: 4, closedSessions: [] });
    await projection.apply(await upTo(5), reads);
    expect(await doc()).toEqual({ credentialsRevision: 4, closedSessions: [{ sessionId: 's-4', expiresAt: '2025-03-01T14:00:00.000Z' }] });
    await projection.apply(await events.readAll(), reads);
    expect(await doc()).toEqual({ credentialsRevision: 6, closedSessions: [{ sessionId: 's-5', expiresAt: '2025-03-01T16:00:00.000Z' }] });
  });

  it('applied twice gives the same result', async () => {
    const history = await events.readAll();
    await projection.apply(history, reads);
    const once = await doc();
    await projection.apply(history, reads);
    expect(await doc()).toEqual(once);
  });

  it('one event at a time gives what one batch gives', async () => {
    const history = await events.readAll();
    await projection.apply(history, reads);
    const batched = await doc();
    await reads.collection(SESSIONS_COLLECTION).clear();
    for (const e of history) await projection.apply([e], reads);
    expect(await doc()).toEqual(batched);
  });

  it('a batch delivered again after a crash (before its checkpoint), now with a newer event, ends where it should', async () => {
    const history = await events.readAll();
    await projection.apply(history.slice(0, 7), reads); // up to the reset
    // The last batch again (a crash before its checkpoint), now with the next event.
    await projection.apply(history.slice(3), reads);
    expect(await doc()).toEqual({ credentialsRevision: 6, closedSessions: [{ sessionId: 's-5', expiresAt: '2025-03-01T16:00:00.000Z' }] });
  });

  it('an erasure refuses every token of the account, whatever its revision, and keeps no session', async () => {
    const erased: AccountEvent = { type: 'AccountErased', data: { accountId: 'a-1', requestedBy: 'self', erasedBy: 'a-1', reason: null, erasedAt: '2025-03-01T17:00:00.000Z' } };
    await events.append('identity.account-a-1', toNewEvents([erased], ctx), { expectedRevision: 7 });
    const history = await events.readAll();
    await projection.apply(history, reads);
    expect(await doc()).toEqual({ erased: true, closedSessions: [] });
    const stored = (await doc()) as SessionsDocument;
    expect(sessionCheck(stored, 's-9', 99)).toEqual({ active: false, reason: 'account-erased' });
    await projection.apply(history, reads);
    expect(await doc()).toEqual({ erased: true, closedSessions: [] });
  });

  it('ignores every other event', async () => {
    await projection.apply((await events.readAll()).slice(0, 1), reads);
    expect(await doc()).toBeUndefined();
  });
});

describe('sessionCheck', () => {
  const doc: SessionsDocument = { credentialsRevision: 4, closedSessions: [{ sessionId: 's-5', expiresAt: '2025-03-01T16:00:00.000Z' }] };

  it('passes a token of an account that never ended a session', () => {
    expect(sessionCheck(undefined, 's-1', 0)).toEqual({ active: true });
  });

  it('refuses a token issued before the last password change (its revision is lower), passes one issued at or after it', () => {
    expect(sessionCheck(doc, 's-1', 3)).toEqual({ active: false, reason: 'credentials-changed' });
    expect(sessionCheck(doc, 's-1', 4)).toEqual({ active: true });
    expect(sessionCheck(doc, 's-1', 9)).toEqual({ active: true });
  });

  it('refuses the session signed out, not the others', () => {
    expect(sessionCheck(doc, 's-5', 5)).toEqual({ active: false, reason: 'signed-out' });
    expect(sessionCheck(doc, 's-6', 5)).toEqual({ active: true });
  });
});
