import { assertSubjectId, newDataKey, SubjectKeyStore, unwrapDataKey, wrapDataKey } from '@credit-bank/kernel';
import { isDuplicateKey, MongoDatabase, MongoSource } from './mongo-connection';

/** The key store's collection unless told otherwise. */
export const SUBJECT_KEYS_COLLECTION = 'subject_keys';

export interface MongoSubjectKeyStoreOptions {
  /** The master key's wrapping sub-key (`deriveMasterKeys(master).wrapping`). */
  wrappingKey: Buffer;
  /** Default `subject_keys`. */
  collection?: string;
}

interface KeyDocument {
  _id: string;
  /** The data key wrapped by the master key; null once destroyed (the document stays as a tombstone). */
  wrappedKey: string | null;
  createdAt: string;
  destroyedAt: string | null;
}

/**
 * The SubjectKeyStore port on a MongoDB collection (one document a subject, `_id` = the subject
 * id), shared by every service of the distributed profile, so erasing a person in identity erases
 * what the other services sealed for them too. Uses only what FerretDB v1 supports: lookups by
 * `_id`, inserts (the `_id` index decides a race between two first uses: the loser re-reads) and
 * an upsert for the tombstone.
 */
export class MongoSubjectKeyStore implements SubjectKeyStore {
  private readonly database: MongoDatabase;
  private readonly collectionName: string;
  private readonly wrappingKey: Buffer;

  constructor(source: MongoSource, options: MongoSubjectKeyStoreOptions) {
    if (!Buffer.isBuffer(options.wrappingKey) || options.wrappingKey.length !== 32) throw new Error('MongoSubjectKeyStore: wrappingKey must be 32 bytes');
    this.database = new MongoDatabase(source, 'MongoSubjectKeyStore');
    this.collectionName = options.collection ?? SUBJECT_KEYS_COLLECTION;
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,60}$/.test(this.collectionName)) throw new TypeError(`MongoSubjectKeyStore: collection must be letters, digits and _, got ${this.collectionName}`);
    this.wrappingKey = options.wrappingKey;
  }

  async keyFor(subjectId: string): Promise<Buffer | null> {
    assertSubjectId(subjectId);
    const found = await this.read(subjectId);
    if (found !== undefined) return found;
    const collection = await this.collection();
    try {
      await collection.insertOne({ _id: subjectId, wrappedKey: wrapDataKey(this.wrappingKey, subjectId, newDataKey()), createdAt: new Date().toISOString(), destroyedAt: null });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    return (await this.read(subjectId)) as Buffer | null;
  }

  async find(subjectId: string): Promise<Buffer | null | undefined> {
    assertSubjectId(subjectId);
    return this.read(subjectId);
  }

  async destroy(subjectId: string): Promise<void> {
    assertSubjectId(subjectId);
    const collection = await this.collection();
    const existing = await collection.findOne({ _id: subjectId });
    if (existing && existing.wrappedKey === null) return;
    const now = new Date().toISOString();
    await collection.updateOne({ _id: subjectId }, { $set: { wrappedKey: null, destroyedAt: now }, $setOnInsert: { createdAt: now } }, { upsert: true });
  }

  close(): Promise<void> {
    return this.database.close();
  }

  private async read(subjectId: string): Promise<Buffer | null | undefined> {
    const doc = await (await this.collection()).findOne({ _id: subjectId });
    if (!doc) return undefined;
    return doc.wrappedKey === null ? null : unwrapDataKey(this.wrappingKey, subjectId, doc.wrappedKey);
  }

  private async collection() {
    return (await this.database.db()).collection<KeyDocument>(this.collectionName);
  }
}
