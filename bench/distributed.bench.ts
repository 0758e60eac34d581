/**
 * The distributed profile on a local broker: Kafka + MongoDB (FerretDB) started by
 * tools/servers/servers.js for this run (or the ones of KAFKA_BROKERS and MONGODB_URI when both
 * are set), then
 *  1. publication: the identity service's IntegrationRelay publishing N stored events (read from
 *     its SQLite event store, mapped, emitted through KafkaBusClient, checkpoint in MongoDB) beside
 *     a raw kafkajs producer sending the same messages (same keys, values, headers, topic layout)
 *     in the same run; also KafkaBusClient.emit on its own and request-reply round trips;
 *  2. commands per second through the gateway process (`POST /achievements`, the four programs of
 *     dist/apps/<service>/src/main.js as separate processes) beside the embedded profile's rate for
 *     the same command measured earlier in the same run;
 *  3. projection lag: from the command's acknowledgement (HTTP 201) to the achievement's document
 *     in the ledger's MongoDB read model, at a steady moderate load;
 *  4. how the read models are written: MongoDB write commands sent while the ledger's projections
 *     replay the events of this run (bulk writes, not one save per event).
 */
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { ACCOUNT_REGISTERED_V1, INSTITUTION_DECIDED_V1 } from '@credit-bank/contracts';
import { IdentityIntegrationRelay, mapIdentityEvent } from '@credit-bank/identity-service';
import { ensureTopics, IDEMPOTENT_PRODUCER, KafkaBusClient, KafkaBusHeaders, KafkaBusServer, topicOf } from '@credit-bank/kafka-bus';
import { NewEvent, RecordedEvent } from '@credit-bank/kernel';
import { ACHIEVEMENTS_COLLECTION, ledgerProjections } from '@credit-bank/ledger-service';
import { mongoCollectionName, MongoReadStore } from '@credit-bank/mongodb';
import { toIntegrationEvent } from '@credit-bank/platform';
import { SqliteEventStore } from '@credit-bank/sqlite-event-store';
import { Kafka, logLevel, Message } from 'kafkajs';
import mongoose from 'mongoose';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { Cannon, cannon, freePort, json, PNG, stop, waitFor } from './http.bench';
import { percentiles, Row } from './report';

const DIST = resolve(__dirname, '..');
const REPO = resolve(DIST, '..');
const JWT_SECRET = 'credit-bank-bench-secret-0123456789-abcdefghijklmnop';

function say(line: string): void {
  process.stdout.write(`   · ${line}\n`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface Servers {
  brokers: string;
  mongoUri: string;
  origin: string;
  /** Process ids of the servers started for this run (for CPU accounting). */
  pids: Record<string, number>;
  close(): Promise<void>;
}

interface ServersModule {
  start(options: {
    what: string;
    stateDir: string;
    ownerPid: number;
  }): Promise<Record<string, { env: Record<string, string>; startMs: number; pid: number; backend?: string; postgresql?: { pid: number } }>>;
  stop(options: { what: string; stateDir: string }): Promise<string[]>;
  ServerError: new (...args: unknown[]) => Error;
}

/** KAFKA_BROKERS and MONGODB_URI when both are set, else a Kafka broker and a FerretDB of this run; a string says why not. */
export async function servers(): Promise<Servers | string> {
  const { KAFKA_BROKERS, MONGODB_URI } = process.env;
  if (KAFKA_BROKERS && MONGODB_URI) return { brokers: KAFKA_BROKERS, mongoUri: MONGODB_URI, origin: 'KAFKA_BROKERS and MONGODB_URI of the environment', pids: {}, close: async () => undefined };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const tool = require(join(REPO, 'tools', 'servers', 'servers.js')) as ServersModule;
  const stateDir = mkdtempSync(join(tmpdir(), 'credit-bank-bench-servers-'));
  try {
    const started = await tool.start({ what: 'all', stateDir, ownerPid: process.pid });
    const env = { ...started.kafka.env, ...started.ferretdb.env };
    const { ferretdb } = started;
    return {
      brokers: env.KAFKA_BROKERS,
      mongoUri: env.MONGODB_URI,
      pids: { kafka: started.kafka.pid, ferretdb: ferretdb.pid, ...(ferretdb.postgresql ? { postgresql: ferretdb.postgresql.pid } : {}) },
      origin: `started for this run by tools/servers/servers.js (Kafka in ${(started.kafka.startMs / 1000).toFixed(0)} s, FerretDB on ${ferretdb.backend ?? 'sqlite'} in ${(ferretdb.startMs / 1000).toFixed(0)} s)`,
      close: async () => {
        await tool.stop({ what: 'all', stateDir });
        rmSync(stateDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(stateDir, { recursive: true, force: true });
    if (error instanceof tool.ServerError) return `the local Kafka/FerretDB could not start: ${error.message}`;
    throw error;
  }
}

// ---------------------------------------------------------------- 1. publication

function accountRegistered(i: number): NewEvent {
  const accountId = randomUUID();
  return {
    type: 'AccountRegistered',
    data: {
      accountId,
      username: `learner_${i}`,
      passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$' + 'x'.repeat(64),
      realName: '张三',
      nationality: 'CN',
      ethnicity: '01',
      gender: 'male',
      idType: 'resident-id-card',
      idNumber: '11010519491231002X',
      birthDate: '1949-12-31',
      email: `learner_${i}@example.com`,
      address: { province: '440000', city: '440100', district: '440106', detail: '中山大道 1 号' },
      mobile: '13800138000',
      registeredAt: new Date().toISOString(),
    },
    metadata: { eventId: randomUUID(), schemaVersion: 1, correlationId: randomUUID(), causationId: randomUUID(), actor: 'anonymous', occurredAt: new Date().toISOString() },
  };
}

@Controller()
class EchoController {
  @MessagePattern('bench.echo.v1')
  echo(@Payload() data: unknown) {
    return data;
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

export async function benchPublication(s: Servers, n: number, dir: string): Promise<Row[]> {
  const prefix = `cbbench-${randomBytes(4).toString('hex')}.`;
  const relayPrefix = `${prefix}relay.`;
  const rawPrefix = `${prefix}raw.`;
  const emitPrefix = `${prefix}emit.`;
  const kafka = new Kafka({ clientId: 'credit-bank-bench', brokers: s.brokers.split(','), logLevel: logLevel.ERROR });
  const admin = kafka.admin();
  await admin.connect();
  const dbName = `${prefix.replace(/\./g, '')}-identity`;
  const store = new SqliteEventStore({ filename: join(dir, 'events-identity.sqlite'), synchronous: 'NORMAL' });
  const readStore = new MongoReadStore({ uri: s.mongoUri, dbName });
  const rows: Row[] = [];
  try {
    const topics = [ACCOUNT_REGISTERED_V1, INSTITUTION_DECIDED_V1];
    await ensureTopics(s.brokers, [relayPrefix, rawPrefix, emitPrefix].flatMap((p) => topics.map((t) => topicOf(p, t))), 3, { replicationFactor: 1 });

    // N registrations in the identity store (one stream each), outside the timing.
    for (let i = 0; i < n; i += 500) {
      await Promise.all(Array.from({ length: Math.min(500, n - i) }, (_, j) => store.append(`identity.account-${randomUUID()}`, [accountRegistered(i + j)], { expectedRevision: 'no_stream' })));
    }
    const stored: RecordedEvent[] = await store.readAll();
    say(`${stored.length} AccountRegistered events in a SQLite identity store`);
    // The messages the relay publishes for them, as a raw producer would send them.
    const messages = stored.map((e) => {
      const mapped = mapIdentityEvent(e) as { topic: string; data: unknown };
      const event = toIntegrationEvent(e, mapped.data);
      return { topic: mapped.topic, message: { key: e.streamId, value: JSON.stringify(event), headers: { [KafkaBusHeaders.eventId]: event.eventId } } as Message };
    });
    const bytes = Math.round(messages.reduce((sum, m) => sum + String(m.message.value).length, 0) / n);
    const offsets = async (p: string) => {
      let total = 0;
      for (const t of topics) for (const o of await admin.fetchTopicOffsets(topicOf(p, t))) total += Number(o.high);
      return total;
    };

    // Raw kafkajs: the bus's producer settings (idempotent, one request in flight, acks from all), 500 messages a send.
    const raw = async (round: number) => {
      const producer = kafka.producer(IDEMPOTENT_PRODUCER);
      await producer.connect();
      const started = performance.now();
      for (let i = 0; i < n; i += 500) {
        const byTopic = new Map<string, Message[]>();
        for (const m of messages.slice(i, i + 500)) byTopic.set(topicOf(rawPrefix, m.topic), [...(byTopic.get(topicOf(rawPrefix, m.topic)) ?? []), m.message]);
        await producer.sendBatch({ acks: -1, topicMessages: [...byTopic].map(([topic, list]) => ({ topic, messages: list })) });
      }
      const ms = performance.now() - started;
      await producer.disconnect();
      if ((await offsets(rawPrefix)) !== n * round) throw new Error(`raw producer: ${await offsets(rawPrefix)} messages on the topics, expected ${n * round}`);
      return (n / ms) * 1000;
    };
    const raw1 = await raw(1);
    say(`raw producer: ${raw1.toFixed(0)} events/s`);

    // The relay: from start to every event on Kafka (topic end offsets), then its checkpoint.
    const bus = new KafkaBusClient({ brokers: s.brokers, topicPrefix: relayPrefix, logLevel: logLevel.ERROR });
    await bus.connect();
    const relay = new IdentityIntegrationRelay(store, readStore, bus);
    // Profile: the time the relay spends storing its checkpoint (one MongoDB upsert a batch).
    const checkpoints = readStore.checkpoints;
    const storeCheckpoint = checkpoints.store.bind(checkpoints);
    let checkpointMs = 0;
    let checkpointWrites = 0;
    checkpoints.store = async (id: string, position: number) => {
      const t0 = performance.now();
      try {
        await storeCheckpoint(id, position);
      } finally {
        checkpointMs += performance.now() - t0;
        checkpointWrites++;
      }
    };
    const started = performance.now();
    await relay.onApplicationBootstrap();
    while ((await offsets(relayPrefix)) < n) {
      if (performance.now() - started > 120_000) throw new Error(`the relay published ${await offsets(relayPrefix)} of ${n} events in 120 s`);
      await sleep(10);
    }
    const relayMs = performance.now() - started;
    const relayRate = (n / relayMs) * 1000;
    const checkpointShare = `${checkpointWrites} checkpoint upserts took ${checkpointMs.toFixed(0)} of ${relayMs.toFixed(0)} ms`;
    const head = await store.headPosition();
    const until = Date.now() + 30_000;
    while ((await readStore.checkpoints.load(relay.checkpointId)) < head && Date.now() < until) await sleep(20);
    const checkpoint = await readStore.checkpoints.load(relay.checkpointId);
    say(`relay: ${relayRate.toFixed(0)} events/s`);
    await relay.onApplicationShutdown();
    await bus.close();
    const raw2 = await raw(2);
    const rawRate = (raw1 + raw2) / 2;

    // KafkaBusClient.emit alone, every event at once.
    const emitter = new KafkaBusClient({ brokers: s.brokers, topicPrefix: emitPrefix, logLevel: logLevel.ERROR, requestTimeoutMs: 60_000 });
    await emitter.connect();
    const events = messages.map((m) => ({ topic: m.topic, event: JSON.parse(String(m.message.value)) as unknown }));
    let t = performance.now();
    await Promise.all(events.map((e) => lastValueFrom(emitter.emit(e.topic, e.event), { defaultValue: undefined })));
    const emitRate = (n / (performance.now() - t)) * 1000;
    say(`emit: ${emitRate.toFixed(0)} events/s`);

    // Request-reply round trips through KafkaBusServer (a Nest microservice in this process).
    const app = await NestFactory.createMicroservice(EchoModule, {
      strategy: new KafkaBusServer({ brokers: s.brokers, topicPrefix: emitPrefix, groupPrefix: emitPrefix, service: 'echo', logLevel: logLevel.ERROR }),
      logger: false,
    });
    await app.listen();
    const payload = { meta: { actor: null, correlationId: randomUUID() }, payload: { page: 1 } };
    for (let i = 0; i < 50; i++) await firstValueFrom(emitter.send('bench.echo.v1', payload)); // group join, reply consumer
    const rtts: number[] = [];
    for (let i = 0; i < 500; i++) {
      t = performance.now();
      await firstValueFrom(emitter.send('bench.echo.v1', payload));
      rtts.push(performance.now() - t);
    }
    t = performance.now();
    await Promise.all(Array.from({ length: 2000 }, () => firstValueFrom(emitter.send('bench.echo.v1', payload))));
    const concurrentRate = 2000 / ((performance.now() - t) / 1000);
    await emitter.close();
    await app.close();
    const rtt = percentiles(rtts);

    rows.push(
      { name: `raw kafkajs producer, ${n} events, 500 a send`, rate: rawRate, unit: 'events/s', note: `runs before/after the relay: ${raw1.toFixed(0)}, ${raw2.toFixed(0)}; ~${bytes} B a message, 3 partitions, acks all` },
      {
        name: 'IntegrationRelay publication (store → Kafka)',
        rate: relayRate,
        unit: 'events/s',
        baseline: rawRate,
        target: 0.7,
        note: `identity relay, SQLite store, batches of 500 read from the store, each handed to the bus at once, checkpoint in MongoDB ${checkpoint === head ? 'at head' : `at ${checkpoint} of ${head}`}; ${checkpointShare}`,
      },
      { name: 'KafkaBusClient.emit, all at once', rate: emitRate, unit: 'events/s', baseline: rawRate },
      { name: 'request-reply over Kafka, 2000 concurrent', rate: concurrentRate, unit: 'req/s', note: `sequential round trip p50 ${rtt.p50.toFixed(1)} ms, p99 ${rtt.p99.toFixed(1)} ms` },
    );
    return rows;
  } finally {
    await store.close();
    await readStore.close();
    await dropDatabase(s.mongoUri, dbName);
    await admin.deleteTopics({ topics: (await admin.listTopics()).filter((t) => t.startsWith(prefix)) }).catch(() => undefined);
    await admin.disconnect();
  }
}

// ---------------------------------------------------------------- 2.–4. the four processes

/** Waits until the ledger's achievements read model holds `expected` documents (or the timeout); returns the count. */
async function readModelCount(s: Servers, cluster: Cluster, expected: number, timeoutMs: number): Promise<number> {
  const connection = await mongoose.createConnection(s.mongoUri, { dbName: `${cluster.prefix}-ledger`, bufferCommands: false }).asPromise();
  try {
    const collection = (connection.db as mongoose.mongo.Db).collection(mongoCollectionName(ACHIEVEMENTS_COLLECTION));
    const until = Date.now() + timeoutMs;
    let count = 0;
    while ((count = await collection.countDocuments({ _deleted: false })) < expected && Date.now() < until) await sleep(250);
    return count;
  } finally {
    await connection.close();
  }
}

/** User + system CPU seconds of each process; for `postgresql`, its postmaster and every backend it forked. */
function cpuSeconds(pids: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  const stat = (pid: number | string) => readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  for (const [name, pid] of Object.entries(pids)) {
    try {
      const fields = stat(pid);
      out[name] = (Number(fields[11]) + Number(fields[12]) + (name === 'postgresql' ? Number(fields[13]) + Number(fields[14]) : 0)) / 100;
      if (name !== 'postgresql') continue;
      // Backends live as long as their connection: their time is not yet in the postmaster's.
      for (const entry of readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) continue;
        try {
          const child = stat(entry);
          if (Number(child[1]) === pid) out[name] += (Number(child[11]) + Number(child[12])) / 100;
        } catch {
          // gone meanwhile
        }
      }
    } catch {
      // not on Linux, or gone
    }
  }
  return out;
}

async function dropDatabase(uri: string, dbName: string): Promise<void> {
  const connection = await mongoose.createConnection(uri, { dbName, bufferCommands: false }).asPromise();
  try {
    await connection.db?.dropDatabase();
  } finally {
    await connection.close();
  }
}

interface Cluster {
  gateway: string;
  children: ChildProcess[];
  pids: Record<string, number>;
  detach?: () => void;
  dir: string;
  prefix: string;
}

async function startCluster(s: Servers, dir: string, prefix: string): Promise<Cluster> {
  const cluster: Cluster = { gateway: '', children: [], pids: {}, dir, prefix };
  const common = {
    KAFKA_BROKERS: s.brokers,
    MONGODB_URI: s.mongoUri,
    KAFKA_TOPIC_PREFIX: `${prefix}.`,
    MONGODB_DATABASE_PREFIX: `${prefix}-`,
    KAFKA_TOPIC_PARTITIONS: '3',
    KAFKA_REPLICATION_FACTOR: '1',
    JWT_SECRET,
    // The distributed profile needs one master key for identity, catalog and ledger (a bench key).
    MASTER_KEY: randomBytes(32).toString('hex'),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    // As the embedded baseline: full durability of the SQLite event stores.
    SQLITE_SYNCHRONOUS: 'FULL',
    SMS_OUTBOX: join(dir, 'sms-outbox.jsonl'),
    BLOB_STORE: 'gridfs',
  };
  const launch = async (service: string): Promise<string> => {
    const port = await freePort();
    const log = openSync(join(dir, `${service}.log`), 'a');
    const child = spawn(process.execPath, [join(DIST, 'apps', service, 'src', 'main.js')], {
      cwd: REPO,
      env: { ...process.env, ...common, PORT: String(port), DATA_DIR: join(dir, service) },
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    cluster.children.push(child);
    cluster.pids[service] = child.pid as number;
    const url = `http://127.0.0.1:${port}`;
    try {
      await Promise.race([
        waitFor(`${url}/health/ready`, 180_000),
        new Promise((_, rej) => child.once('exit', (code) => rej(new Error(`${service} exited with code ${code}`)))),
      ]);
    } catch (error) {
      const lines = existsSync(join(dir, `${service}.log`)) ? readFileSync(join(dir, `${service}.log`), 'utf8').trim().split('\n').slice(-10).join('\n') : '';
      throw new Error(`${service} did not become ready: ${(error as Error).message}\n${lines}`);
    }
    return url;
  };
  // A bench stopped by Ctrl-C or SIGTERM takes the programs with it (the servers have their watchdog).
  const onSignal = (signal: NodeJS.Signals) => {
    for (const child of cluster.children) child.kill('SIGKILL');
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  cluster.detach = () => {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  };
  try {
    await Promise.all(['identity', 'catalog', 'ledger'].map(launch));
    cluster.gateway = await launch('gateway');
  } catch (error) {
    cluster.detach?.();
    await Promise.all(cluster.children.map(stop));
    throw error;
  }
  return cluster;
}

async function stopCluster(s: Servers, cluster: Cluster): Promise<void> {
  cluster.detach?.();
  const [gateway, ...others] = [...cluster.children].reverse();
  if (gateway) await stop(gateway);
  await Promise.all(others.map(stop));
  for (const service of ['identity', 'catalog', 'ledger']) await dropDatabase(s.mongoUri, `${cluster.prefix}-${service}`).catch(() => undefined);
  const kafka = new Kafka({ clientId: 'credit-bank-bench', brokers: s.brokers.split(','), logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: (await admin.listTopics()).filter((t) => t.startsWith(`${cluster.prefix}.`)) }).catch(() => undefined);
  await admin.disconnect();
}

const achievement = (catalogItemId: string, evidenceId: string) =>
  JSON.stringify({
    category: 'vocational-qualification',
    catalogItemId,
    // One learner stores a certificate once: each request its own number (the evidence id is unique too).
    certificateNumber: `GD-2024-${evidenceId.slice(0, 8)}`,
    issueDate: '2024-06-30',
    certificateLevel: '4',
    occupation: '计算机操作员',
    educationLevel: '61',
    evidenceId,
    description: '办公自动化中级证书，2024 年取得。',
  });

async function learner(cluster: Cluster): Promise<{ api: string; token: string; catalogItemId: string }> {
  const api = `${cluster.gateway}/api/v1`;
  const mobile = '13800138000';
  const post = (path: string, body: unknown) => json(`${api}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await post('/sms-codes', { mobile, purpose: 'register' });
  const outbox = join(cluster.dir, 'sms-outbox.jsonl');
  const until = Date.now() + 30_000;
  while (!existsSync(outbox) && Date.now() < until) await sleep(100);
  const smsCode = readFileSync(outbox, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { mobile: string; code: string }).filter((m) => m.mobile === mobile).pop()?.code;
  await post('/accounts', {
    type: 'individual', username: 'bench_user', password: 'Bench-Passw0rd', passwordConfirmation: 'Bench-Passw0rd', realName: '张三',
    nationality: 'CN', ethnicity: '01', gender: 'male', idType: 'resident-id-card', idNumber: '11010519491231002X', birthDate: '1949-12-31',
    email: 'bench@example.com', address: { province: '440000', city: '440100', district: '440106', detail: '中山大道 1 号' }, mobile, smsCode, acceptTerms: true,
  });
  const { accessToken } = await post('/sessions', { identifier: 'bench_user', password: 'Bench-Passw0rd' });
  const catalog = await json(`${api}/catalog/items?category=vocational-qualification&pageSize=1`);
  return { api, token: accessToken, catalogItemId: catalog.items[0].id };
}

/** Evidence uploads through the gateway (GridFS, registered by the ledger): one backs one achievement. */
async function uploadPool(api: string, token: string, count: number, deadline = Number.POSITIVE_INFINITY): Promise<string[]> {
  const ids: string[] = [];
  let made = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (made < count && Date.now() < deadline) {
        made++;
        const form = new FormData();
        form.append('file', new Blob([PNG], { type: 'image/png' }), 'scan.png');
        ids.push((await json(`${api}/evidence`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form })).id);
      }
    }),
  );
  return ids;
}

/** Steady load of `rate` commands a second for `seconds`; each acknowledged achievement is looked for in the ledger's read model until it shows. */
async function projectionLag(s: Servers, cluster: Cluster, who: { api: string; token: string; catalogItemId: string }, rate: number, seconds: number) {
  const pool = await uploadPool(who.api, who.token, Math.ceil(rate * seconds) + 5);
  const connection = await mongoose.createConnection(s.mongoUri, { dbName: `${cluster.prefix}-ledger`, bufferCommands: false }).asPromise();
  const collection = (connection.db as mongoose.mongo.Db).collection<{ _id: string; _deleted: boolean }>(mongoCollectionName(ACHIEVEMENTS_COLLECTION));
  const pending = new Map<string, number>();
  const lags: number[] = [];
  const commandMs: number[] = [];
  let failed = 0;
  let unseen = 0;
  let sending = true;
  const poller = (async () => {
    while (sending || pending.size) {
      if (pending.size) {
        const ids = [...pending.keys()];
        const found = await collection.find({ _id: { $in: ids }, _deleted: false }, { projection: { _id: 1 } }).toArray();
        const now = performance.now();
        for (const { _id } of found) {
          lags.push(now - (pending.get(_id) as number));
          pending.delete(_id);
        }
        for (const [id, ack] of pending) {
          if (now - ack > 60_000) {
            unseen++;
            lags.push(now - ack);
            pending.delete(id);
          }
        }
      }
      await sleep(5);
    }
  })();
  const sends: Array<Promise<void>> = [];
  const started = performance.now();
  for (let i = 0; i < Math.floor(rate * seconds); i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const evidenceId = pool.pop() ?? 'pool-exhausted';
    sends.push(
      (async () => {
        const t0 = performance.now();
        const response = await fetch(`${who.api}/achievements`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${who.token}` },
          body: achievement(who.catalogItemId, evidenceId),
        });
        const ack = performance.now();
        const body = (await response.json()) as { id?: string };
        if (response.status !== 201 || !body.id) {
          failed++;
          return;
        }
        commandMs.push(ack - t0);
        pending.set(body.id, ack);
      })(),
    );
  }
  await Promise.all(sends);
  const achieved = (commandMs.length / (performance.now() - started)) * 1000;
  sending = false;
  try {
    await poller;
  } finally {
    await connection.close();
  }
  return { achieved, lag: percentiles(lags), command: percentiles(commandMs), count: lags.length, failed, unseen };
}

/** The ledger's projections replay the ledger's stored events into a scratch database; the write commands they send are counted. */
async function projectionWrites(s: Servers, cluster: Cluster): Promise<{ events: number; writes: number; ops: number; commands: Record<string, number> }> {
  const store = new SqliteEventStore({ filename: join(cluster.dir, 'ledger', 'events-ledger.sqlite'), synchronous: 'NORMAL' });
  const dbName = `${cluster.prefix}-replay`;
  const connection = await mongoose.createConnection(s.mongoUri, { dbName, bufferCommands: false, autoIndex: false, autoCreate: false, monitorCommands: true }).asPromise();
  const commands: Record<string, number> = {};
  let ops = 0;
  connection.getClient().on('commandStarted', (e: mongoose.mongo.CommandStartedEvent) => {
    if (!['insert', 'update', 'delete'].includes(e.commandName)) return;
    if ((e.command[e.commandName] as string) === 'read_checkpoints') return;
    commands[e.commandName] = (commands[e.commandName] ?? 0) + 1;
    ops += ((e.command.documents ?? e.command.updates ?? e.command.deletes) as unknown[] | undefined)?.length ?? 0;
  });
  const readStore = new MongoReadStore(connection);
  try {
    const events = await store.readAll();
    const projections = ledgerProjections();
    for (let i = 0; i < events.length; i += 200) {
      const batch = events.slice(i, i + 200);
      for (const projection of projections) await projection.apply(batch, readStore);
    }
    return { events: events.length, writes: Object.values(commands).reduce((a, b) => a + b, 0), ops, commands };
  } finally {
    await store.close();
    await readStore.close();
    await connection.db?.dropDatabase();
    await connection.close();
  }
}

/**
 * The distributed rows, or a line saying why they were skipped. `embeddedRate`: the embedded
 * profile's `POST /achievements` rate measured earlier in the same run (the baseline of the
 * gateway's rate).
 */
export async function benchDistributed(seconds: number, embeddedRate: number | undefined): Promise<Row[] | string> {
  if (process.env.BENCH_DISTRIBUTED === '0') return 'skipped (BENCH_DISTRIBUTED=0)';
  const started = Date.now();
  const s = await servers();
  if (typeof s === 'string') return `skipped: ${s}`;
  say(`Kafka ${s.brokers}, MongoDB ${s.mongoUri.replace(/\/\/[^@/]*@/, '//…@')}: ${s.origin}`);
  const dir = mkdtempSync(join(tmpdir(), 'credit-bank-bench-dist-'));
  const rows: Row[] = [];
  try {
    rows.push(...(await benchPublication(s, Number(process.env.BENCH_RELAY_EVENTS ?? 20_000), dir)));

    const prefix = `cbbench-${randomBytes(4).toString('hex')}`;
    let t = Date.now();
    const cluster = await startCluster(s, dir, prefix);
    say(`gateway, identity, catalog, ledger ready in ${((Date.now() - t) / 1000).toFixed(0)} s`);
    try {
      const who = await learner(cluster);
      t = Date.now();
      // Uploads go through the same gateway → Kafka → ledger path as the commands: as many as
      // 16 clients upload in BENCH_SECONDS back about BENCH_SECONDS of the measured load.
      const pool = await uploadPool(who.api, who.token, Math.round(300 * seconds), Date.now() + seconds * 1000);
      say(`${pool.length} evidence uploads through the gateway in ${((Date.now() - t) / 1000).toFixed(1)} s (${((pool.length / (Date.now() - t)) * 1000).toFixed(0)}/s)`);
      const count = pool.length;
      const cpu0 = cpuSeconds({ ...s.pids, ...cluster.pids });
      const max: Cannon & { duration?: number; requests: { total?: number }; '2xx'?: number } = await cannon({
        url: `${who.api}/achievements`,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${who.token}` },
        requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, body: achievement(who.catalogItemId, pool.pop() ?? 'pool-exhausted') }) }],
        connections: 32,
        amount: count,
      });
      const cpu = cpuSeconds({ ...s.pids, ...cluster.pids });
      const cpuNote = Object.entries(cpu)
        .map(([name, sec]) => [name, sec - (cpu0[name] ?? 0)] as const)
        .sort((a, b) => b[1] - a[1])
        .map(([name, sec]) => `${name} ${sec.toFixed(1)}`)
        .join(', ');
      say(`CPU seconds during that load: ${cpuNote}${s.pids.ferretdb ? '' : ' (servers of the environment: not counted)'}`);
      const maxRate = max.duration ? (max.requests.total ?? count) / max.duration : max.requests.average;
      rows.push({
        name: 'POST /achievements through the gateway, 32 connections',
        rate: maxRate,
        unit: 'req/s',
        baseline: embeddedRate,
        p50: max.latency.p50,
        p99: max.latency.p99,
        note: `${count} commands in ${max.duration?.toFixed(1)} s; non-2xx ${max.non2xx}, errors ${max.errors}; baseline: the embedded profile, same command, this run`,
      });

      // The lag is measured once the read models caught up with that burst.
      t = Date.now();
      const caughtUp = await readModelCount(s, cluster, max['2xx'] ?? count, 180_000);
      say(`ledger read model holds ${caughtUp} achievements ${((Date.now() - t) / 1000).toFixed(1)} s after the burst ended`);
      // BENCH_LAG_RATE fixes the steady rate (to compare runs at the same load), else 0.4 of the burst's.
      const steady = Number(process.env.BENCH_LAG_RATE) > 0 ? Number(process.env.BENCH_LAG_RATE) : Math.max(2, Math.round(maxRate * 0.4));
      const lag = await projectionLag(s, cluster, who, steady, seconds);
      rows.push({
        name: `projection lag, ack → ledger read model, ${steady} cmd/s`,
        rate: lag.achieved,
        unit: 'cmd/s',
        p50: lag.lag.p50,
        p99: lag.lag.p99,
        note: `p99 target ≤ 250 ms: ${lag.lag.p99 <= 250 ? 'ok' : 'MISSED'}; ${lag.count} commands, ${lag.failed} failed, ${lag.unseen} not visible within 60 s; command p50 ${lag.command.p50.toFixed(1)} ms, p99 ${lag.command.p99.toFixed(1)} ms; polled every 5 ms`,
      });
    } finally {
      await stopCluster(s, cluster);
    }
    const writes = await projectionWrites(s, cluster);
    rows.push({
      name: 'ledger projections replaying this run: events per write command',
      rate: writes.events / Math.max(1, writes.writes),
      unit: 'events',
      note: `${writes.events} events → ${writes.writes} write commands (${Object.entries(writes.commands).map(([k, v]) => `${k} ${v}`).join(', ')}) carrying ${writes.ops} statements; bulkWrite, not one save per event`,
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await s.close();
    say(`distributed part took ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  return rows;
}
