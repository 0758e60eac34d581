import { BlobStore, DomainError } from '@credit-bank/kernel';
import mongoose from 'mongoose';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MongoDatabase, MongoSource } from './mongo-connection';

type ObjectId = mongoose.mongo.ObjectId;
type GridFSFile = mongoose.mongo.GridFSFile;

/** Server-made keys only: letters, digits, `_` and `-`, 1 to 128 characters (as LocalBlobStore). */
export const GRIDFS_BLOB_KEY_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

export class InvalidGridFsBlobKeyError extends DomainError {
  constructor(key: unknown) {
    super('BLOB_STORE.INVALID_KEY', 'validation', `A blob key must match ${GRIDFS_BLOB_KEY_PATTERN}, got ${JSON.stringify(String(key)).slice(0, 160)}`);
    this.name = 'InvalidGridFsBlobKeyError';
  }
}

export interface GridFsBlobStoreOptions {
  /** GridFS bucket: collections `<bucketName>.files` and `<bucketName>.chunks`. Default `evidence`. */
  bucketName?: string;
  /** Chunk size in bytes. Default the driver's (255 KiB). */
  chunkSizeBytes?: number;
}

/**
 * Evidence files in a GridFS bucket (`mongoose.mongo.GridFSBucket`), one GridFS file per version of
 * a key, with the key as `filename`.
 *
 * A `put` uploads a new file (its chunks first, then its files document, which the driver writes
 * last: a reader never finds a files document whose chunks are not all written) and then deletes
 * the older versions of the key. The versions of a key are ordered by (`uploadDate`, `_id`); a `get`
 * streams the newest, so concurrent `put`s of one key leave exactly one complete version. A reader
 * that is streaming a version while a newer `put` deletes it gets a stream error (missing chunk),
 * never a silently shortened file. An upload interrupted by a crash leaves orphan chunks without a
 * files document; they are invisible (and can be swept by `files_id` not in `files`).
 */
export class GridFsBlobStore implements BlobStore {
  private readonly database: MongoDatabase;
  private readonly bucketName: string;
  private readonly chunkSizeBytes: number | undefined;
  private bucketPromise: Promise<mongoose.mongo.GridFSBucket> | undefined;

  constructor(source: MongoSource, options: GridFsBlobStoreOptions = {}) {
    this.database = new MongoDatabase(source, 'GridFsBlobStore');
    this.bucketName = options.bucketName ?? 'evidence';
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,60}$/.test(this.bucketName)) throw new TypeError(`GridFsBlobStore: bucketName must be letters, digits and _, got ${this.bucketName}`);
    this.chunkSizeBytes = options.chunkSizeBytes;
  }

  async put(key: string, content: Buffer): Promise<void> {
    checkKey(key);
    if (!Buffer.isBuffer(content)) throw new TypeError('GridFsBlobStore.put: content must be a Buffer');
    const bucket = await this.bucket();
    const upload = bucket.openUploadStream(key, this.chunkSizeBytes ? { chunkSizeBytes: this.chunkSizeBytes } : {});
    await pipeline(Readable.from([content]), upload);
    const mine = upload.gridFSFile;
    if (!mine) throw new Error(`GridFsBlobStore.put: the upload of ${key} finished without a files document`);
    // Remove the versions older than this one (never newer ones: a concurrent put may have won).
    const older = await bucket
      .find({ filename: key, $or: [{ uploadDate: { $lt: mine.uploadDate } }, { uploadDate: mine.uploadDate, _id: { $lt: mine._id } }] }, { projection: { _id: 1 } })
      .toArray();
    for (const file of older) await deleteFile(bucket, file._id);
  }

  /** A stream of the newest stored version, or undefined when nothing is stored under the key. */
  async get(key: string): Promise<Readable | undefined> {
    checkKey(key);
    const bucket = await this.bucket();
    const [latest] = await bucket.find({ filename: key }, { sort: [['uploadDate', -1], ['_id', -1]], limit: 1 }).toArray();
    if (!latest) return undefined;
    return bucket.openDownloadStream(latest._id);
  }

  /** Removes every version; removing a key that holds nothing is not an error. */
  async delete(key: string): Promise<void> {
    checkKey(key);
    const bucket = await this.bucket();
    const files = await bucket.find({ filename: key }, { projection: { _id: 1 } }).toArray();
    for (const file of files) await deleteFile(bucket, file._id);
  }

  /** Drops the bucket's collections (tests and resets). */
  async drop(): Promise<void> {
    const bucket = await this.bucket();
    await bucket.drop().catch((error: unknown) => {
      // NamespaceNotFound: nothing was ever stored.
      if ((error as { code?: unknown }).code !== 26) throw error;
    });
  }

  async close(): Promise<void> {
    await this.database.close();
  }

  private async bucket(): Promise<mongoose.mongo.GridFSBucket> {
    if (!this.bucketPromise) {
      this.bucketPromise = this.database.db().then((db) => new mongoose.mongo.GridFSBucket(db, { bucketName: this.bucketName }));
      this.bucketPromise.catch(() => {
        this.bucketPromise = undefined;
      });
    }
    if (this.database.isClosed) throw new Error('GridFsBlobStore is closed');
    return this.bucketPromise;
  }
}

function checkKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || !GRIDFS_BLOB_KEY_PATTERN.test(key)) throw new InvalidGridFsBlobKeyError(key);
}

/** Deletes one GridFS file; one already deleted (by a concurrent put or delete) is not an error. */
async function deleteFile(bucket: mongoose.mongo.GridFSBucket, id: ObjectId): Promise<void> {
  try {
    await bucket.delete(id);
  } catch (error) {
    if (error instanceof mongoose.mongo.MongoRuntimeError && /File not found/i.test(error.message)) return;
    throw error;
  }
}

export type { GridFSFile };
