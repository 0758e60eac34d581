/**
 * Servers from testcontainers (11.x), used by the global setup only when a Docker engine answers.
 * The engine check is cheap: without DOCKER_HOST or a docker socket, testcontainers is not even
 * loaded; with one, the runtime client must answer within a few seconds.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { StartedTestContainer } from 'testcontainers';

export interface StartedServer {
  url: string;
  how: string;
  stop: () => Promise<void>;
}

const KAFKA_IMAGE = 'apache/kafka:3.9.1';
const MONGO_IMAGE = 'mongo:7.0';
const EVENTSTORE_IMAGE = 'eventstore/eventstore:24.10';

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} s`)), ms);
    t.unref();
    p.then(
      (v) => {
        clearTimeout(t);
        resolve(v);
      },
      (e) => {
        clearTimeout(t);
        reject(e);
      },
    );
  });
}

/** Undefined when a Docker engine answers; otherwise why not. */
export async function dockerUnavailableReason(): Promise<string | undefined> {
  if (process.env.CREDIT_BANK_TESTCONTAINERS === 'off') return 'CREDIT_BANK_TESTCONTAINERS=off';
  const sockets = ['/var/run/docker.sock', join(homedir(), '.docker', 'run', 'docker.sock'), join(homedir(), '.docker', 'desktop', 'docker.sock')];
  if (!process.env.DOCKER_HOST && !process.env.TESTCONTAINERS_DOCKER_SOCKET_OVERRIDE && !sockets.some((s) => existsSync(s))) {
    return 'no Docker engine (no DOCKER_HOST, no docker socket)';
  }
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    await withTimeout(getContainerRuntimeClient(), 8000, 'the Docker engine');
    return undefined;
  } catch (e) {
    return `no Docker engine answers (${(e as Error).message})`;
  }
}

function stopper(c: StartedTestContainer): () => Promise<void> {
  return async () => {
    await c.stop({ timeout: 10_000 });
  };
}

export async function startKafkaContainer(freePort: () => Promise<number>): Promise<StartedServer> {
  const { GenericContainer, Wait, getContainerRuntimeClient } = await import('testcontainers');
  const host = (await getContainerRuntimeClient()).info.containerRuntime.host;
  // The broker must advertise the address clients use, so the host port is chosen up front.
  const port = await freePort();
  const c = await new GenericContainer(KAFKA_IMAGE)
    .withExposedPorts({ container: 9092, host: port })
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: 'PLAINTEXT://0.0.0.0:9092,CONTROLLER://localhost:9093',
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://${host}:${port}`,
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_NUM_PARTITIONS: '1',
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .withStartupTimeout(120_000)
    .start();
  return { url: `${host}:${port}`, how: `testcontainers ${KAFKA_IMAGE}`, stop: stopper(c) };
}

export async function startMongoContainer(): Promise<StartedServer> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const c = await new GenericContainer(MONGO_IMAGE)
    .withExposedPorts(27017)
    .withWaitStrategy(Wait.forLogMessage(/Waiting for connections/))
    .withStartupTimeout(120_000)
    .start();
  return { url: `mongodb://${c.getHost()}:${c.getMappedPort(27017)}/?directConnection=true`, how: `testcontainers ${MONGO_IMAGE}`, stop: stopper(c) };
}

export async function startEventStoreContainer(): Promise<StartedServer> {
  const { GenericContainer, Wait } = await import('testcontainers');
  const c = await new GenericContainer(EVENTSTORE_IMAGE)
    .withExposedPorts(2113)
    .withEnvironment({ EVENTSTORE_INSECURE: 'true', EVENTSTORE_RUN_PROJECTIONS: 'All', EVENTSTORE_MEM_DB: 'true' })
    .withWaitStrategy(Wait.forHttp('/health/live', 2113).forStatusCode(204))
    .withStartupTimeout(120_000)
    .start();
  return { url: `esdb://${c.getHost()}:${c.getMappedPort(2113)}?tls=false`, how: `testcontainers ${EVENTSTORE_IMAGE}`, stop: stopper(c) };
}
