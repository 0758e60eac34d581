import { blobStoreContract, readAll } from '@credit-bank/testing';
import mongoose from 'mongoose';
import { randomBytes } from 'node:crypto';
import { GridFsBlobStore } from './gridfs-blob-store';

/** Runs against the server in MONGODB_URI, in a database of its own that is dropped at the end. */
const uri = process.env.MONGODB_URI;
const dbName = `cb_test_blob_${randomBytes(6).toString('hex')}`;

if (!uri) {
  console.warn('GridFsBlobStore int-spec SKIPPED: MONGODB_URI is not set (no MongoDB/FerretDB server to test against).');
}

const describeWithMongo = uri ? describe : describe.skip;

describeWithMongo('GridFsBlobStore against MONGODB_URI', () => {
  let admin: mongoose.Connection;

  beforeAll(async () => {
    admin = await mongoose.createConnection(uri as string, { dbName }).asPromise();
  });

  afterAll(async () => {
    await admin?.dropDatabase();
    await admin?.close();
  });

  blobStoreContract('GridFsBlobStore ({ uri, dbName }, one bucket per test)', async () => {
    const store = new GridFsBlobStore({ uri: uri as string, dbName }, { bucketName: `ev_${randomBytes(5).toString('hex')}` });
    return {
      store,
      async cleanup() {
        await store.drop();
        await store.close();
      },
    };
  });

  describe('GridFsBlobStore specifics', () => {
    it('keeps one version per key after a replacement, in small chunks', async () => {
      const bucketName = `ev_${randomBytes(5).toString('hex')}`;
      const store = new GridFsBlobStore(admin, { bucketName, chunkSizeBytes: 1024 });
      try {
        const first = randomBytes(10_000);
        const second = randomBytes(3_000);
        await store.put('key-1', first);
        await store.put('key-1', second);
        const files = await admin.db!.collection(`${bucketName}.files`).find({ filename: 'key-1' }).toArray();
        expect(files).toHaveLength(1);
        expect(files[0].length).toBe(3_000);
        expect(await admin.db!.collection(`${bucketName}.chunks`).countDocuments({})).toBe(3);
        const stream = await store.get('key-1');
        expect((await readAll(stream!)).equals(second)).toBe(true);
        await store.delete('key-1');
        expect(await admin.db!.collection(`${bucketName}.chunks`).countDocuments({})).toBe(0);
        await store.drop();
      } finally {
        await store.close();
      }
      expect(admin.readyState).toBe(mongoose.ConnectionStates.connected);
    });
  });
});
