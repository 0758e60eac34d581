import { SubjectKeyStore } from '@credit-bank/kernel';
import { randomBytes, randomUUID } from 'node:crypto';

/** What an adapter's test hands the contract for each test. */
export interface SubjectKeyStoreUnderTest {
  store: SubjectKeyStore;
  /** Another instance on the same storage (a restart, or a second process), with this wrapping key or the original one. */
  open(wrappingKey?: Buffer): Promise<SubjectKeyStore>;
  /** Closes every instance and removes what the factory created. */
  cleanup(): Promise<void>;
  /** Everything the adapter keeps at rest, as bytes (the file, or the collection's documents), to look for a key in clear. */
  storedBytes(): Promise<Buffer>;
}

/** Creates an empty store with the given 32-byte wrapping key. */
export type SubjectKeyStoreFactory = (wrappingKey: Buffer) => Promise<SubjectKeyStoreUnderTest>;

const subject = () => `account-${randomUUID()}`;

/** The behaviour every SubjectKeyStore adapter must show (SQLite file, MongoDB collection). */
export function subjectKeyStoreContract(name: string, factory: SubjectKeyStoreFactory): void {
  describe(`SubjectKeyStore contract: ${name}`, () => {
    const wrappingKey = randomBytes(32);
    let under: SubjectKeyStoreUnderTest;
    let store: SubjectKeyStore;

    beforeEach(async () => {
      under = await factory(wrappingKey);
      store = under.store;
    });

    afterEach(async () => {
      await under.cleanup();
    });

    it('creates a random 32-byte key on first use and hands out the same key afterwards, also after a reopen', async () => {
      const id = subject();
      const key = await store.keyFor(id);
      expect(key).toBeInstanceOf(Buffer);
      expect(key?.length).toBe(32);
      expect(await store.keyFor(id)).toEqual(key);
      const again = await under.open();
      expect(await again.keyFor(id)).toEqual(key);
      expect(await again.find(id)).toEqual(key);
    });

    it('gives every subject a key of its own', async () => {
      const [a, b] = [subject(), subject()];
      const [ka, kb] = [await store.keyFor(a), await store.keyFor(b)];
      expect(ka?.equals(kb as Buffer)).toBe(false);
    });

    it('find answers undefined for a subject that never had a key, and creates none', async () => {
      const id = subject();
      expect(await store.find(id)).toBeUndefined();
      expect(await store.find(id)).toBeUndefined();
      const key = await store.keyFor(id);
      expect(await store.find(id)).toEqual(key);
    });

    it('destroy is for good: keyFor and find answer null, also after a reopen, and no new key is made', async () => {
      const id = subject();
      await store.keyFor(id);
      await store.destroy(id);
      expect(await store.keyFor(id)).toBeNull();
      expect(await store.find(id)).toBeNull();
      const again = await under.open();
      expect(await again.keyFor(id)).toBeNull();
      expect(await again.find(id)).toBeNull();
    });

    it('destroy is idempotent and leaves a tombstone for a subject that never had a key', async () => {
      const [known, unknown] = [subject(), subject()];
      await store.keyFor(known);
      await store.destroy(known);
      await store.destroy(known);
      await store.destroy(unknown);
      expect(await store.find(known)).toBeNull();
      expect(await store.find(unknown)).toBeNull();
      expect(await store.keyFor(unknown)).toBeNull();
    });

    it('destroying one subject leaves the others readable', async () => {
      const [a, b] = [subject(), subject()];
      await store.keyFor(a);
      const kb = await store.keyFor(b);
      await store.destroy(a);
      expect(await store.keyFor(b)).toEqual(kb);
    });

    it('concurrent first uses of a subject, through two instances, agree on one key', async () => {
      const other = await under.open();
      const id = subject();
      const keys = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? other : store).keyFor(id)));
      for (const key of keys) expect(key).toEqual(keys[0]);
      expect(keys[0]?.length).toBe(32);
    });

    it('keeps keys wrapped: the stored bytes hold no key in clear, and another master key cannot open them', async () => {
      const id = subject();
      const key = (await store.keyFor(id)) as Buffer;
      const stored = await under.storedBytes();
      for (const encoding of ['hex', 'base64', 'base64url'] as const) expect(stored.includes(Buffer.from(key.toString(encoding), 'utf8'))).toBe(false);
      expect(stored.includes(key)).toBe(false);
      const stranger = await under.open(randomBytes(32));
      await expect(stranger.keyFor(id)).rejects.toThrow(/master key/);
    });

    it('destroy removes the wrapped key from storage, not just from answers', async () => {
      const id = subject();
      await store.keyFor(id);
      const before = await under.storedBytes();
      const wrapped = findWrapped(before);
      expect(wrapped.length).toBeGreaterThan(0);
      await store.destroy(id);
      const after = await under.storedBytes();
      for (const w of wrapped) expect(after.includes(Buffer.from(w, 'utf8'))).toBe(false);
    });
  });
}

/** The wrapped keys (`w1.<iv>.<tag>.<data>`) found in stored bytes. */
function findWrapped(bytes: Buffer): string[] {
  return bytes.toString('latin1').match(/w1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}/g) ?? [];
}
