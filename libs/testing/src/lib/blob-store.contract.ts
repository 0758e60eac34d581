import { BlobStore } from '@credit-bank/kernel';
import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';

/** What an adapter's test hands the contract for each test: a store, and how to dispose of it. */
export interface BlobStoreUnderTest {
  store: BlobStore;
  /** Removes whatever the factory created (folders, buckets). */
  cleanup(): Promise<void>;
}

export type BlobStoreFactory = () => Promise<BlobStoreUnderTest>;

/** Reads a whole stream into one Buffer. */
export async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string));
  return Buffer.concat(chunks);
}

function newKey(): string {
  return `k-${randomUUID()}`;
}

/** The behaviour every BlobStore adapter must show (local folder, GridFS, object store). */
export function blobStoreContract(name: string, factory: BlobStoreFactory): void {
  describe(`BlobStore contract: ${name}`, () => {
    let under: BlobStoreUnderTest;
    let store: BlobStore;

    beforeEach(async () => {
      under = await factory();
      store = under.store;
    });

    afterEach(async () => {
      await under.cleanup();
    });

    async function content(key: string): Promise<Buffer | undefined> {
      const stream = await store.get(key);
      return stream ? readAll(stream) : undefined;
    }

    it('stores bytes under a key and streams them back unchanged', async () => {
      const key = newKey();
      const bytes = Buffer.concat([Buffer.from([0, 255, 0, 10, 13]), randomBytes(200_000), Buffer.from('证明材料.pdf', 'utf8')]);
      await store.put(key, bytes);
      const stream = await store.get(key);
      expect(stream).toBeInstanceOf(Readable);
      expect((await readAll(stream as Readable)).equals(bytes)).toBe(true);
    });

    it('stores an empty file', async () => {
      const key = newKey();
      await store.put(key, Buffer.alloc(0));
      expect(await content(key)).toEqual(Buffer.alloc(0));
    });

    it('answers undefined for a key that holds nothing', async () => {
      expect(await store.get(newKey())).toBeUndefined();
    });

    it('replaces the content of a key', async () => {
      const key = newKey();
      await store.put(key, Buffer.from('first version, longer than the second'));
      await store.put(key, Buffer.from('second'));
      expect((await content(key))?.toString()).toBe('second');
    });

    it('keeps keys apart', async () => {
      const a = newKey();
      const b = newKey();
      await store.put(a, Buffer.from('a'));
      await store.put(b, Buffer.from('b'));
      expect((await content(a))?.toString()).toBe('a');
      expect((await content(b))?.toString()).toBe('b');
    });

    it('deletes a key, and deleting a missing key is not an error', async () => {
      const key = newKey();
      await store.put(key, Buffer.from('x'));
      await store.delete(key);
      expect(await store.get(key)).toBeUndefined();
      await expect(store.delete(key)).resolves.toBeUndefined();
      await expect(store.delete(newKey())).resolves.toBeUndefined();
    });

    it('never shows a partly written file to a reader (concurrent puts of one key)', async () => {
      const key = newKey();
      const versions = Array.from({ length: 8 }, (_, n) => Buffer.alloc(256 * 1024, n + 1));
      await Promise.all(versions.map((v) => store.put(key, v)));
      const stored = await content(key);
      expect(stored).toBeDefined();
      expect(versions.some((v) => v.equals(stored as Buffer))).toBe(true);
    });

    it.each([
      ['a path', '../escape'],
      ['a folder', 'a/b'],
      ['a backslash', 'a\\b'],
      ['a dot', 'file.pdf'],
      ['the empty string', ''],
      ['129 characters', 'x'.repeat(129)],
      ['a space', 'a b'],
      ['non-ASCII letters', '证明'],
      ['a NUL byte', 'a\u0000b'],
    ])('refuses a key with %s', async (_what, key) => {
      await expect(store.put(key, Buffer.from('x'))).rejects.toThrow();
      await expect(store.get(key)).rejects.toThrow();
      await expect(store.delete(key)).rejects.toThrow();
    });

    it('accepts keys of letters, digits, _ and - up to 128 characters', async () => {
      for (const key of ['a', 'A-z_09', 'x'.repeat(128), randomUUID()]) {
        await store.put(key, Buffer.from(key));
        expect((await content(key))?.toString()).toBe(key);
      }
    });
  });
}
