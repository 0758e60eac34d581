import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, Actor, ACCOUNT_REGISTERED_V1, AccountRegisteredV1, INSTITUTION_DECIDED_V1, InstitutionDecidedV1 } from '@credit-bank/contracts';
import { loadEnvironment } from '@credit-bank/platform';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom } from 'rxjs';
import { EmbeddedSystem, startEmbedded } from '../composition';

export interface TestSystem extends EmbeddedSystem {
  /** Stops the system and removes its data folder (unless `keep`). */
  dispose(options?: { keep?: boolean }): Promise<void>;
}

/**
 * Starts the whole embedded profile on a free port with its data in a new temporary folder. The
 * tests talk to it over loopback, as a local proxy would: TRUST_PROXY defaults to `loopback` so a
 * spec may give each actor a client address of its own with X-Forwarded-For (pass
 * `TRUST_PROXY: 'none'` to see the production default).
 */
export async function startTestSystem(env: Record<string, string> = {}): Promise<TestSystem> {
  const dataDir = env.DATA_DIR ?? mkdtempSync(join(tmpdir(), 'credit-bank-e2e-'));
  const system = await startEmbedded(loadEnvironment({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', SQLITE_SYNCHRONOUS: 'NORMAL', TRUST_PROXY: 'loopback', ...env, DATA_DIR: dataDir }));
  return Object.assign(system, {
    async dispose(options: { keep?: boolean } = {}) {
      await system.close();
      if (!options.keep) rmSync(dataDir, { recursive: true, force: true });
    },
  });
}

export interface HttpResult<T = any> {
  status: number;
  headers: Headers;
  body: T;
  contentType: string;
}

export interface RequestOptions {
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
  form?: FormData;
}

/** A tiny HTTP client over the real socket (fetch), returning parsed JSON when there is some. */
export function httpClient(baseUrl: string) {
  return async function request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<HttpResult<T>> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | FormData | undefined;
    if (options.form) body = options.form;
    else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body });
    const contentType = response.headers.get('content-type') ?? '';
    const raw = Buffer.from(await response.arrayBuffer());
    const parsed = /json/.test(contentType) && raw.length ? JSON.parse(raw.toString('utf8')) : raw;
    return { status: response.status, headers: response.headers, body: parsed as T, contentType };
  };
}

/**
 * Signs an access token as the identity service would (for tests that need an actor only): a
 * session of its own (`sid`) issued at revision 0 (`rev`), which nothing has revoked.
 */
export function tokenFor(system: EmbeddedSystem, actor: Actor, expiresInSeconds = 600): string {
  const secret = readFileSync(join(system.dataDir, 'jwt-secret'), 'utf8').trim();
  return new JwtService({ secret }).sign({ sub: actor.accountId, role: actor.role, sid: randomUUID(), rev: 0 }, {
    algorithm: 'HS256',
    expiresIn: expiresInSeconds,
    issuer: ACCESS_TOKEN_ISSUER,
    audience: ACCESS_TOKEN_AUDIENCE,
  });
}

/** The newest SMS code sent to a mobile, read from the development outbox. */
export function lastSmsCode(system: EmbeddedSystem, mobile: string, purpose = 'register'): string | undefined {
  let text = '';
  try {
    text = readFileSync(system.smsOutbox, 'utf8');
  } catch {
    return undefined;
  }
  const lines = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { mobile: string; purpose: string; code: string });
  return lines.filter((l) => l.mobile === mobile && l.purpose === purpose).pop()?.code;
}

let announcedPosition = 9_000_000;

/**
 * Emits an identity integration event on the in-process bus, as identity's relay does, so a test
 * can have many actors without registering each over HTTP (positions are high and increasing, as
 * the relay's would be after the store's own events).
 */
export async function emitIdentityEvent(system: EmbeddedSystem, topic: string, type: string, accountId: string, data: unknown): Promise<void> {
  announcedPosition += 1;
  const event = {
    type,
    schemaVersion: 1,
    eventId: randomUUID(),
    streamId: `identity.account-${accountId}`,
    revision: 0,
    position: announcedPosition,
    occurredAt: new Date().toISOString(),
    correlationId: randomUUID(),
    data,
  };
  await lastValueFrom(system.infrastructure.bus!.emit(topic, event), { defaultValue: undefined });
}

/** A learner as identity announces it (the ledger learns the name). */
export function announceLearner(system: EmbeddedSystem, accountId: string, realName: string): Promise<void> {
  const data: AccountRegisteredV1['data'] = { accountId, accountType: 'individual', username: `u_${accountId.slice(0, 8)}`, displayName: realName, registeredAt: new Date().toISOString() };
  return emitIdentityEvent(system, ACCOUNT_REGISTERED_V1, 'AccountRegistered', accountId, data);
}

/**
 * An institution account as identity announces it: registered, then approved — linked to the
 * directory institution `institutionId`, or unlinked with null — or rejected, or left pending.
 */
export async function announceInstitution(system: EmbeddedSystem, accountId: string, name: string, institutionId: string | null, decision?: 'approved' | 'rejected'): Promise<void> {
  const registered: AccountRegisteredV1['data'] = { accountId, accountType: 'institution', username: `inst_${accountId.slice(0, 8)}`, displayName: name, registeredAt: new Date().toISOString() };
  await emitIdentityEvent(system, ACCOUNT_REGISTERED_V1, 'InstitutionRegistered', accountId, registered);
  if (!decision) return;
  const decided: InstitutionDecidedV1['data'] = {
    accountId,
    institutionName: name,
    ...(decision === 'approved' && institutionId ? { institutionId } : {}),
    decision,
    ...(decision === 'rejected' ? { reason: '资质不符' } : {}),
    decidedAt: new Date().toISOString(),
  };
  await emitIdentityEvent(system, INSTITUTION_DECIDED_V1, decision === 'approved' ? 'InstitutionApproved' : 'InstitutionRejected', accountId, decided);
}

/** Polls `probe` until `ok` holds or the time is up; answers the last value either way. */
export async function eventually<T>(probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** The answer is an application/problem+json with this status and stable code. */
export function expectProblem(res: HttpResult, status: number, code: string): void {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
  expect(res.contentType).toMatch(/^application\/problem\+json/);
}

/**
 * Check characters for test data, computed here rather than by the domain code under test:
 * GB 32100 (统一社会信用代码) and GB 11643 (居民身份证号码), each from the first 17 characters.
 */
export function creditCode(first17: string): string {
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let sum = 0;
  let weight = 1;
  for (const c of first17) {
    sum += alphabet.indexOf(c) * weight;
    weight = (weight * 3) % 31;
  }
  return first17 + alphabet[(31 - (sum % 31)) % 31];
}

export function residentId(first17: string): string {
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * (2 ** (17 - i) % 11), 0);
  const value = (12 - (sum % 11)) % 11;
  return first17 + (value === 10 ? 'X' : String(value));
}
