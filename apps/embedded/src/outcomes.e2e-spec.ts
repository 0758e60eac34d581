import { LedgerProjectionsHost } from '@credit-bank/ledger-service';
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
  token = tokenFor(system, { accountId: randomUUID(), role: 'learner' });
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

describe('idempotency keys', () => {
  it('refuses a malformed Idempotency-Key', async () => {
    const res = await request('POST', '/api/v1/achievements', { token, body: await achievementBody(), headers: { 'idempotency-key': 'not a key!' } });
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 400, code: 'GATEWAY.IDEMPOTENCY_KEY_INVALID' });
  });
});
