/**
 * Test support for the distributed profile: builds `dist/` when it is missing or older than the
 * sources, spawns the four programs (`node dist/apps/<service>/src/main.js`) as separate
 * processes with their own environment, waits for them, stops / kills / restarts them, and reads
 * their event stores and read models for comparisons.
 */
import { catalogProjections } from '@credit-bank/catalog-service';
import { identityProjections, mapIdentityEvent } from '@credit-bank/identity-service';
import { canonicalJson, deriveMasterKeys, openEvents, parseMasterKey, Projection, RecordedEvent } from '@credit-bank/kernel';
import { ledgerIntegrationConsumers, ledgerProjections } from '@credit-bank/ledger-service';
import { MongoReadStore, MongoSubjectKeyStore } from '@credit-bank/mongodb';
import { toIntegrationEvent } from '@credit-bank/platform';
import { SqliteEventHistory } from '@credit-bank/sqlite-event-store';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, WriteStream } from 'node:fs';
import { join, resolve } from 'node:path';
import mongoose from 'mongoose';

export const REPO = resolve(__dirname, '..', '..', '..', '..');
export const SERVICES = ['identity', 'catalog', 'ledger', 'gateway'] as const;
export type ServiceName = (typeof SERVICES)[number];
export const JWT_SECRET = 'distributed-e2e-secret-0123456789-abcdefghijklmnop';
/** The master key of the test cluster's services (32 bytes, hex). */
export const MASTER_KEY = '5eed'.repeat(16);

function say(line: string): void {
  process.stderr.write(`[distributed] ${line}\n`);
}

function newestSource(dir: string): number {
  let newest = 0;
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.ts') && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(e.name)) newest = Math.max(newest, statSync(p).mtimeMs);
    }
  };
  walk(dir);
  return newest;
}

/** The oldest of the four entrypoints in dist (0 when one is missing). */
function oldestBuild(): number {
  let oldest = Number.POSITIVE_INFINITY;
  for (const s of SERVICES) {
    const file = join(REPO, 'dist', 'apps', s, 'src', 'main.js');
    if (!existsSync(file)) return 0;
    oldest = Math.min(oldest, statSync(file).mtimeMs);
  }
  return oldest;
}

/**
 * Compiles the sources into dist/ (tsc + tsc-alias, as `npm run build` does, without removing
 * dist first) when an entrypoint is missing or older than a source file. Two test files may ask at
 * once: a lock folder makes the second wait for the first build.
 */
export function ensureBuilt(): void {
  const lock = join(REPO, 'tmp', 'dist-build.lock');
  mkdirSync(join(REPO, 'tmp'), { recursive: true });
  const until = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > until) throw new Error(`dist build lock ${lock} held for 5 minutes (remove it if no build runs)`);
      if (existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 300_000) rmSync(lock, { recursive: true, force: true });
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    const sources = Math.max(newestSource(join(REPO, 'apps')), newestSource(join(REPO, 'libs')));
    const built = oldestBuild();
    if (built >= sources) return;
    say(built ? 'dist/ is older than the sources: building (tsc -p tsconfig.build.json && tsc-alias)' : 'dist/ has no distributed entrypoints: building (tsc -p tsconfig.build.json && tsc-alias)');
    const started = Date.now();
    const tsc = spawnSync(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: REPO, encoding: 'utf8' });
    if (tsc.status !== 0) {
      // tsc still writes the JavaScript; type errors are the typecheck's business (npm run typecheck).
      say(`tsc reported errors (the JavaScript is emitted anyway):\n${(tsc.stdout + tsc.stderr).split('\n').slice(0, 10).join('\n')}`);
    }
    const alias = spawnSync(process.execPath, [join(REPO, 'node_modules', 'tsc-alias', 'dist', 'bin', 'index.js'), '-p', 'tsconfig.build.json'], { cwd: REPO, encoding: 'utf8' });
    if (alias.status !== 0) throw new Error(`tsc-alias failed: ${alias.stdout}${alias.stderr}`);
    if (oldestBuild() === 0) throw new Error('the build did not produce dist/apps/<service>/src/main.js');
    say(`built in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

export interface ClusterOptions {
  kafkaBrokers: string;
  mongoUri: string;
  /** Namespace of this run: topic prefix `<id>.`, database prefix `<id>-`, data under `<root>`. */
  id: string;
  root: string;
  /** Extra environment for every process. */
  env?: Record<string, string>;
}

/** One running program of the distributed profile. */
export class ServiceProcess {
  child?: ChildProcess;
  url = '';
  exit?: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private log?: WriteStream;
  private lines: string[] = [];

  constructor(
    readonly service: ServiceName,
    readonly env: Record<string, string>,
    readonly logFile: string,
  ) {}

  /** Starts the program and resolves once it logged that it is ready (with its port). */
  async start(timeoutMs = 90_000): Promise<void> {
    this.log = createWriteStream(this.logFile, { flags: 'a' });
    this.lines = [];
    const child = spawn(process.execPath, [join(REPO, 'dist', 'apps', this.service, 'src', 'main.js')], {
      cwd: REPO,
      env: { PATH: process.env.PATH ?? '', ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exit = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
    const ready = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${this.service} not ready within ${timeoutMs} ms; last lines:\n${this.lines.slice(-15).join('\n')}`)), timeoutMs);
      let buffer = '';
      const onData = (chunk: Buffer) => {
        this.log?.write(chunk);
        buffer += chunk.toString('utf8');
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          this.lines.push(line);
          if (this.lines.length > 200) this.lines.shift();
          if (line.includes(' ready') && line.includes('"port"')) {
            try {
              const port = (JSON.parse(line) as { port?: number }).port;
              if (port) {
                clearTimeout(timer);
                resolve(`http://127.0.0.1:${port}`);
              }
            } catch {
              // not a JSON line
            }
          }
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', (chunk: Buffer) => {
        this.log?.write(chunk);
        this.lines.push(chunk.toString('utf8').trimEnd());
      });
      void this.exit?.then(({ code, signal }) => {
        clearTimeout(timer);
        reject(new Error(`${this.service} exited (code ${code}, signal ${signal}) before it was ready; last lines:\n${this.lines.slice(-15).join('\n')}`));
      });
    });
    this.url = await ready;
  }

  get running(): boolean {
    return !!this.child && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Sends a signal and waits for the exit (SIGKILL after `timeoutMs`). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 30_000): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (!this.child || !this.exit) return { code: null, signal: null };
    if (!this.running) return this.exit;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), timeoutMs);
    const result = await this.exit;
    clearTimeout(timer);
    this.log?.end();
    return result;
  }

  /** The log lines kept in memory (the last 200). */
  recentLines(): string[] {
    return [...this.lines];
  }
}

export class Cluster {
  readonly processes = new Map<ServiceName, ServiceProcess>();

  constructor(readonly options: ClusterOptions) {
    mkdirSync(options.root, { recursive: true });
    for (const service of SERVICES) {
      const env: Record<string, string> = {
        KAFKA_BROKERS: options.kafkaBrokers,
        MONGODB_URI: options.mongoUri,
        KAFKA_TOPIC_PREFIX: `${options.id}.`,
        MONGODB_DATABASE_PREFIX: `${options.id}-`,
        KAFKA_TOPIC_PARTITIONS: '3',
        KAFKA_REPLICATION_FACTOR: '1',
        JWT_SECRET,
        MASTER_KEY,
        HOST: '127.0.0.1',
        PORT: '0',
        LOG_LEVEL: 'info',
        SQLITE_SYNCHRONOUS: 'NORMAL',
        DATA_DIR: join(options.root, service),
        SMS_OUTBOX: this.smsOutbox,
        REQUEST_TIMEOUT_MS: '10000',
        // The tests are the gateway's local proxy: each learner gets an X-Forwarded-For address of its own (testing/http.ts).
        TRUST_PROXY: 'loopback',
        ...options.env,
      };
      this.processes.set(service, new ServiceProcess(service, env, join(options.root, `${service}.log`)));
    }
  }

  get smsOutbox(): string {
    return join(this.options.root, 'sms-outbox.jsonl');
  }

  get(service: ServiceName): ServiceProcess {
    return this.processes.get(service) as ServiceProcess;
  }

  get gatewayUrl(): string {
    return this.get('gateway').url;
  }

  /** The services first (they make their topics), then the gateway; waits until the gateway is ready. */
  async start(): Promise<void> {
    await Promise.all((['identity', 'catalog', 'ledger'] as const).map((s) => this.get(s).start()));
    await this.get('gateway').start();
    await waitFor(async () => (await fetch(`${this.gatewayUrl}/health/ready`)).status === 200, 60_000, 'the gateway to be ready');
  }

  /** SIGTERM to every process; resolves with their exits. */
  async stop(): Promise<Record<string, { code: number | null; signal: NodeJS.Signals | null }>> {
    const out: Record<string, { code: number | null; signal: NodeJS.Signals | null }> = {};
    out.gateway = await this.get('gateway').stop();
    await Promise.all((['identity', 'catalog', 'ledger'] as const).map(async (s) => (out[s] = await this.get(s).stop())));
    return out;
  }

  database(service: string): string {
    return `${this.options.id}-${service}`;
  }

  topic(pattern: string): string {
    return `${this.options.id}.${pattern}`;
  }

  eventStoreFile(service: ServiceName): string {
    return join(this.options.root, service, `events-${service}.sqlite`);
  }

  /**
   * The service's events in position order as the service reads them (read-only, while the
   * process may be writing): personal fields opened with the cluster's key store (database
   * `<id>-keys`) and master key.
   */
  async events(service: ServiceName): Promise<RecordedEvent[]> {
    const keyStore = new MongoSubjectKeyStore(
      { uri: this.options.mongoUri, dbName: this.database('keys') },
      { wrappingKey: deriveMasterKeys(parseMasterKey(this.options.env?.MASTER_KEY ?? MASTER_KEY)).wrapping },
    );
    try {
      return await openEvents(keyStore, this.storedEvents(service));
    } finally {
      await keyStore.close();
    }
  }

  /** The service's events in position order as stored (personal fields sealed). */
  storedEvents(service: ServiceName): RecordedEvent[] {
    const file = this.eventStoreFile(service);
    if (!existsSync(file)) return [];
    const history = new SqliteEventHistory(file);
    try {
      return [...history.scan()].map((raw) => ({
        streamId: raw.streamId,
        revision: raw.revision,
        position: raw.position,
        type: raw.type,
        data: JSON.parse(raw.data),
        metadata: JSON.parse(raw.metadata),
      }));
    } finally {
      history.close();
    }
  }

  /**
   * Rebuilds a service's read models from the event stores into a scratch database (the
   * service's projections; for the ledger also its read models fed by identity's integration
   * events, made from identity's stored events with the relay's mapper) and returns its dump.
   */
  async rebuild(service: 'identity' | 'catalog' | 'ledger'): Promise<Dump> {
    const dbName = `${this.options.id}-rebuild-${service}-${Date.now().toString(36)}`;
    const store = new MongoReadStore({ uri: this.options.mongoUri, dbName });
    try {
      const projections: Projection[] = service === 'identity' ? identityProjections() : service === 'catalog' ? catalogProjections() : ledgerProjections();
      const events = await this.events(service);
      for (let i = 0; i < events.length; i += 500) {
        const batch = events.slice(i, i + 500);
        for (const projection of projections) await projection.apply(batch, store);
      }
      if (service === 'ledger') {
        const consumers = ledgerIntegrationConsumers(store);
        for (const event of await this.events('identity')) {
          const mapped = mapIdentityEvent(event);
          const consume = mapped && consumers[mapped.topic];
          if (mapped && consume) await consume(toIntegrationEvent(event, mapped.data));
        }
      }
      return await dumpDatabase(this.options.mongoUri, dbName);
    } finally {
      await store.close();
      await dropDatabase(this.options.mongoUri, dbName);
    }
  }

  /** The live read models of a service (its MongoDB database). */
  live(service: 'identity' | 'catalog' | 'ledger'): Promise<Dump> {
    return dumpDatabase(this.options.mongoUri, this.database(service));
  }

  async dropDatabases(): Promise<void> {
    for (const s of ['identity', 'catalog', 'ledger', 'keys']) await dropDatabase(this.options.mongoUri, this.database(s)).catch(() => undefined);
  }

  /** The newest SMS code sent to a mobile (identity's development outbox). */
  lastSmsCode(mobile: string, purpose = 'register'): string | undefined {
    if (!existsSync(this.smsOutbox)) return undefined;
    const lines = readFileSync(this.smsOutbox, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { mobile: string; purpose: string; code: string });
    return lines.filter((l) => l.mobile === mobile && l.purpose === purpose).pop()?.code;
  }
}

/** collection → id → canonical JSON of the visible document (`id`, `_position` and its fields). */
export type Dump = Map<string, Map<string, string>>;

/** Every read-model collection (`rm_*`, `rmx_*`) of a database, canonically; checkpoints and GridFS are not read models. */
export async function dumpDatabase(uri: string, dbName: string): Promise<Dump> {
  const connection = await mongoose.createConnection(uri, { dbName, bufferCommands: false, autoCreate: false, autoIndex: false }).asPromise();
  try {
    const db = connection.db as mongoose.mongo.Db;
    const dump: Dump = new Map();
    const names = (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name).filter((n) => n.startsWith('rm_') || n.startsWith('rmx_'));
    for (const name of names.sort()) {
      const docs = new Map<string, string>();
      const rows = await db.collection<{ _id: string; _position: number; _deleted: boolean; doc?: Record<string, unknown> }>(name).find({ _deleted: false }).sort({ _id: 1 }).toArray();
      for (const row of rows) docs.set(row._id, canonicalJson({ ...(row.doc ?? {}), id: row._id, _position: row._position }));
      if (docs.size) dump.set(name, docs);
    }
    return dump;
  } finally {
    await connection.close();
  }
}

export async function dropDatabase(uri: string, dbName: string): Promise<void> {
  const connection = await mongoose.createConnection(uri, { dbName, bufferCommands: false }).asPromise();
  try {
    await connection.db?.dropDatabase();
  } finally {
    await connection.close();
  }
}

/** The differences between two dumps, readable (empty when equal). */
export function differences(live: Dump, rebuilt: Dump): string[] {
  const out: string[] = [];
  for (const name of [...new Set([...live.keys(), ...rebuilt.keys()])].sort()) {
    const a = live.get(name) ?? new Map<string, string>();
    const b = rebuilt.get(name) ?? new Map<string, string>();
    for (const id of [...new Set([...a.keys(), ...b.keys()])].sort()) {
      const l = a.get(id);
      const r = b.get(id);
      if (l === r) continue;
      out.push(`${name}/${id}: live ${l ?? '(missing)'} ≠ rebuilt ${r ?? '(missing)'}`);
    }
  }
  return out;
}

export function dumpSize(dump: Dump): number {
  let n = 0;
  for (const docs of dump.values()) n += docs.size;
  return n;
}

export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string, everyMs = 200): Promise<void> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < until) {
    try {
      if (await check()) return;
    } catch (error) {
      last = error;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
}
