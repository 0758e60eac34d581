import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, ACCOUNT_REGISTERED_V1, INSTITUTION_DECIDED_V1 } from '@credit-bank/contracts';
import { toNewEvents } from '@credit-bank/kernel';
import { loadEnvironment } from '@credit-bank/platform';
import { JwtService } from '@nestjs/jwt';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom } from 'rxjs';
import { EmbeddedSystem, startEmbedded } from '../apps/embedded/src/composition';
import { percentiles, Row } from './report';

/**
 * A page of 20 from the four lists (GET /achievements, /reviews, /inbox, /catalog/items) on the
 * embedded profile, first on an empty store, then with `stored` achievements in the read models
 * (each stored and submitted to one institution, whose review queue and inbox hold them all),
 * asked by a learner who owns some, a learner who owns none, the institution and anyone. The
 * ratio is the median of the full store over the empty one (target ≤ 1.5).
 */
export async function benchReadModels(stored = 10_000, samples = 60): Promise<Row[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'credit-bank-bench-reads-'));
  const system = await startEmbedded(loadEnvironment({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', SQLITE_SYNCHRONOUS: 'NORMAL', DATA_DIR: dataDir }));
  try {
    const api = `${system.url}/api/v1`;
    const catalog = await getJson(`${api}/catalog/items?category=vocational-qualification&pageSize=1`);
    const item = catalog.items[0];
    const owner = randomUUID();
    const stranger = randomUUID();
    const reviewer = randomUUID();
    await announce(system, ACCOUNT_REGISTERED_V1, 'AccountRegistered', owner, { accountId: owner, accountType: 'individual', username: 'u_owner', displayName: '张三', registeredAt: new Date().toISOString() });
    await announce(system, ACCOUNT_REGISTERED_V1, 'AccountRegistered', stranger, { accountId: stranger, accountType: 'individual', username: 'u_stranger', displayName: '李四', registeredAt: new Date().toISOString() });
    await announce(system, ACCOUNT_REGISTERED_V1, 'InstitutionRegistered', reviewer, { accountId: reviewer, accountType: 'institution', username: 'inst_bench', displayName: item.institutionName, registeredAt: new Date().toISOString() });
    await announce(system, INSTITUTION_DECIDED_V1, 'InstitutionApproved', reviewer, { accountId: reviewer, institutionName: item.institutionName, institutionId: item.institutionId, decision: 'approved', decidedAt: new Date().toISOString() });
    const token = (accountId: string, role: string) => signToken(system, accountId, role);
    const asks: Array<[string, string, string | undefined]> = [
      ['GET /achievements (a learner with 100)', `${api}/achievements?pageSize=20`, token(owner, 'learner')],
      ['GET /achievements (a learner with none)', `${api}/achievements?pageSize=20`, token(stranger, 'learner')],
      ['GET /reviews (the institution, all open)', `${api}/reviews?pageSize=20`, token(reviewer, 'institution')],
      ['GET /inbox (the institution, all messages)', `${api}/inbox?pageSize=20`, token(reviewer, 'institution')],
      ['GET /inbox (a learner with none)', `${api}/inbox?pageSize=20`, token(stranger, 'learner')],
      ['GET /catalog/items (anyone)', `${api}/catalog/items?pageSize=20`, undefined],
    ];
    await until(async () => {
      const res = await fetch(asks[2][1], { headers: { authorization: `Bearer ${asks[2][2]}` } });
      if (res.status !== 200 && process.env.BENCH_DEBUG) process.stderr.write(`${res.status} ${await res.text()}\n`);
      return res.status === 200;
    });

    const empty = new Map<string, number[]>();
    for (const [name, url, bearer] of asks) empty.set(name, await timed(url, bearer, samples));

    // The stored achievements, appended as the ledger would (stored, then submitted to the institution).
    const started = Date.now();
    const learners = Array.from({ length: Math.ceil(stored / 100) - 1 }, () => randomUUID());
    for (let n = 0; n < stored; n++) {
      const achievementId = randomUUID();
      const ownerId = n % 100 === 0 ? owner : learners[n % learners.length];
      const at = new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString();
      const ctx = { actor: ownerId, correlationId: randomUUID(), now: at };
      await system.infrastructure.eventStore.append(
        `ledger.achievement-${achievementId}`,
        toNewEvents(
          [
            {
              type: 'AchievementStored',
              data: {
                achievementId, ownerId, category: item.category, categoryName: item.categoryName ?? item.category, source: 'catalog', catalogItemId: item.id,
                catalogItem: { projectName: item.projectName, achievementName: item.achievementName, institutionId: item.institutionId, institutionName: item.institutionName, type: item.type, typeName: item.typeName, frameworkLevel: item.frameworkLevel, credits: item.credits },
                custom: null, certificateNumber: `B-${n}`, issueDate: '2024-06-30', certificateLevel: null, occupation: null, educationLevel: null, evidenceId: randomUUID(), description: null, storedAt: at,
              },
            },
            { type: 'RecognitionRequested', data: { achievementId, requestedAt: at, responsibleInstitution: item.institutionName, responsibleInstitutionId: item.institutionId, routing: 'institution' } },
          ],
          ctx,
        ),
        { expectedRevision: 'no_stream' },
      );
    }
    await until(async () => (await getJson(asks[2][1], asks[2][2])).total >= stored, 600_000);
    const seeded = `${stored} achievements appended and projected in ${((Date.now() - started) / 1000).toFixed(1)} s`;

    const rows: Row[] = [];
    for (const [name, url, bearer] of asks) {
      const before = percentiles(empty.get(name) ?? []);
      const after = percentiles(await timed(url, bearer, samples));
      rows.push({
        name: `${name}, ${stored} stored`,
        rate: after.p50,
        unit: 'ms (p50)',
        p50: after.p50,
        p99: after.p99,
        note: `empty store p50 ${before.p50.toFixed(2)} ms; ×${(after.p50 / before.p50).toFixed(2)} (target ≤ 1.5: ${after.p50 <= before.p50 * 1.5 ? 'ok' : 'MISSED'})`,
      });
    }
    rows.push({ name: 'seeding', rate: stored, unit: 'achiev.', note: seeded });
    return rows;
  } finally {
    await system.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Positions of the announced identity events: high and increasing, as identity's relay would give them. */
let announced = 9_000_000;

async function announce(system: EmbeddedSystem, topic: string, type: string, accountId: string, data: unknown): Promise<void> {
  const event = { type, schemaVersion: 1, eventId: randomUUID(), streamId: `identity.account-${accountId}`, revision: 0, position: ++announced, occurredAt: new Date().toISOString(), correlationId: randomUUID(), data };
  await lastValueFrom(system.infrastructure.bus!.emit(topic, event), { defaultValue: undefined });
}

function signToken(system: EmbeddedSystem, accountId: string, role: string): string {
  const secret = readFileSync(join(system.dataDir, 'jwt-secret'), 'utf8').trim();
  return new JwtService({ secret }).sign({ sub: accountId, role, sid: randomUUID(), rev: 0 }, { algorithm: 'HS256', expiresIn: 3600, issuer: ACCESS_TOKEN_ISSUER, audience: ACCESS_TOKEN_AUDIENCE });
}

async function getJson(url: string, bearer?: string): Promise<any> {
  const response = await fetch(url, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
  const body = await response.text();
  if (!response.ok) throw new Error(`GET ${url} → ${response.status} ${body}`);
  return JSON.parse(body);
}

/** Milliseconds of `samples` sequential requests (after 5 to warm up), each answered 200 with a page. */
async function timed(url: string, bearer: string | undefined, samples: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < samples + 5; i++) {
    const start = process.hrtime.bigint();
    await getJson(url, bearer);
    if (i >= 5) times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return times;
}

async function until(probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await probe().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the read models did not catch up in time');
}
