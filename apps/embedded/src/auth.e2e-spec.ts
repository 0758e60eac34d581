import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { httpClient, startTestSystem, TestSystem, tokenFor } from './testing/e2e-support';

/** Access tokens are verified with an algorithm allow-list (HS256) and their expiry. */
describe('access tokens (embedded profile)', () => {
  let system: TestSystem;
  let secret: string;
  let api: ReturnType<typeof httpClient>;
  const actor = { accountId: randomUUID(), role: 'learner' as const };

  beforeAll(async () => {
    system = await startTestSystem();
    secret = readFileSync(join(system.dataDir, 'jwt-secret'), 'utf8').trim();
    api = httpClient(`${system.url}/api/v1`);
  });
  afterAll(() => system?.dispose());

  const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

  async function expectRefused(token: string) {
    const response = await api('GET', '/achievements', { token });
    expect(response.status).toBe(401);
    expect(response.contentType).toMatch(/application\/problem\+json/);
    expect(response.body.code).toBe('AUTH.TOKEN_INVALID');
  }

  it('accepts a valid HS256 token', async () => {
    expect((await api('GET', '/achievements', { token: tokenFor(system, actor) })).status).toBe(200);
  });

  it('refuses a missing token with its own code', async () => {
    const response = await api('GET', '/achievements');
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('AUTH.TOKEN_MISSING');
  });

  it('refuses an unsigned token (alg none)', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(`${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: actor.accountId, role: 'learner', iat: now, exp: now + 600 })}.`);
  });

  it('refuses a token signed with the right secret but another algorithm (HS512)', async () => {
    await expectRefused(new JwtService({ secret }).sign({ sub: actor.accountId, role: 'learner' }, { algorithm: 'HS512', expiresIn: 600 }));
  });

  it('refuses an expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(new JwtService({ secret }).sign({ sub: actor.accountId, role: 'learner', iat: now - 7200, exp: now - 3600 }, { algorithm: 'HS256' }));
  });

  it('refuses a token signed with another secret, and one with an unknown role', async () => {
    await expectRefused(new JwtService({ secret: 'x'.repeat(48) }).sign({ sub: actor.accountId, role: 'learner' }, { algorithm: 'HS256', expiresIn: 600 }));
    await expectRefused(new JwtService({ secret }).sign({ sub: actor.accountId, role: 'root' }, { algorithm: 'HS256', expiresIn: 600 }));
  });
});
