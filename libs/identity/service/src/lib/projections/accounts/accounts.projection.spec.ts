import { ACCOUNT_ERASED_V1, ACCOUNT_REGISTERED_V1, INSTITUTION_DECIDED_V1 } from '@credit-bank/contracts';
import { AccountEvent, identityUpcasters } from '@credit-bank/identity-domain';
import { CommandContext, EventStore, toNewEvents, UpcastingEventStore } from '@credit-bank/kernel';
import { SqliteEventStore } from '@credit-bank/sqlite-event-store';
import { SqliteReadStore } from '@credit-bank/sqlite-read-store';
import { mapIdentityEvent } from '../../relay/identity-integration.relay';
import { ACCOUNTS_COLLECTION, AccountDocument, AccountsProjection } from './accounts.projection';

const ctx: CommandContext = { actor: 'anonymous', correlationId: 'c-1', now: '2025-03-01T08:00:00.000Z' };
const HASH = '$argon2id$v=19$m=19456,t=2,p=1$c2FsdA$aGFzaA';

const registered: AccountEvent = {
  type: 'AccountRegistered',
  data: {
    accountId: 'a-1',
    username: 'Li_Si',
    passwordHash: HASH,
    realName: '李四',
    nationality: '中国',
    nationalityCode: 'CN',
    ethnicity: '汉族',
    ethnicityCode: '01',
    gender: 'female',
    idType: 'resident-id-card',
    idNumber: '11010519491231002X',
    birthDate: '1949-12-31',
    email: 'li.si@example.com',
    address: { province: '广东省', provinceCode: '440000', city: '广州市', cityCode: '440100', district: '天河区', districtCode: '440106', detail: '中山大道西 55 号' },
    mobile: '13912345678',
    registeredAt: '2025-03-01T08:00:00.000Z',
  },
};
const institution: AccountEvent = {
  type: 'InstitutionRegistered',
  data: {
    accountId: 'i-1',
    username: 'exam_centre',
    passwordHash: HASH,
    name: '广东省考试中心',
    unifiedSocialCreditCode: '91440101MA59TQR7XH',
    contactName: '王五',
    email: 'contact@exam.example.cn',
    mobile: '13800138000',
    status: 'pending-approval',
    registeredAt: '2025-03-01T08:00:00.000Z',
  },
};
const changed: AccountEvent = { type: 'PasswordChanged', data: { accountId: 'a-1', passwordHash: '$argon2id$new', changedAt: '2025-03-02T08:00:00.000Z' } };
const admin: AccountEvent = { type: 'AdministratorRegistered', data: { accountId: 'adm-1', username: 'Chief_Admin', passwordHash: HASH, registeredAt: '2025-03-01T07:00:00.000Z' } };
const DIRECTORY_ID = '3a7c1e52-9d4b-8f10-a2c3-4d5e6f708192';
const approved: AccountEvent = {
  type: 'InstitutionApproved',
  data: { accountId: 'i-1', institutionId: DIRECTORY_ID, institutionName: '广东省教育考试院', approvedBy: 'adm-1', approvedAt: '2025-03-03T08:00:00.000Z' },
};
/** Approved before institutions had ids, as read through the upcasters. */
const approvedUnlinked: AccountEvent = {
  type: 'InstitutionApproved',
  data: { accountId: 'i-1', institutionId: null, institutionName: '广东省考试中心', approvedBy: 'adm-1', approvedAt: '2025-03-03T08:00:00.000Z' },
};
const linked: AccountEvent = {
  type: 'InstitutionLinked',
  data: { accountId: 'i-1', institutionId: DIRECTORY_ID, institutionName: '广东省教育考试院', linkedBy: 'adm-1', linkedAt: '2025-03-05T08:00:00.000Z' },
};
const rejected: AccountEvent = {
  type: 'InstitutionRejected',
  data: { accountId: 'i-2', institutionName: '某培训中心', reason: '资质不符', rejectedBy: 'adm-1', rejectedAt: '2025-03-04T08:00:00.000Z' },
};
const secondInstitution: AccountEvent = {
  type: 'InstitutionRegistered',
  data: { ...(institution.data as object), accountId: 'i-2', username: 'other_centre', name: '某培训中心' } as Extract<AccountEvent, { type: 'InstitutionRegistered' }>['data'],
};

describe('AccountsProjection', () => {
  let events: EventStore;
  /** The store itself, where an old version's events are written as they were. */
  let stored: EventStore;
  let reads: SqliteReadStore;
  const projection = new AccountsProjection();

  beforeEach(async () => {
    // As the service reads its store: upcast to today's schema versions, appends stamped with them.
    stored = new SqliteEventStore({ filename: ':memory:' });
    events = new UpcastingEventStore(stored, identityUpcasters);
    reads = new SqliteReadStore({ filename: ':memory:' });
    await events.append('identity.account-a-1', toNewEvents([registered], ctx), { expectedRevision: 'no_stream' });
    await events.append('identity.unique-username-abc', toNewEvents([{ type: 'UniqueValueClaimed', data: { kind: 'username', ownerId: 'a-1', claimedAt: ctx.now } }], ctx), {
      expectedRevision: 'no_stream',
    });
    await events.append('identity.account-i-1', toNewEvents([institution], ctx), { expectedRevision: 'no_stream' });
    await events.append('identity.account-a-1', toNewEvents([changed], ctx), { expectedRevision: 0 });
  });

  afterEach(async () => {
    await events.close();
    await reads.close();
  });

  const all = () => reads.collection<AccountDocument>(ACCOUNTS_COLLECTION).find({ sort: [['id', 'asc']] });

  it('keeps accounts without password hashes and with masked ID numbers', async () => {
    await projection.apply(await events.readAll(), reads);
    const docs = await all();
    expect(docs.map((d) => d.id)).toEqual(['a-1', 'i-1']);
    expect(docs[0]).toMatchObject({
      type: 'individual',
      role: 'learner',
      status: 'active',
      username: 'Li_Si',
      usernameKey: 'li_si',
      idNumber: '110105********002X',
      passwordChangedAt: '2025-03-02T08:00:00.000Z',
    });
    expect(docs[1]).toMatchObject({ type: 'institution', role: 'institution', status: 'pending-approval', unifiedSocialCreditCode: '91440101MA59TQR7XH' });
    expect(JSON.stringify(docs)).not.toMatch(/argon2|passwordHash|11010519491231002X/);
  });

  it('keeps 国籍, 民族 and the address as registered, names with their codes', async () => {
    await projection.apply(await events.readAll(), reads);
    expect((await all())[0]).toMatchObject({
      nationality: '中国',
      nationalityCode: 'CN',
      ethnicity: '汉族',
      ethnicityCode: '01',
      address: { province: '广东省', provinceCode: '440000', city: '广州市', cityCode: '440100', district: '天河区', districtCode: '440106' },
    });
  });

  it('reads a registration of schema 1 (free text, before the lists) with its text and null codes', async () => {
    const v1 = {
      type: 'AccountRegistered',
      data: {
        ...(registered.data as object),
        accountId: 'a-0',
        username: 'old_timer',
        nationality: '中华人民共和国',
        ethnicity: '汉',
        address: { province: '广东', city: '广州', district: '天河', detail: '旧地址' },
        nationalityCode: undefined,
        ethnicityCode: undefined,
      },
    } as unknown as AccountEvent;
    await stored.append('identity.account-a-0', toNewEvents([v1], ctx), { expectedRevision: 'no_stream' });
    await projection.apply(await events.readAll(), reads);
    expect((await all()).find((d) => d.id === 'a-0')).toMatchObject({
      nationality: '中华人民共和国',
      nationalityCode: null,
      ethnicity: '汉',
      ethnicityCode: null,
      address: { province: '广东', provinceCode: null, city: '广州', cityCode: null, district: '天河', districtCode: null, detail: '旧地址' },
    });
  });

  it('applied twice gives the same result', async () => {
    const history = await events.readAll();
    await projection.apply(history, reads);
    const once = await all();
    await projection.apply(history, reads);
    expect(await all()).toEqual(once);
  });

  it('one event at a time gives what one batch gives', async () => {
    const history = await events.readAll();
    await projection.apply(history, reads);
    const batched = await all();
    await reads.collection(ACCOUNTS_COLLECTION).clear();
    for (const e of history) await projection.apply([e], reads);
    expect(await all()).toEqual(batched);
  });

  it('a replayed registration does not undo a later password change', async () => {
    const history = await events.readAll();
    await projection.apply(history, reads);
    await projection.apply([history[0]], reads);
    expect((await all())[0].passwordChangedAt).toBe('2025-03-02T08:00:00.000Z');
  });
});

describe('identity integration events', () => {
  const recorded = (streamId: string, event: AccountEvent) => ({ streamId, revision: 0, position: 1, ...toNewEvents([event], ctx)[0] });

  it('publishes registrations as ACCOUNT_REGISTERED_V1 without the ID number or the hash', () => {
    const individual = mapIdentityEvent(recorded('identity.account-a-1', registered));
    expect(individual).toEqual({
      topic: ACCOUNT_REGISTERED_V1,
      data: { accountId: 'a-1', accountType: 'individual', username: 'Li_Si', displayName: '李四', registeredAt: '2025-03-01T08:00:00.000Z' },
    });
    expect(mapIdentityEvent(recorded('identity.account-i-1', institution))).toEqual({
      topic: ACCOUNT_REGISTERED_V1,
      data: { accountId: 'i-1', accountType: 'institution', username: 'exam_centre', displayName: '广东省考试中心', registeredAt: '2025-03-01T08:00:00.000Z' },
    });
    expect(JSON.stringify(individual)).not.toMatch(/11010519491231002X|argon2/);
  });

  it('publishes an erasure as ACCOUNT_ERASED_V1 with nothing personal (not even who asked or why)', () => {
    const erased: AccountEvent = { type: 'AccountErased', data: { accountId: 'a-1', requestedBy: 'administrator', erasedBy: 'adm-1', reason: '李四 来函', erasedAt: '2025-03-09T08:00:00.000Z' } };
    expect(mapIdentityEvent(recorded('identity.account-a-1', erased))).toEqual({ topic: ACCOUNT_ERASED_V1, data: { accountId: 'a-1', accountType: 'individual', erasedAt: '2025-03-09T08:00:00.000Z' } });
  });

  it('keeps everything else private', () => {
    expect(mapIdentityEvent(recorded('identity.account-a-1', changed))).toBeNull();
    expect(mapIdentityEvent(recorded('identity.other-a-1', registered))).toBeNull();
  });
});

describe('AccountsProjection: the administrator and the decisions on institutions', () => {
  let events: EventStore;
  /** The store itself, where an old version's events are written as they were. */
  let stored: EventStore;
  let reads: SqliteReadStore;
  const projection = new AccountsProjection();

  beforeEach(async () => {
    // As the service reads its store: upcast to today's schema versions, appends stamped with them.
    stored = new SqliteEventStore({ filename: ':memory:' });
    events = new UpcastingEventStore(stored, identityUpcasters);
    reads = new SqliteReadStore({ filename: ':memory:' });
    await events.append('identity.account-adm-1', toNewEvents([admin], ctx), { expectedRevision: 'no_stream' });
    await events.append('identity.account-i-1', toNewEvents([institution], ctx), { expectedRevision: 'no_stream' });
    await events.append('identity.account-i-2', toNewEvents([secondInstitution], ctx), { expectedRevision: 'no_stream' });
    await events.append('identity.account-i-1', toNewEvents([approved], ctx), { expectedRevision: 0 });
    await events.append('identity.account-i-2', toNewEvents([rejected], ctx), { expectedRevision: 0 });
  });

  afterEach(async () => {
    await events.close();
    await reads.close();
  });

  const byId = async () => Object.fromEntries((await reads.collection<AccountDocument>(ACCOUNTS_COLLECTION).find()).map((d) => [d.id, d]));

  it('keeps the administrator (role admin, found by username) and the status of each institution', async () => {
    await projection.apply(await events.readAll(), reads);
    const docs = await byId();
    expect(docs['adm-1']).toMatchObject({ type: 'administrator', role: 'admin', status: 'active', username: 'Chief_Admin', usernameKey: 'chief_admin' });
    expect(docs['i-1']).toMatchObject({
      status: 'active',
      decidedAt: '2025-03-03T08:00:00.000Z',
      decidedBy: 'adm-1',
      name: '广东省考试中心',
      institutionId: DIRECTORY_ID,
      institutionName: '广东省教育考试院',
    });
    expect(docs['i-1'].rejectionReason).toBeUndefined();
    expect(docs['i-2']).toMatchObject({ status: 'rejected', rejectionReason: '资质不符', decidedAt: '2025-03-04T08:00:00.000Z' });
    expect(JSON.stringify(docs)).not.toMatch(/argon2/);
  });

  it('an account approved before institutions had ids has no institutionId until it is linked', async () => {
    const store = new SqliteEventStore({ filename: ':memory:' });
    const fresh = new SqliteReadStore({ filename: ':memory:' });
    try {
      await store.append('identity.account-i-1', toNewEvents([institution, approvedUnlinked], ctx), { expectedRevision: 'no_stream' });
      await projection.apply(await store.readAll(), fresh);
      const [before] = await fresh.collection<AccountDocument>(ACCOUNTS_COLLECTION).find();
      expect(before).toMatchObject({ status: 'active' });
      expect('institutionId' in before).toBe(false);
      await store.append('identity.account-i-1', toNewEvents([linked], ctx), { expectedRevision: 1 });
      await projection.apply(await store.readAll(), fresh);
      expect((await fresh.collection<AccountDocument>(ACCOUNTS_COLLECTION).find({ where: { institutionId: DIRECTORY_ID } })).map((d) => d.id)).toEqual(['i-1']);
    } finally {
      await store.close();
      await fresh.close();
    }
  });

  it('one event at a time, and a replay, give what one batch gives', async () => {
    const history = await events.readAll();
    await projection.apply(history, reads);
    const batched = await byId();
    await reads.collection(ACCOUNTS_COLLECTION).clear();
    for (const e of history) await projection.apply([e], reads);
    expect(await byId()).toEqual(batched);
    await projection.apply(history.slice(0, 3), reads);
    expect(await byId()).toEqual(batched);
  });
});

describe('identity integration events: decisions on institutions', () => {
  const recorded = (streamId: string, event: AccountEvent) => ({ streamId, revision: 1, position: 5, ...toNewEvents([event], ctx)[0] });

  it('publishes an approval, a link and a rejection as INSTITUTION_DECIDED_V1 with the directory institution (null: none)', () => {
    expect(mapIdentityEvent(recorded('identity.account-i-1', approved))).toEqual({
      topic: INSTITUTION_DECIDED_V1,
      data: { accountId: 'i-1', institutionName: '广东省教育考试院', institutionId: DIRECTORY_ID, decision: 'approved', decidedAt: '2025-03-03T08:00:00.000Z' },
    });
    expect(mapIdentityEvent(recorded('identity.account-i-1', approvedUnlinked))).toEqual({
      topic: INSTITUTION_DECIDED_V1,
      data: { accountId: 'i-1', institutionName: '广东省考试中心', institutionId: null, decision: 'approved', decidedAt: '2025-03-03T08:00:00.000Z' },
    });
    expect(mapIdentityEvent(recorded('identity.account-i-1', linked))).toEqual({
      topic: INSTITUTION_DECIDED_V1,
      data: { accountId: 'i-1', institutionName: '广东省教育考试院', institutionId: DIRECTORY_ID, decision: 'approved', decidedAt: '2025-03-05T08:00:00.000Z' },
    });
    expect(mapIdentityEvent(recorded('identity.account-i-2', rejected))).toEqual({
      topic: INSTITUTION_DECIDED_V1,
      data: { accountId: 'i-2', institutionName: '某培训中心', institutionId: null, decision: 'rejected', reason: '资质不符', decidedAt: '2025-03-04T08:00:00.000Z' },
    });
  });

  it('keeps the administrator private', () => {
    expect(mapIdentityEvent(recorded('identity.account-adm-1', admin))).toBeNull();
  });
});

describe('AccountsProjection: the account`s life after registration', () => {
  let events: EventStore;
  /** The store itself, where an old version's events are written as they were. */
  let stored: EventStore;
  let reads: SqliteReadStore;
  const projection = new AccountsProjection();
  const later = (type: string, data: Record<string, unknown>) => ({ type, data: { accountId: 'a-1', ...data } }) as AccountEvent;
  const life: AccountEvent[] = [
    later('MobileChanged', { mobile: '13700001111', previousMobile: '13912345678', changedAt: '2025-03-02T08:00:00.000Z' }),
    later('EmailChanged', { email: 'li.si@new.example.cn', previousEmail: 'li.si@example.com', changedAt: '2025-03-02T09:00:00.000Z' }),
    later('SignedOut', { sessionId: 's-1', tokenExpiresAt: '2025-03-02T11:00:00.000Z', signedOutAt: '2025-03-02T10:00:00.000Z' }),
    later('PasswordReset', { passwordHash: '$argon2id$reset', resetAt: '2025-03-02T11:00:00.000Z' }),
    later('AddressChanged', { address: { province: '广东省', city: '深圳市', district: '南山区', detail: '科技园 1 号' }, changedAt: '2025-03-02T12:00:00.000Z' }),
  ];

  beforeEach(async () => {
    // As the service reads its store: upcast to today's schema versions, appends stamped with them.
    stored = new SqliteEventStore({ filename: ':memory:' });
    events = new UpcastingEventStore(stored, identityUpcasters);
    reads = new SqliteReadStore({ filename: ':memory:' });
    await events.append('identity.account-a-1', toNewEvents([registered, ...life], ctx), { expectedRevision: 'no_stream' });
  });

  afterEach(async () => {
    await events.close();
    await reads.close();
  });

  const doc = () => reads.collection<AccountDocument>(ACCOUNTS_COLLECTION).get('a-1');
  const expected = {
    mobile: '13700001111',
    email: 'li.si@new.example.cn',
    passwordChangedAt: '2025-03-02T11:00:00.000Z',
    address: { province: '广东省', city: '深圳市', district: '南山区', detail: '科技园 1 号' },
    realName: '李四',
  };

  it('follows the mobile, the email, the address and a reset (a sign-out changes nothing here)', async () => {
    await projection.apply(await events.readAll(), reads);
    expect(await doc()).toMatchObject(expected);
  });

  it('one event at a time, and a replay, give what one batch gives', async () => {
    const history = await events.readAll();
    await projection.apply(history, reads);
    const batched = await doc();
    await reads.collection(ACCOUNTS_COLLECTION).clear();
    for (const e of history) await projection.apply([e], reads);
    expect(await doc()).toEqual(batched);
    await projection.apply(history, reads);
    expect(await doc()).toEqual(batched);
  });

  it('a batch delivered again after a crash (before its checkpoint), now with a newer event, ends where it should', async () => {
    const history = await events.readAll();
    await projection.apply(history.slice(0, 5), reads); // up to the reset
    await projection.apply(history.slice(1), reads); // the batch again, with the address change
    expect(await doc()).toMatchObject(expected);
  });

  it('an erasure deletes the document for good: a replay, one by one or in one batch, leaves nothing', async () => {
    const erased = later('AccountErased', { requestedBy: 'self', erasedBy: 'a-1', reason: null, erasedAt: '2025-03-03T08:00:00.000Z' });
    await events.append('identity.account-a-1', toNewEvents([erased], ctx), { expectedRevision: life.length });
    const history = await events.readAll();
    await projection.apply(history.slice(0, -1), reads);
    expect(await doc()).toBeDefined();
    await projection.apply(history.slice(-1), reads);
    expect(await doc()).toBeUndefined();
    await projection.apply(history, reads);
    expect(await doc()).toBeUndefined();
    await reads.collection(ACCOUNTS_COLLECTION).clear();
    await projection.apply(history, reads);
    expect(await doc()).toBeUndefined();
    expect(await reads.collection<AccountDocument>(ACCOUNTS_COLLECTION).find({ where: { usernameKey: 'li_si' } })).toEqual([]);
  });

  it('a rebuild after the key was destroyed (personal fields read as null, `erased`) keeps no document and does not fail', async () => {
    const blank = Object.fromEntries(Object.keys(registered.data).map((k) => [k, k === 'accountId' || k === 'registeredAt' ? (registered.data as Record<string, unknown>)[k] : null]));
    const unreadable = { ...registered, data: { ...blank, erased: true } } as unknown as AccountEvent;
    const erased = later('AccountErased', { requestedBy: 'self', erasedBy: 'a-1', reason: null, erasedAt: '2025-03-03T08:00:00.000Z' });
    const store = new UpcastingEventStore(new SqliteEventStore({ filename: ':memory:' }), identityUpcasters);
    await store.append('identity.account-a-1', toNewEvents([unreadable, ...life.map((e) => ({ ...e, data: { ...e.data, ...(e.type === 'MobileChanged' ? { mobile: null, previousMobile: null } : {}) } }) as AccountEvent), erased], ctx), {
      expectedRevision: 'no_stream',
    });
    await projection.apply(await store.readAll(), reads);
    expect(await doc()).toBeUndefined();
    await store.close();
  });
});

