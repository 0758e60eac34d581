import { LEDGER_PATTERNS } from '@credit-bank/contracts';
import { EVENT_STORE, EventStore, toNewEvents } from '@credit-bank/kernel';
import { CatalogProjectionsHost } from '@credit-bank/catalog-service';
import { LedgerProjectionsHost, StoreAchievementCommand } from '@credit-bank/ledger-service';
import { CommandOutcomes, commandOutcomeStreamId } from '@credit-bank/platform';
import { CommandBus } from '@nestjs/cqrs';
import { randomUUID } from 'node:crypto';
import { PNG_EVIDENCE } from '@credit-bank/testing';
import { httpClient, startTestSystem, TestSystem, tokenFor } from './testing/e2e-support';

/**
 * Honest command outcomes over real HTTP on the embedded profile: a command whose read model has
 * not caught up in time is answered 202 Accepted with a Location to poll (never a 201 the next
 * read contradicts), and every command runs with an idempotency key.
 */

let system: TestSystem;
let request: ReturnType<typeof httpClient>;
let token: string;
let learnerId: string;
let catalogItem: { id: string; category: string };
let certificates = 0;

async function evidence(): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([PNG_EVIDENCE], { type: 'image/png' }), 'scan.png');
  const res = await request('POST', '/api/v1/evidence', { token, form });
  expect(res.status).toBe(201);
  return res.body.id;
}

async function achievementBody(): Promise<Record<string, unknown>> {
  return {
    category: catalogItem.category,
    catalogItemId: catalogItem.id,
    certificateNumber: `OUT-${++certificates}`,
    issueDate: '2024-06-30',
    certificateLevel: '2',
    occupation: '计算机程序设计员',
    educationLevel: '61',
    evidenceId: await evidence(),
  };
}

async function eventually<T>(probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

beforeAll(async () => {
  system = await startTestSystem();
  request = httpClient(system.url);
  learnerId = randomUUID();
  token = tokenFor(system, { accountId: learnerId, role: 'learner' });
  const items = await request('GET', '/api/v1/catalog/items?category=vocational-qualification&pageSize=1');
  catalogItem = items.body.items[0];
});

afterAll(async () => {
  await system?.dispose();
});

describe('read-your-writes', () => {
  it('answers 201 when the read model has the new achievement, and echoes the idempotency key it made', async () => {
    const res = await request('POST', '/api/v1/achievements', { token, body: await achievementBody() });
    expect(res.status).toBe(201);
    expect(res.headers.get('idempotency-key')).toMatch(/^[0-9a-f-]{36}$/);
    expect((await request('GET', res.headers.get('location') ?? '', { token })).status).toBe(200);
  });

  it('answers 202 with the id, a Location to poll and Retry-After when the read model has not caught up in time', async () => {
    const body = await achievementBody();
    const projections = system.services[2].get(LedgerProjectionsHost);
    await projections.runner.stop();
    let res;
    try {
      res = await request('POST', '/api/v1/achievements', { token, body });
      expect(res.status).toBe(202);
      expect(res.body).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), revision: 0 });
      expect(res.headers.get('location')).toBe(`/api/v1/achievements/${res.body.id}`);
      expect(res.headers.get('retry-after')).toBe('1');
      // Not readable yet, as the 202 said.
      expect((await request('GET', `/api/v1/achievements/${res.body.id}`, { token })).status).toBe(404);
    } finally {
      await projections.runner.start();
    }
    const polled = await eventually(
      () => request('GET', res.headers.get('location') ?? '', { token }),
      (r) => r.status === 200,
    );
    expect(polled.status).toBe(200);
    expect(polled.body).toMatchObject({ id: res.body.id, revision: 0 });
  }, 30_000);
});

describe('read-your-writes in the catalogue', () => {
  it('answers an administrator’s new directory institution 202 with its id when the catalogue’s read model lags, 201 once it follows', async () => {
    const admin = tokenFor(system, { accountId: randomUUID(), role: 'admin' });
    const projections = system.services[1].get(CatalogProjectionsHost);
    await projections.runner.stop();
    let res;
    try {
      res = await request('POST', '/api/v1/admin/qualification-institutions', { token: admin, body: { name: `延迟测试学院${randomUUID().slice(0, 8)}` } });
      expect({ status: res.status, body: res.body, location: res.headers.get('location') }).toEqual({
        status: 202,
        body: { id: expect.stringMatching(/^[0-9a-f-]{36}$/), revision: 0 },
        location: `/api/v1/qualification-institutions/${res.body.id}`,
      });
    } finally {
      await projections.runner.start();
    }
    const polled = await eventually(() => request('GET', res.headers.get('location') ?? ''), (r) => r.status === 200);
    expect(polled.body).toMatchObject({ id: res.body.id, revision: 0 });
    const next = await request('POST', '/api/v1/admin/qualification-institutions', { token: admin, body: { name: `准时测试学院${randomUUID().slice(0, 8)}` } });
    expect(next.status).toBe(201);
  }, 30_000);
});

describe('idempotency keys', () => {
  const total = async (): Promise<number> => (await request('GET', '/api/v1/achievements', { token })).body.total;
  const store_ = (body: Record<string, unknown>, key: string) => request('POST', '/api/v1/achievements', { token, body, headers: { 'idempotency-key': key } });

  it('refuses a malformed Idempotency-Key', async () => {
    const res = await store_(await achievementBody(), 'not a key!');
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'GATEWAY.IDEMPOTENCY_KEY_INVALID' });
  });

  it('answers the same key twice with the first answer, and stores one achievement', async () => {
    const body = await achievementBody();
    const key = randomUUID();
    const before = await total();
    const first = await store_(body, key);
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotency-key')).toBe(key);
    const again = await store_(body, key);
    expect({ status: again.status, body: again.body, location: again.headers.get('location') }).toEqual({ status: 201, body: first.body, location: first.headers.get('location') });
    expect(await total()).toBe(before + 1);
  });

  it('answers a repeated refusal with the first refusal', async () => {
    const body = { ...(await achievementBody()), issueDate: '2999-01-01' };
    const key = randomUUID();
    const first = await store_(body, key);
    expect(first.status).toBe(400);
    const again = await store_(body, key);
    expect({ status: again.status, code: again.body.code }).toEqual({ status: 400, code: first.body.code });
  });

  it('refuses the same key with another body (409 IDEMPOTENCY.KEY_REUSED) and stores nothing for it', async () => {
    const key = randomUUID();
    expect((await store_(await achievementBody(), key)).status).toBe(201);
    const before = await total();
    const other = await store_(await achievementBody(), key);
    expect({ status: other.status, code: other.body.code }).toEqual({ status: 409, code: 'IDEMPOTENCY.KEY_REUSED' });
    expect(other.contentType).toMatch(/^application\/problem\+json/);
    expect(await total()).toBe(before);
  });

  it('keeps keys apart per caller: another learner’s same key is a request of its own', async () => {
    const key = randomUUID();
    expect((await store_(await achievementBody(), key)).status).toBe(201);
    const otherToken = tokenFor(system, { accountId: randomUUID(), role: 'learner' });
    const form = new FormData();
    form.append('file', new Blob([PNG_EVIDENCE], { type: 'image/png' }), 'scan.png');
    const evidenceId = (await request('POST', '/api/v1/evidence', { token: otherToken, form })).body.id;
    const body = { ...(await achievementBody()), evidenceId };
    const res = await request('POST', '/api/v1/achievements', { token: otherToken, body, headers: { 'idempotency-key': key } });
    expect(res.status).toBe(201);
  });

  it('acts once for parallel duplicates: every one gets the same answer', async () => {
    const body = await achievementBody();
    const key = randomUUID();
    const before = await total();
    const answers = await Promise.all(Array.from({ length: 8 }, () => store_(body, key)));
    expect(answers.map((a) => a.status)).toEqual(Array(8).fill(201));
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    expect(await total()).toBe(before + 1);
  });

  it('answers an administrator’s repeated directory listing with the first answer: one institution, not a 409 for its own name', async () => {
    const admin = tokenFor(system, { accountId: randomUUID(), role: 'admin' });
    const body = { name: `幂等测试学院${randomUUID().slice(0, 8)}` };
    const key = randomUUID();
    const first = await request('POST', '/api/v1/admin/qualification-institutions', { token: admin, body, headers: { 'idempotency-key': key } });
    expect(first.status).toBe(201);
    const again = await request('POST', '/api/v1/admin/qualification-institutions', { token: admin, body, headers: { 'idempotency-key': key } });
    expect({ status: again.status, id: again.body.id }).toEqual({ status: 201, id: first.body.id });
    // Without the key it is a new request, refused for the name the first one took.
    const fresh = await request('POST', '/api/v1/admin/qualification-institutions', { token: admin, body });
    expect({ status: fresh.status, code: fresh.body.code }).toEqual({ status: 409, code: 'CATALOG.INSTITUTION_NAME_TAKEN' });
  });

  it('takes over a key whose first run died after storing, and answers what that run stored instead of storing twice', async () => {
    const body = await achievementBody();
    const key = randomUUID();
    const learner = { accountId: learnerId, role: 'learner' as const };
    const meta = { actor: learner, correlationId: randomUUID(), idempotencyKey: key };
    const ledger = system.services[2];
    const store: EventStore = ledger.get(EVENT_STORE, { strict: false });
    // The first run as it was when the process died: the key started (its lease since run out), the achievement stored, no outcome.
    const stream = commandOutcomeStreamId(meta, LEDGER_PATTERNS.storeAchievement) ?? '';
    const expired = new Date(Date.now() - 60_000).toISOString();
    await store.append(
      stream,
      toNewEvents(
        [{ type: 'CommandStarted', data: { pattern: LEDGER_PATTERNS.storeAchievement, fingerprint: system.services[2].get(CommandOutcomes, { strict: false }).fingerprint(LEDGER_PATTERNS.storeAchievement, body), startedAt: expired, leaseUntil: expired } }],
        { actor: learnerId, correlationId: meta.correlationId, now: expired },
      ),
      { expectedRevision: 'no_stream' },
    );
    const died = await ledger.get(CommandBus).execute(new StoreAchievementCommand(body as never, meta));
    const before = await total();

    const retry = await store_(body, key);
    expect({ status: retry.status, body: retry.body }).toEqual({ status: 201, body: died });
    expect(await total()).toBe(before);
    // Its outcome is recorded now: the next retry is answered from it.
    expect((await store.readStream(stream)).map((e) => e.type)).toEqual(['CommandStarted', 'CommandStarted', 'CommandCompleted']);
  });

  it('takes over a key whose first run died before storing, and stores it once', async () => {
    const body = await achievementBody();
    const key = randomUUID();
    const meta = { actor: { accountId: learnerId, role: 'learner' as const }, correlationId: randomUUID(), idempotencyKey: key };
    const store: EventStore = system.services[2].get(EVENT_STORE, { strict: false });
    const expired = new Date(Date.now() - 60_000).toISOString();
    await store.append(
      commandOutcomeStreamId(meta, LEDGER_PATTERNS.storeAchievement) ?? '',
      toNewEvents(
        [{ type: 'CommandStarted', data: { pattern: LEDGER_PATTERNS.storeAchievement, fingerprint: system.services[2].get(CommandOutcomes, { strict: false }).fingerprint(LEDGER_PATTERNS.storeAchievement, body), startedAt: expired, leaseUntil: expired } }],
        { actor: learnerId, correlationId: meta.correlationId, now: expired },
      ),
      { expectedRevision: 'no_stream' },
    );
    const before = await total();
    const retry = await store_(body, key);
    expect(retry.status).toBe(201);
    expect(await total()).toBe(before + 1);
    expect((await store_(body, key)).body).toEqual(retry.body);
    expect(await total()).toBe(before + 1);
  });
});
