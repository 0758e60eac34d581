/**
 * jest globalSetup: makes sure the integration tests have their real servers, in this order:
 *   1. KAFKA_BROKERS / MONGODB_URI / EVENTSTORE_URL already in the environment;
 *   2. testcontainers, when a Docker engine answers;
 *   3. the project's start script (tools/servers/servers.js) when Java + Maven / Go exist; its
 *      FerretDB stores into PostgreSQL, or SQLite with FERRETDB_BACKEND=sqlite.
 * What it finds goes into process.env, which the jest workers inherit. A server that cannot be had
 * is recorded with its reason (CREDIT_BANK_<SERVER>_UNAVAILABLE) so the `describeWith…` helpers
 * skip visibly; with CREDIT_BANK_REQUIRE_SERVERS=1 (CI) a missing Kafka or MongoDB fails the run.
 * CREDIT_BANK_SERVERS=off starts nothing (quick unit runs); =all starts every server even when the
 * selected test files do not seem to need them. globalTeardown (./global-teardown.ts) stops what
 * was started here.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REQUIRED_SERVERS, SERVER_ENV, serversRequired, type ServerKind } from './discovery';
import { dockerUnavailableReason, startEventStoreContainer, startKafkaContainer, startMongoContainer, type StartedServer } from './containers';

interface TestPathPatternsLike {
  isSet(): boolean;
  toExecutor(o: { rootDir: string }): { isMatch(p: string): boolean };
}

/** The parts of jest's GlobalConfig / ProjectConfig read here. */
export interface JestGlobalConfigLike {
  rootDir: string;
  testPathPatterns?: TestPathPatternsLike | string[];
  findRelatedTests?: boolean;
  onlyChanged?: boolean;
  changedSince?: string;
}
export interface JestProjectConfigLike {
  rootDir?: string;
  roots?: string[];
}

interface NativeServerRecord {
  pid: number;
  port: number;
  startMs: number;
  env: Record<string, string>;
  /** FerretDB's storage (postgresql or sqlite). */
  backend?: string;
}
interface ServersScript {
  prepare(what: string, o: { backend?: string }): Record<string, { built: boolean; ms: number }>;
  start(o: { what: string; stateDir: string; ownerPid: number; backend?: string }): Promise<Record<string, NativeServerRecord>>;
  stop(o: { what: string; stateDir: string }): Promise<string[]>;
}

export const SETUP_STATE_KEY = '__CREDIT_BANK_TEST_SERVERS__';
export interface SetupState {
  stops: Array<{ name: string; stop: () => Promise<void> }>;
  /** Run after every server has stopped. */
  cleanups: Array<() => void>;
}

const ALL: ServerKind[] = ['kafka', 'mongodb', 'eventstore'];

/** What a test file needs, judged from the names it uses (the adapters, the drivers, the helpers, the env vars). */
const NEEDS: Record<ServerKind, RegExp> = {
  kafka: /describeWithKafka|kafkaBrokers\(|KAFKA_BROKERS|['"]kafkajs['"]|@credit-bank\/kafka-bus/,
  mongodb: /describeWithMongo|mongoUri\(|MONGODB_URI|['"]mongoose['"]|['"]mongodb['"]|@credit-bank\/mongodb/,
  eventstore: /describeWithEventStore|eventStoreUrl\(|EVENTSTORE_URL|@eventstore\/db-client|@credit-bank\/eventstoredb/,
};

function say(line: string): void {
  process.stderr.write(`[test servers] ${line}\n`);
}

function listTestFiles(dir: string, out: string[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const e of entries) {
    if (e.name === 'node_modules' || e.name === 'dist' || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) listTestFiles(p, out);
    else if (/\.(int-spec|e2e-spec)\.ts$/.test(e.name)) out.push(p);
  }
}

/** Which servers the selected integration/e2e test files need; every server when that cannot be told cheaply. */
export function serversNeeded(globalConfig: JestGlobalConfigLike, projectConfig?: JestProjectConfigLike): Set<ServerKind> {
  if (globalConfig.findRelatedTests || globalConfig.onlyChanged || globalConfig.changedSince) return new Set(ALL);
  const rootDir = projectConfig?.rootDir ?? globalConfig.rootDir;
  const roots = projectConfig?.roots?.length ? projectConfig.roots : [rootDir];
  const files: string[] = [];
  for (const r of roots) listTestFiles(r, files);
  let match: (p: string) => boolean = () => true;
  const tpp = globalConfig.testPathPatterns;
  if (Array.isArray(tpp)) {
    if (tpp.length) {
      const res = tpp.map((s) => new RegExp(s, 'i'));
      match = (p) => res.some((re) => re.test(p));
    }
  } else if (tpp && typeof tpp.isSet === 'function' && tpp.isSet()) {
    const ex = tpp.toExecutor({ rootDir });
    match = (p) => ex.isMatch(p);
  }
  const need = new Set<ServerKind>();
  for (const f of files) {
    if (!match(f)) continue;
    const text = readFileSync(f, 'utf8');
    for (const k of ALL) if (NEEDS[k].test(text)) need.add(k);
  }
  return need;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export default async function globalSetup(globalConfig: JestGlobalConfigLike, projectConfig?: JestProjectConfigLike): Promise<void> {
  const state: SetupState = { stops: [], cleanups: [] };
  (globalThis as Record<string, unknown>)[SETUP_STATE_KEY] = state;
  const required = serversRequired();
  const mode = (process.env.CREDIT_BANK_SERVERS ?? 'auto').toLowerCase();
  const missing = ALL.filter((k) => !process.env[SERVER_ENV[k].url]?.trim());
  const reasons = new Map<ServerKind, string>();
  const found = new Map<ServerKind, string>();
  for (const k of ALL) if (!missing.includes(k)) found.set(k, `${process.env[SERVER_ENV[k].url]} (from the environment)`);

  let wanted: ServerKind[];
  if (mode === 'off') {
    if (required) throw new Error('CREDIT_BANK_SERVERS=off contradicts CREDIT_BANK_REQUIRE_SERVERS=1');
    wanted = [];
    for (const k of missing) reasons.set(k, 'CREDIT_BANK_SERVERS=off');
  } else {
    const need = mode === 'all' ? new Set(ALL) : serversNeeded(globalConfig, projectConfig);
    wanted = missing.filter((k) => need.has(k));
    for (const k of missing) {
      if (!need.has(k)) reasons.set(k, 'not started: no selected test file seemed to need it (CREDIT_BANK_SERVERS=all forces it)');
    }
  }

  if (wanted.length) {
    const dockerReason = await dockerUnavailableReason();
    if (dockerReason === undefined) {
      await Promise.all(
        wanted.map(async (k) => {
          try {
            const s: StartedServer =
              k === 'kafka' ? await startKafkaContainer(freePort) : k === 'mongodb' ? await startMongoContainer() : await startEventStoreContainer();
            state.stops.push({ name: k, stop: s.stop });
            process.env[SERVER_ENV[k].url] = s.url;
            found.set(k, `${s.url} (${s.how})`);
          } catch (e) {
            reasons.set(k, `testcontainers failed: ${errorText(e)}`);
          }
        }),
      );
      // Kafka or MongoDB that testcontainers could not give: try the project's own start script.
      const retry = wanted.filter((k) => k !== 'eventstore' && !found.has(k));
      if (retry.length) await startNative(globalConfig.rootDir, retry, state, found, reasons, `testcontainers failed (${retry.map((k) => reasons.get(k)).join('; ')})`);
    } else {
      await startNative(globalConfig.rootDir, wanted, state, found, reasons, dockerReason);
    }
  }

  for (const k of ALL) {
    const v = SERVER_ENV[k];
    if (found.has(k)) {
      delete process.env[v.unavailable];
      if (wanted.includes(k) || required) say(`${v.label}: ${found.get(k)}`);
    } else {
      const reason = reasons.get(k) ?? 'unknown';
      process.env[v.unavailable] = reason;
      if (wanted.includes(k)) say(`${v.label} UNAVAILABLE: ${reason} — tests that need it are skipped`);
    }
  }

  if (required) {
    const absent = REQUIRED_SERVERS.filter((k) => wanted.includes(k) && !found.has(k));
    if (absent.length) {
      await stopAll(state);
      throw new Error(
        `CREDIT_BANK_REQUIRE_SERVERS=1 but ${absent.map((k) => `${SERVER_ENV[k].label} is unavailable: ${reasons.get(k)}`).join('; ')}`,
      );
    }
  }
}

async function startNative(
  rootDir: string,
  wanted: ServerKind[],
  state: SetupState,
  found: Map<ServerKind, string>,
  reasons: Map<ServerKind, string>,
  dockerReason: string,
): Promise<void> {
  const scriptPath = join(rootDir, 'tools', 'servers', 'servers.js');
  const script = (await import(scriptPath)) as ServersScript;
  const stateDir = mkdtempSync(join(tmpdir(), 'cb-jest-servers-'));
  state.cleanups.push(() => rmSync(stateDir, { recursive: true, force: true }));
  const names: Partial<Record<ServerKind, string>> = { kafka: 'kafka', mongodb: 'ferretdb' };
  for (const k of wanted) {
    if (!names[k]) reasons.set(k, `${SERVER_ENV[k].url} is not set and ${dockerReason}; no ${SERVER_ENV[k].label} server can be installed on this machine`);
  }
  const native = wanted.filter((k) => names[k]);
  // FerretDB's backend: FERRETDB_BACKEND (postgresql or sqlite), else the script's default.
  const backend = process.env.FERRETDB_BACKEND?.trim() || undefined;
  // Prepare one after the other (downloads/builds are cached), then start both at once.
  const prepared = native.filter((k) => {
    try {
      const p = script.prepare(names[k] as string, { backend })[names[k] as string];
      if (p.built) say(`${names[k]} prepared in ${(p.ms / 1000).toFixed(1)} s`);
      return true;
    } catch (e) {
      reasons.set(k, `${SERVER_ENV[k].url} is not set, ${dockerReason}, and tools/servers could not prepare it: ${errorText(e)}`);
      return false;
    }
  });
  await Promise.all(
    prepared.map(async (k) => {
      const name = names[k] as string;
      try {
        const rec = (await script.start({ what: name, stateDir, ownerPid: process.pid, backend }))[name];
        state.stops.push({ name: k, stop: async () => void (await script.stop({ what: name, stateDir })) });
        Object.assign(process.env, rec.env);
        found.set(k, `${rec.env[SERVER_ENV[k].url]} (tools/servers ${name}${rec.backend ? ` on ${rec.backend}` : ''}, pid ${rec.pid}, answered after ${(rec.startMs / 1000).toFixed(1)} s)`);
      } catch (e) {
        reasons.set(k, `${SERVER_ENV[k].url} is not set, ${dockerReason}, and tools/servers could not start it: ${errorText(e)}`);
      }
    }),
  );
}

export async function stopAll(state: SetupState | undefined): Promise<void> {
  if (!state) return;
  const stops = state.stops.splice(0).reverse();
  const results = await Promise.allSettled(stops.map((s) => s.stop()));
  results.forEach((r, i) => {
    if (r.status === 'rejected') say(`stopping ${stops[i].name} failed: ${errorText(r.reason)}`);
  });
  for (const c of state.cleanups.splice(0)) c();
}
