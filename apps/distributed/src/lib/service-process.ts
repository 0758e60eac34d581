import { ACCOUNT_ERASED_V1, ACCOUNT_REGISTERED_V1, INSTITUTION_DECIDED_V1 } from '@credit-bank/contracts';
import { CatalogServiceModule } from '@credit-bank/catalog-service';
import { EventStoreDbEventStore } from '@credit-bank/eventstoredb';
import { IdentityServiceModule } from '@credit-bank/identity-service';
import { deadLetterTopicOf, ensureTopics, KafkaBusClient, KafkaBusServer, topicOf } from '@credit-bank/kafka-bus';
import { BlobStore, EventStore, HashChainingEventStore } from '@credit-bank/kernel';
import { LedgerServiceModule } from '@credit-bank/ledger-service';
import { LocalBlobStore, OutboxSmsSender } from '@credit-bank/local-files';
import { GridFsBlobStore, MongoReadStore, MongoSubjectKeyStore } from '@credit-bank/mongodb';
import { DistributedEnvironment, ensurePrivateDir, Infrastructure, InfrastructureModule, masterKeysFor } from '@credit-bank/platform';
import { SqliteEventStore } from '@credit-bank/sqlite-event-store';
import { DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule, NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { TerminusModule } from '@nestjs/terminus';
import { Admin, Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';
import { Logger as PinoLogger, LoggerModule } from 'nestjs-pino';
import { join, resolve } from 'node:path';
import pino from 'pino';
import { databaseOf, groupPrefix, kafkaOptions } from './kafka-options';
import { MessageMetricsInterceptor, MeteredEventStore, ServiceMetrics } from './metrics';
import { ServiceOpsController } from './ops.controller';
import { errorText, ProbeDiscovery, ServiceProbes } from './probes';

export type BusinessService = 'identity' | 'catalog' | 'ledger';

/** The integration topics each service publishes (its relay's topics), made with their dead-letter topics at start. */
export const PUBLISHED_TOPICS: Record<BusinessService, string[]> = {
  identity: [ACCOUNT_REGISTERED_V1, INSTITUTION_DECIDED_V1, ACCOUNT_ERASED_V1],
  catalog: [],
  ledger: [],
};

export interface RunningProcess {
  service: string;
  app: NestFastifyApplication;
  /** `http://127.0.0.1:<port>` */
  url: string;
  close(): Promise<void>;
}

/** A JSON logger for what happens outside Nest (start and stop of the process). */
export function processLogger(env: DistributedEnvironment): pino.Logger {
  return pino({ level: env.LOG_LEVEL, base: { service: env.SERVICE, pid: process.pid } });
}

/** The event store of a service: EventStoreDB when EVENTSTORE_URL is set, else a SQLite file of its own in DATA_DIR. */
export function eventStoreFor(env: DistributedEnvironment, dataDir: string): { store: EventStore; description: string } {
  if (env.EVENTSTORE_URL) return { store: new EventStoreDbEventStore({ connectionString: env.EVENTSTORE_URL }), description: 'EventStoreDB (EVENTSTORE_URL)' };
  const filename = join(dataDir, `events-${env.SERVICE}.sqlite`);
  return { store: new SqliteEventStore({ filename, synchronous: env.SQLITE_SYNCHRONOUS }), description: `SQLite ${filename} (no EVENTSTORE_URL)` };
}

/** Opens (and waits for) a MongoDB connection of the process to one database. */
export async function connectMongo(uri: string, dbName: string): Promise<mongoose.Connection> {
  const connection = mongoose.createConnection(uri, { dbName, bufferCommands: false, autoIndex: false, autoCreate: false, serverSelectionTimeoutMS: 15_000 });
  await connection.asPromise();
  return connection;
}

/** A lazily connected kafkajs admin for probes and lag metrics (fails fast: probes must answer quickly). */
export function probeAdmin(env: DistributedEnvironment): { get: () => Promise<Admin>; close: () => Promise<void> } {
  const kafka = new Kafka({
    clientId: `${env.KAFKA_CLIENT_ID ?? `credit-bank-${env.SERVICE}`}-probe`,
    brokers: env.KAFKA_BROKERS.split(',').map((b) => b.trim()).filter(Boolean),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    requestTimeout: 2000,
    retry: { retries: 0 },
  });
  let admin: Promise<Admin> | undefined;
  return {
    get: () => {
      if (!admin) {
        const a = kafka.admin();
        admin = a.connect().then(() => a);
        admin.catch(() => (admin = undefined));
      }
      return admin;
    },
    close: async () => {
      const a = await admin?.catch(() => undefined);
      admin = undefined;
      await a?.disconnect();
    },
  };
}

function serviceModule(env: DistributedEnvironment & { SERVICE: BusinessService }): DynamicModule {
  switch (env.SERVICE) {
    case 'identity':
      return IdentityServiceModule.forRoot({
        jwtSecret: env.JWT_SECRET as string,
        jwtTtlSeconds: env.JWT_TTL_SECONDS,
        smsGlobalPerHour: env.SMS_GLOBAL_PER_HOUR,
        loginFreeAttempts: env.LOGIN_FREE_ATTEMPTS,
        loginFreeAttemptsPerAddress: env.LOGIN_FREE_ATTEMPTS_PER_ADDRESS,
        loginMaxDelaySeconds: env.LOGIN_MAX_DELAY_SECONDS,
        administrator: env.ADMIN_USERNAME && env.ADMIN_PASSWORD ? { username: env.ADMIN_USERNAME, password: env.ADMIN_PASSWORD } : undefined,
        catalogRequestTimeoutMs: env.REQUEST_TIMEOUT_MS,
      });
    case 'catalog':
      // Seeding is idempotent (entries already present are skipped), so every start may do it.
      return CatalogServiceModule.forRoot({ seed: true });
    case 'ledger':
      return LedgerServiceModule.forRoot({
        evidence: { quotaBytes: env.EVIDENCE_QUOTA_BYTES, unattachedMaxAgeSeconds: env.EVIDENCE_UNATTACHED_MAX_AGE_SECONDS, sweepIntervalSeconds: env.EVIDENCE_SWEEP_INTERVAL_SECONDS },
      });
  }
}

/**
 * One business service of the distributed profile as its own process: a NestJS hybrid
 * application — the service's message handlers on the Kafka bus (KafkaBusServer) and a small
 * Fastify HTTP server for `/health/live`, `/health/ready` and `/metrics` — on the event store
 * (EventStoreDB, or a SQLite file of its own), MongoDB read models in database
 * `<MONGODB_DATABASE_PREFIX><service>`, and a Kafka bus client for its relay and its calls.
 */
export async function startServiceProcess(env: DistributedEnvironment): Promise<RunningProcess> {
  const service = env.SERVICE;
  if (service === 'gateway') throw new Error('startServiceProcess: the gateway has its own composition (startGatewayProcess)');
  const senv = env as DistributedEnvironment & { SERVICE: BusinessService };
  const log = processLogger(env);
  const dataDir = resolve(env.DATA_DIR);
  ensurePrivateDir(dataDir);
  const metrics = new ServiceMetrics(service);
  const closers: Array<[string, () => Promise<unknown>]> = [];
  const closeAll = async () => {
    for (const [what, close] of closers.reverse()) {
      try {
        await close();
      } catch (error) {
        log.warn({ err: errorText(error) }, `closing ${what} failed`);
      }
    }
    closers.length = 0;
  };

  try {
    const { store, description } = eventStoreFor(env, dataDir);
    closers.push(['event store', () => store.close()]);
    log.info({ eventStore: description }, `event store: ${description}`);
    const eventStore = HashChainingEventStore.wrap(new MeteredEventStore(store, metrics));

    const dbName = databaseOf(env, service);
    const mongo = await connectMongo(env.MONGODB_URI as string, dbName);
    closers.push(['MongoDB', () => mongo.close()]);
    const readStore = new MongoReadStore(mongo);
    closers.push(['read store', () => readStore.close()]);
    log.info({ database: dbName }, `read models in MongoDB database ${dbName}`);

    let blobStore: BlobStore | undefined;
    if (service === 'ledger') {
      blobStore = env.BLOB_STORE === 'gridfs' ? new GridFsBlobStore(mongo, { bucketName: 'evidence' }) : new LocalBlobStore(join(dataDir, 'evidence'));
    }
    const smsSender = service === 'identity' ? new OutboxSmsSender(resolve(env.SMS_OUTBOX ?? join(dataDir, 'sms-outbox.jsonl'))) : undefined;

    const kafka = kafkaOptions(env);
    const published = PUBLISHED_TOPICS[service].map((t) => topicOf(env.KAFKA_TOPIC_PREFIX, t));
    if (published.length) {
      await ensureTopics(env.KAFKA_BROKERS, [...published, ...published.map(deadLetterTopicOf)], env.KAFKA_TOPIC_PARTITIONS, { replicationFactor: env.KAFKA_REPLICATION_FACTOR });
    }
    const bus = new KafkaBusClient({ ...kafka, requestTimeoutMs: env.REQUEST_TIMEOUT_MS });
    closers.push(['bus client', () => bus.close()]);

    // The data subjects' keys: one collection in database `<prefix>keys`, shared by the three services.
    const masterKeys = masterKeysFor(env, dataDir, { generate: false });
    const keysDb = databaseOf(env, 'keys');
    const keysConnection = await connectMongo(env.MONGODB_URI as string, keysDb);
    closers.push(['MongoDB (keys)', () => keysConnection.close()]);
    const keyStore = new MongoSubjectKeyStore(keysConnection, { wrappingKey: masterKeys.wrapping });
    log.info({ database: keysDb }, `subject keys in MongoDB database ${keysDb}`);

    const infrastructure: Infrastructure = { eventStore, readStore, blobStore, smsSender, bus, keyStore, pseudonymKey: masterKeys.pseudonyms };
    const admin = probeAdmin(env);
    closers.push(['Kafka admin', () => admin.close()]);
    const probes = new ServiceProbes(service, eventStore, readStore, mongo, admin.get);
    registerLagGauges(metrics, probes);

    @Module({
      imports: [
        InfrastructureModule.forRoot(infrastructure),
        serviceModule(senv),
        LoggerModule.forRoot({ pinoHttp: { level: env.LOG_LEVEL, autoLogging: false, base: { service, pid: process.pid } } }),
        TerminusModule,
        DiscoveryModule,
      ],
      controllers: [ServiceOpsController],
      providers: [{ provide: ServiceProbes, useValue: probes }, { provide: ServiceMetrics, useValue: metrics }, ProbeDiscovery],
    })
    class ServiceProcessModule {}

    const app = await NestFactory.create<NestFastifyApplication>(ServiceProcessModule, new FastifyAdapter({ forceCloseConnections: true }), { bufferLogs: true });
    closers.push(['application', () => app.close()]);
    app.useLogger(app.get(PinoLogger));
    app.useGlobalInterceptors(new MessageMetricsInterceptor(metrics));
    const server = new KafkaBusServer({
      ...kafka,
      service,
      groupPrefix: groupPrefix(env),
      eventDeliveryAttempts: env.EVENT_DELIVERY_ATTEMPTS,
      shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
    });
    server.status.subscribe((status) => (probes.kafkaStatus = String(status)));
    app.connectMicroservice({ strategy: server }, { inheritAppConfig: true });
    const requestTopics: string[] = [];
    const eventTopics: string[] = [];
    for (const [pattern, handler] of server.getHandlers()) {
      if (handler.isEventHandler) metrics.eventPatterns.add(pattern);
      (handler.isEventHandler ? eventTopics : requestTopics).push(topicOf(env.KAFKA_TOPIC_PREFIX, pattern));
    }
    probes.groups = [
      { groupId: server.eventGroupId, topics: eventTopics },
      { groupId: server.requestGroupId, topics: requestTopics },
    ];

    // Projections, relay and seeding start (bootstrap hooks), then the bus, then HTTP.
    await app.init();
    await app.startAllMicroservices();
    await app.listen(env.PORT, env.HOST);
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : env.PORT;
    const url = `http://127.0.0.1:${port}`;
    log.info({ port, requestTopics: requestTopics.length, eventTopics }, `${service} service ready: health and metrics on ${url}`);
    return { service, app, url, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}

/** Gauges computed at each scrape; a dependency that does not answer leaves its gauge out of that scrape. */
export function registerLagGauges(metrics: ServiceMetrics, probes: ServiceProbes): void {
  const quietly = async (fn: () => Promise<void>) => {
    try {
      await fn();
    } catch {
      // not answering now: the readiness endpoint says why
    }
  };
  metrics.gauge('credit_bank_event_store_head_position', 'Global position of the last event in the service event store', [], (g) => quietly(async () => g.set(await probes.head())));
  metrics.gauge('credit_bank_projection_lag_events', 'Events of the store not yet applied by the slowest projection (head − projection position)', [], (g) =>
    quietly(async () => {
      if (probes.projectionHosts.length) g.set(Math.max(0, (await probes.head()) - probes.projections().position));
    }),
  );
  metrics.gauge('credit_bank_projections_failed', 'Projections stopped on an error', [], async (g) => g.set(probes.projections().failed.length));
  metrics.gauge('credit_bank_relay_lag_events', 'Events of the store not yet published on the bus by the relay (head − relay checkpoint)', ['relay'], (g) =>
    quietly(async () => {
      if (!probes.relays.length) return;
      for (const { relay, lag } of await probes.relayLags(await probes.head())) g.set({ relay }, lag);
    }),
  );
  metrics.gauge('credit_bank_consumer_lag_messages', 'Messages on the topics of the service not yet consumed by its consumer groups', ['group', 'topic'], (g) =>
    quietly(async () => {
      for (const { group, topic, lag } of await probes.consumerLags()) g.set({ group, topic }, lag);
    }),
  );
}
