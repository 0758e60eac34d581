import { CatalogServiceModule } from '@credit-bank/catalog-service';
import { createGateway } from '@credit-bank/gateway-api';
import { AdministratorBootstrap, describeAdministrator, IdentityServiceModule } from '@credit-bank/identity-service';
import { InProcessBroker, InProcessClient, InProcessServer } from '@credit-bank/in-process-bus';
import { LedgerServiceModule } from '@credit-bank/ledger-service';
import { LocalBlobStore, OutboxSmsSender } from '@credit-bank/local-files';
import { HashChainingEventStore } from '@credit-bank/kernel';
import { ensurePrivateDir, Environment, Infrastructure, InfrastructureModule, masterKeysFor, PRIVATE_FILE_MODE, trustProxyOf, writePrivateFileOnce } from '@credit-bank/platform';
import { SqliteEventStore } from '@credit-bank/sqlite-event-store';
import { SqliteSubjectKeyStore } from '@credit-bank/sqlite-key-store';
import { SqliteReadStore } from '@credit-bank/sqlite-read-store';
import { DynamicModule, INestMicroservice, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;

export interface EmbeddedSystem {
  gateway: NestFastifyApplication;
  services: INestMicroservice[];
  infrastructure: Infrastructure;
  dataDir: string;
  smsOutbox: string;
  /** Base URL the gateway listens on. */
  url: string;
  close(): Promise<void>;
}

/** The JWT secret: from JWT_SECRET, else generated once and kept (mode 600) under DATA_DIR. */
function jwtSecretFor(env: Environment, dataDir: string): string {
  if (env.JWT_SECRET) return env.JWT_SECRET;
  const file = join(dataDir, 'jwt-secret');
  if (!existsSync(file)) writePrivateFileOnce(file, randomBytes(48).toString('base64url'));
  else chmodSync(file, PRIVATE_FILE_MODE);
  return readFileSync(file, 'utf8').trim();
}

function serviceRoot(infrastructure: Infrastructure, service: DynamicModule): DynamicModule {
  @Module({})
  class ServiceRoot {}
  return { module: ServiceRoot, imports: [InfrastructureModule.forRoot(infrastructure), service] };
}

/**
 * The embedded profile: the three services and the gateway as four Nest applications in one
 * process, joined by the in-process bus, on SQLite files and a local evidence folder.
 */
export async function startEmbedded(env: Environment): Promise<EmbeddedSystem> {
  const dataDir = resolve(env.DATA_DIR);
  ensurePrivateDir(dataDir);
  const smsOutbox = resolve(env.SMS_OUTBOX ?? join(dataDir, 'sms-outbox.jsonl'));
  const broker = new InProcessBroker();
  const masterKeys = masterKeysFor(env, dataDir, { generate: true });
  const infrastructure: Infrastructure = {
    eventStore: HashChainingEventStore.wrap(new SqliteEventStore({ filename: join(dataDir, 'events.sqlite'), synchronous: env.SQLITE_SYNCHRONOUS })),
    readStore: new SqliteReadStore({ filename: join(dataDir, 'read-models.sqlite') }),
    blobStore: new LocalBlobStore(join(dataDir, 'evidence')),
    smsSender: new OutboxSmsSender(smsOutbox),
    bus: new InProcessClient(broker),
    keyStore: new SqliteSubjectKeyStore({ filename: join(dataDir, 'keys.sqlite'), wrappingKey: masterKeys.wrapping }),
    pseudonymKey: masterKeys.pseudonyms,
  };
  const jwtSecret = jwtSecretFor(env, dataDir);
  const logger = new Logger('Embedded');

  const services: INestMicroservice[] = [];
  const modules = [
    IdentityServiceModule.forRoot({
      jwtSecret,
      jwtTtlSeconds: env.JWT_TTL_SECONDS,
      smsGlobalPerHour: env.SMS_GLOBAL_PER_HOUR,
      loginFreeAttempts: env.LOGIN_FREE_ATTEMPTS,
      loginFreeAttemptsPerAddress: env.LOGIN_FREE_ATTEMPTS_PER_ADDRESS,
      loginMaxDelaySeconds: env.LOGIN_MAX_DELAY_SECONDS,
      administrator: env.ADMIN_USERNAME && env.ADMIN_PASSWORD ? { username: env.ADMIN_USERNAME, password: env.ADMIN_PASSWORD } : undefined,
    }),
    CatalogServiceModule.forRoot({ seed: true }),
    LedgerServiceModule.forRoot({
      evidence: { quotaBytes: env.EVIDENCE_QUOTA_BYTES, unattachedMaxAgeSeconds: env.EVIDENCE_UNATTACHED_MAX_AGE_SECONDS, sweepIntervalSeconds: env.EVIDENCE_SWEEP_INTERVAL_SECONDS },
    }),
  ];
  for (const module of modules) {
    const service = await NestFactory.createMicroservice(serviceRoot(infrastructure, module), {
      strategy: new InProcessServer(broker),
      logger: env.LOG_LEVEL === 'silent' ? false : ['error', 'warn'],
    });
    await service.listen();
    services.push(service);
  }

  const gateway = await createGateway({
    clients: { identity: new InProcessClient(broker), catalog: new InProcessClient(broker), ledger: new InProcessClient(broker) },
    jwtSecret,
    maxUploadBytes: MAX_EVIDENCE_BYTES,
    requestTimeoutMs: 15_000,
    logLevel: env.LOG_LEVEL,
    blobStore: infrastructure.blobStore,
    trustProxy: trustProxyOf(env),
  });
  await gateway.listen(env.PORT, env.HOST);
  const address = gateway.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : env.PORT;
  const url = `http://127.0.0.1:${port}`;
  logger.log(`Credit Bank (embedded profile) on ${url} — API ${url}/api/v1, docs ${url}/api/docs, data in ${dataDir}`);
  // The services log warnings only (the identity service warned if no administrator exists): say what it found.
  const administrator = services[0].get(AdministratorBootstrap).outcome;
  if (administrator && !(administrator.kind === 'not-configured' && administrator.administrators === 0)) logger.log(describeAdministrator(administrator));

  return {
    gateway,
    services,
    infrastructure,
    dataDir,
    smsOutbox,
    url,
    async close() {
      await gateway.close();
      for (const s of services.reverse()) await s.close();
      await infrastructure.eventStore.close();
      await infrastructure.readStore.close();
      await infrastructure.keyStore?.close();
    },
  };
}
