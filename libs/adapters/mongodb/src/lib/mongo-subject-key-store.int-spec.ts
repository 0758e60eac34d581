import { SubjectKeyStore } from '@credit-bank/kernel';
import { subjectKeyStoreContract } from '@credit-bank/testing';
import mongoose from 'mongoose';
import { randomBytes } from 'node:crypto';
import { MongoSubjectKeyStore } from './mongo-subject-key-store';

/** Runs against the server in MONGODB_URI, in a database of its own (a collection per test) that is dropped at the end. */
const uri = process.env.MONGODB_URI;
const dbName = `cb_test_keys_${randomBytes(6).toString('hex')}`;

if (!uri) {
  console.warn('MongoSubjectKeyStore int-spec SKIPPED: MONGODB_URI is not set (no MongoDB/FerretDB server to test against).');
}

const describeWithMongo = uri ? describe : describe.skip;

describeWithMongo('MongoSubjectKeyStore against MONGODB_URI', () => {
  let admin: mongoose.Connection;

  beforeAll(async () => {
    admin = await mongoose.createConnection(uri as string, { dbName }).asPromise();
  });

  afterAll(async () => {
    await admin?.dropDatabase();
    await admin?.close();
  });

  subjectKeyStoreContract('MongoSubjectKeyStore ({ uri, dbName }, a collection per test)', async (wrappingKey) => {
    const collection = `keys_${randomBytes(5).toString('hex')}`;
    const opened: SubjectKeyStore[] = [new MongoSubjectKeyStore({ uri: uri as string, dbName }, { wrappingKey, collection })];
    return {
      store: opened[0],
      async open(key = wrappingKey) {
        const store = new MongoSubjectKeyStore({ uri: uri as string, dbName }, { wrappingKey: key, collection });
        opened.push(store);
        return store;
      },
      async cleanup() {
        for (const store of opened) await store.close();
      },
      async storedBytes() {
        const docs = await admin.db!.collection(collection).find({}).toArray();
        return Buffer.from(JSON.stringify(docs), 'utf8');
      },
    };
  });
});
