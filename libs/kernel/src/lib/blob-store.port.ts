import { Readable } from 'node:stream';

/** Evidence files: stored under server-made keys only, never under a client's file name. */
export interface BlobStore {
  put(key: string, content: Buffer): Promise<void>;
  get(key: string): Promise<Readable | undefined>;
  delete(key: string): Promise<void>;
}

export const BLOB_STORE = Symbol.for('credit-bank/BlobStore');
