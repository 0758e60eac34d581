import { busContract, describeWithKafka, kafkaBrokers } from '@credit-bank/testing';
import { Kafka, logLevel } from 'kafkajs';
import { randomBytes } from 'node:crypto';
import { KafkaBusClient } from './kafka-bus.client';
import { KafkaBusServer } from './kafka-bus.server';
import { brokerList } from './kafka-connection';

describeWithKafka('Kafka bus', () => {
  const brokers = kafkaBrokers() as string[];
  // One namespace per run, and one per test inside it: runs of several developers on one broker
  // never meet, and a test's new consumer groups (reading from the earliest offset) do not get
  // the events of the tests before it.
  const run = `cbtest-${randomBytes(4).toString('hex')}-`;
  let tests = 0;

  busContract(
    'Kafka (kafkajs, idempotent producer, acks all)',
    async () => {
      const prefix = `${run}${++tests}.`;
      let services = 0;
      return {
        createServer: () => new KafkaBusServer({ brokers, topicPrefix: prefix, groupPrefix: prefix, service: `svc${++services}`, logLevel: logLevel.ERROR, retryDelayMs: 20 }),
        createClient: () => new KafkaBusClient({ brokers, topicPrefix: prefix, logLevel: logLevel.ERROR }),
        cleanup: async () => undefined,
      };
    },
    // A consumer joining its group takes a few seconds on a real broker (the coordinator's
    // initial rebalance delay), and the first request or event of a test waits for it.
    { deliveryTimeoutMs: 20_000 },
  );

  afterAll(async () => {
    const admin = new Kafka({ clientId: 'cbtest-cleanup', brokers: brokerList(brokers), logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      const topics = (await admin.listTopics()).filter((t) => t.startsWith(run));
      if (topics.length) await admin.deleteTopics({ topics });
    } finally {
      await admin.disconnect();
    }
  });
});
