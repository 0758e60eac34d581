import { createGateway } from '@credit-bank/gateway-api';
import { KafkaBusClient } from '@credit-bank/kafka-bus';
import { BlobStore } from '@credit-bank/kernel';
import { LocalBlobStore } from '@credit-bank/local-files';
import { GridFsBlobStore } from '@credit-bank/mongodb';
import { DistributedEnvironment, ensurePrivateDir, trustProxyOf } from '@credit-bank/platform';
import type { FastifyInstance } from 'fastify';
import { join, resolve } from 'node:path';
import { databaseOf, kafkaOptions } from './kafka-options';
import { ServiceMetrics } from './metrics';
import { errorText, within } from './probes';
import { connectMongo, probeAdmin, processLogger, RunningProcess } from './service-process';

export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
const SIGNALS: NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGUSR2', 'SIGBREAK' as NodeJS.Signals];

/**
 * The HTTP gateway of the distributed profile as its own process: the gateway API
 * (`createGateway`, JWT, problem+json, OpenAPI, `/health/live`, `/health/ready` pinging every
 * service over the bus) with one Kafka bus client for its requests, evidence files in GridFS
 * (the ledger's database, bucket `evidence`) or a local folder, and `/metrics`.
 */
export async function startGatewayProcess(env: DistributedEnvironment): Promise<RunningProcess> {
  const log = processLogger(env);
  const dataDir = resolve(env.DATA_DIR);
  ensurePrivateDir(dataDir);
  const metrics = new ServiceMetrics('gateway');
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
    let blobStore: BlobStore;
    if (env.BLOB_STORE === 'gridfs') {
      const mongo = await connectMongo(env.MONGODB_URI as string, databaseOf(env, 'ledger'));
      closers.push(['MongoDB', () => mongo.close()]);
      blobStore = new GridFsBlobStore(mongo, { bucketName: 'evidence' });
      log.info({ database: databaseOf(env, 'ledger') }, 'evidence files in GridFS (bucket evidence)');
    } else {
      blobStore = new LocalBlobStore(join(dataDir, 'evidence'));
      log.info({ folder: join(dataDir, 'evidence') }, 'evidence files in a local folder (the ledger must see the same folder)');
    }
    const bus = new KafkaBusClient({ ...kafkaOptions(env), requestTimeoutMs: env.REQUEST_TIMEOUT_MS });
    closers.push(['bus client', () => bus.close()]);
    const admin = probeAdmin(env);
    closers.push(['Kafka admin', () => admin.close()]);
    metrics.gauge('credit_bank_kafka_up', 'Whether a Kafka broker answers (1) or not (0)', [], async (g) => {
      try {
        await within((await admin.get()).describeCluster(), 2000, 'Kafka');
        g.set(1);
      } catch {
        g.set(0);
      }
    });

    // createGateway installs Nest's own signal handlers; this process stops itself (see runDistributed).
    const before = new Map(SIGNALS.map((s) => [s, process.listeners(s)]));
    const app = await createGateway({
      clients: { identity: bus, catalog: bus, ledger: bus },
      jwtSecret: env.JWT_SECRET as string,
      maxUploadBytes: MAX_EVIDENCE_BYTES,
      requestTimeoutMs: env.REQUEST_TIMEOUT_MS,
      logLevel: env.LOG_LEVEL,
      blobStore,
      trustProxy: trustProxyOf(env),
    });
    for (const signal of SIGNALS) for (const listener of process.listeners(signal)) if (!before.get(signal)?.includes(listener)) process.removeListener(signal, listener);
    closers.push(['application', () => app.close()]);

    const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
    fastify.addHook('onResponse', async (request, reply) => {
      const route = request.routeOptions?.url ?? 'unmatched';
      if (route === '/metrics' || route.startsWith('/health')) return;
      const labels = { method: request.method, route };
      metrics.httpRequests.inc({ ...labels, status: String(reply.statusCode) });
      metrics.httpSeconds.observe(labels, reply.elapsedTime / 1000);
    });
    fastify.get('/metrics', async (_request, reply) => {
      const text = await metrics.text();
      return reply.header('content-type', metrics.contentType).header('cache-control', 'no-store').send(text);
    });

    await app.listen(env.PORT, env.HOST);
    const address = app.getHttpServer().address();
    const port = typeof address === 'object' && address ? address.port : env.PORT;
    const url = `http://127.0.0.1:${port}`;
    log.info({ port }, `gateway ready on ${url} — API ${url}/api/v1, docs ${url}/api/docs`);
    return { service: 'gateway', app, url, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
