import { ACCOUNT_REGISTERED_V1 } from '@credit-bank/contracts';
import { IdentityIntegrationRelay } from '@credit-bank/identity-service';
import { ensureTopics, KafkaBusClient, KafkaBusHeaders, topicOf } from '@credit-bank/kafka-bus';
import { NewEvent } from '@credit-bank/kernel';
import { MongoReadStore } from '@credit-bank/mongodb';
import { SqliteEventStore } from '@credit-bank/sqlite-event-store';
import { describeWithKafka, kafkaBrokers, mongoUri } from '@credit-bank/testing';
import { Kafka, KafkaMessage, logLevel } from 'kafkajs';
import mongoose from 'mongoose';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The identity relay on real servers (Kafka, the MongoDB read store for its checkpoint, a SQLite
 * event store): every stored event reaches its topic once, keyed by its stream, in store order per
 * partition; each checkpoint write names a position whose events the broker already acknowledged;
 * events appended while it runs are published and checkpointed too (the checkpoint's deferred
 * write), and shutdown leaves the checkpoint at the last published event.
 */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function accountRegistered(i: number): NewEvent {
  const accountId = randomUUID();
  const now = new Date().toISOString();
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
      registeredAt: now,
    },
    metadata: { eventId: randomUUID(), schemaVersion: 1, correlationId: randomUUID(), causationId: randomUUID(), actor: 'anonymous', occurredAt: now },
  };
}

describeWithKafka('IntegrationRelay publication on Kafka', () => {
  const uri = mongoUri();
  const brokers = kafkaBrokers() as string[];
  const prefix = `cbtest-relay-${randomBytes(4).toString('hex')}.`;
  const topic = topicOf(prefix, ACCOUNT_REGISTERED_V1);
  const kafka = new Kafka({ clientId: 'cbtest-relay', brokers, logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  let dir: string;
  let store: SqliteEventStore;
  let readStore: MongoReadStore;
  let bus: KafkaBusClient;
  const dbName = prefix.replace(/[.-]/g, '');

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'credit-bank-relay-'));
    store = new SqliteEventStore({ filename: join(dir, 'identity.sqlite'), synchronous: 'NORMAL' });
    readStore = new MongoReadStore({ uri: uri as string, dbName });
    await admin.connect();
    await ensureTopics(brokers.join(','), [topic], 3, { replicationFactor: 1 });
    bus = new KafkaBusClient({ brokers: brokers.join(','), topicPrefix: prefix, logLevel: logLevel.NOTHING });
    await bus.connect();
  });

  afterAll(async () => {
    await bus?.close();
    await store?.close();
    await readStore?.close();
    await admin.deleteTopics({ topics: [topic] }).catch(() => undefined);
    await admin.disconnect();
    if (uri) {
      const connection = await mongoose.createConnection(uri, { dbName }).asPromise();
      await connection.db?.dropDatabase();
      await connection.close();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const onTopic = async () => (await admin.fetchTopicOffsets(topic)).reduce((sum, o) => sum + Number(o.high), 0);

  async function readAll(count: number): Promise<Array<{ partition: number; message: KafkaMessage }>> {
    const consumer = kafka.consumer({ groupId: `${prefix}reader-${randomUUID()}` });
    const seen: Array<{ partition: number; message: KafkaMessage }> = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({ eachMessage: async ({ partition, message }) => void seen.push({ partition, message }) });
      const until = Date.now() + 30_000;
      while (seen.length < count && Date.now() < until) await sleep(50);
    } finally {
      await consumer.disconnect();
    }
    return seen;
  }

  it('publishes every event once, in order per stream, and checkpoints only what the broker acknowledged', async () => {
    if (!uri) throw new Error('MONGODB_URI is not set: the relay keeps its checkpoint in the MongoDB read store');
    const n = 2_400;
    for (let i = 0; i < n; i += 400) {
      await Promise.all(Array.from({ length: Math.min(400, n - i) }, (_, j) => store.append(`identity.account-${randomUUID()}`, [accountRegistered(i + j)], { expectedRevision: 'no_stream' })));
    }
    const stored = await store.readAll();
    const positions = stored.map((e) => e.position);

    // Each checkpoint write, with how many events the broker held when it was asked for.
    const writes: Array<{ position: number; onTopic: number }> = [];
    const checkpoints = readStore.checkpoints;
    const write = checkpoints.store.bind(checkpoints);
    checkpoints.store = async (id: string, position: number) => {
      writes.push({ position, onTopic: await onTopic() });
      await write(id, position);
    };

    const relay = new IdentityIntegrationRelay(store, readStore, bus);
    await relay.onApplicationBootstrap();
    const head = await store.headPosition();
    let until = Date.now() + 30_000;
    while ((await checkpoints.load(relay.checkpointId)) < head && Date.now() < until) await sleep(50);
    expect(await checkpoints.load(relay.checkpointId)).toBe(head);

    // Appended while the relay runs: published, and the checkpoint follows without a shutdown.
    const more = 25;
    for (let i = 0; i < more; i++) await store.append(`identity.account-${randomUUID()}`, [accountRegistered(n + i)], { expectedRevision: 'no_stream' });
    const newHead = await store.headPosition();
    until = Date.now() + 10_000;
    while ((await checkpoints.load(relay.checkpointId)) < newHead && Date.now() < until) await sleep(50);
    expect(await checkpoints.load(relay.checkpointId)).toBe(newHead);
    await relay.onApplicationShutdown();

    // Never past what was on the broker: the events up to a written position were all there.
    for (const w of writes) expect(w.onTopic).toBeGreaterThanOrEqual(positions.filter((p) => p <= w.position).length);
    expect(writes.length).toBeGreaterThan(0);

    const all = await store.readAll();
    const seen = await readAll(all.length);
    expect(seen).toHaveLength(all.length);
    const byId = new Map(all.map((e) => [e.metadata.eventId, e]));
    expect(new Set(seen.map((s) => String(s.message.headers?.[KafkaBusHeaders.eventId]))).size).toBe(all.length);
    for (const { message } of seen) {
      const event = byId.get(String(message.headers?.[KafkaBusHeaders.eventId]));
      expect(event).toBeDefined();
      expect(message.key?.toString()).toBe(event?.streamId);
      expect((JSON.parse(String(message.value)) as { position: number }).position).toBe(event?.position);
    }
    // Store order within each partition.
    for (const partition of new Set(seen.map((s) => s.partition))) {
      const inPartition = seen.filter((s) => s.partition === partition).map((s) => (JSON.parse(String(s.message.value)) as { position: number }).position);
      expect(inPartition).toEqual([...inPartition].sort((a, b) => a - b));
    }
  }, 120_000);
});
