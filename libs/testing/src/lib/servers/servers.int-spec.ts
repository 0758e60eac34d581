/**
 * The real servers the integration tests run against answer: Kafka takes a topic, a message and
 * gives it back to a consumer group; the MongoDB-compatible server stores and finds a document.
 */
import { Kafka, logLevel } from 'kafkajs';
import mongoose from 'mongoose';
import { describeWithKafka, describeWithMongo, kafkaBrokers, mongoUri, uniqueName } from './discovery';

describeWithKafka('Kafka (real broker)', () => {
  const kafka = () => new Kafka({ clientId: uniqueName('servers-int'), brokers: kafkaBrokers() ?? [], logLevel: logLevel.NOTHING });

  it('creates a topic, produces a message and a consumer group reads it back', async () => {
    const topic = uniqueName('cb-servers-int');
    const k = kafka();
    const admin = k.admin();
    await admin.connect();
    try {
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
      expect(await admin.listTopics()).toContain(topic);
    } finally {
      await admin.disconnect();
    }

    const producer = k.producer();
    await producer.connect();
    await producer.send({ topic, messages: [{ key: 'k1', value: 'hello kafka', headers: { h: 'v' } }] });
    await producer.disconnect();

    const consumer = k.consumer({ groupId: uniqueName('cb-servers-int-group') });
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      const got = await new Promise<{ key: string; value: string; header: string }>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no message within 30 s')), 30_000);
        void consumer.run({
          eachMessage: async ({ message }) => {
            clearTimeout(timer);
            resolve({ key: String(message.key), value: String(message.value), header: String(message.headers?.h) });
          },
        });
      });
      expect(got).toEqual({ key: 'k1', value: 'hello kafka', header: 'v' });
    } finally {
      await consumer.disconnect();
    }

    const cleanup = k.admin();
    await cleanup.connect();
    await cleanup.deleteTopics({ topics: [topic] }).finally(() => cleanup.disconnect());
  });
});

describeWithMongo('MongoDB-compatible server (real)', () => {
  it('inserts and finds documents with the mongodb driver', async () => {
    const client = new mongoose.mongo.MongoClient(mongoUri() as string, { serverSelectionTimeoutMS: 10_000 });
    await client.connect();
    const db = client.db(uniqueName('cb_servers_int').replace(/-/g, '_'));
    try {
      expect((await db.command({ ping: 1 })).ok).toBe(1);
      const col = db.collection<{ _id: string; n: number; tags: string[] }>('things');
      await col.insertMany([
        { _id: 'a', n: 1, tags: ['x'] },
        { _id: 'b', n: 2, tags: ['y'] },
      ]);
      expect(await col.findOne({ _id: 'b' })).toEqual({ _id: 'b', n: 2, tags: ['y'] });
      expect(await col.find({ n: { $gte: 1 } }).sort({ n: -1 }).map((d) => d._id).toArray()).toEqual(['b', 'a']);
      await expect(col.insertOne({ _id: 'a', n: 3, tags: [] })).rejects.toMatchObject({ code: 11000 });
    } finally {
      await db.dropDatabase();
      await client.close();
    }
  });
});
