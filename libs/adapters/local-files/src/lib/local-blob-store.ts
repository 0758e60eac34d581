import { BlobStore, DomainError } from '@credit-bank/kernel';
import { ensurePrivateDirAsync, PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '@credit-bank/platform';
import { randomBytes } from 'node:crypto';
import { ReadStream } from 'node:fs';
import { chmod, mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** Server-made keys only: letters, digits, `_` and `-`, 1 to 128 characters (no dots, no slashes). */
export const BLOB_KEY_PATTERN = /^[A-Za-z0-9_-]{1,128}$/;

export class InvalidBlobKeyError extends DomainError {
  constructor(key: unknown) {
    super('BLOB_STORE.INVALID_KEY', 'validation', `A blob key must match ${BLOB_KEY_PATTERN}, got ${JSON.stringify(String(key)).slice(0, 160)}`);
    this.name = 'InvalidBlobKeyError';
  }
}

export interface LocalBlobStoreOptions {
  /** fsync each file (and the folder) before `put` resolves. Default true. */
  fsync?: boolean;
  /** Permission bits of the stored files. Default 0o600 (evidence is personal data). */
  fileMode?: number;
}

/**
 * Evidence files in a local folder, one file per key (`<root>/<key>`). A `put` writes a temporary
 * file in the same folder (a name starting with `.`, which no key can have), fsyncs it and renames
 * it over the key, so a reader sees the old content or the new one, never a part. Keys are checked
 * against {@link BLOB_KEY_PATTERN} on every call: a key can never name a path outside the root.
 * Keys are case-sensitive; keep them to one case if the folder may live on a case-insensitive
 * file system.
 */
export class LocalBlobStore implements BlobStore {
  readonly root: string;
  private readonly fsync: boolean;
  private readonly fileMode: number;
  /** The root made private (700) once per instance. */
  private rootReady: Promise<void> | undefined;

  constructor(root: string, options: LocalBlobStoreOptions = {}) {
    this.root = resolve(root);
    this.fsync = options.fsync ?? true;
    this.fileMode = options.fileMode ?? PRIVATE_FILE_MODE;
  }

  async put(key: string, content: Buffer): Promise<void> {
    const target = this.pathOf(key);
    if (!Buffer.isBuffer(content)) throw new TypeError('LocalBlobStore.put: content must be a Buffer');
    this.rootReady ??= this.makeRootPrivate().catch((error: unknown) => {
      this.rootReady = undefined;
      throw error;
    });
    await this.rootReady;
    // The root may have been removed since (an operator's cleanup): made again, private.
    await mkdir(this.root, { recursive: true, mode: PRIVATE_DIR_MODE });
    const temp = join(this.root, `.${key}.${randomBytes(8).toString('hex')}.tmp`);
    try {
      const handle = await open(temp, 'wx', this.fileMode);
      try {
        await handle.writeFile(content);
        if (this.fsync) await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, target);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
    if (this.fsync) await this.syncRoot();
  }

  /** A stream of the stored bytes, or undefined when nothing is stored under the key. */
  async get(key: string): Promise<ReadStream | undefined> {
    const path = this.pathOf(key);
    try {
      const handle = await open(path, 'r');
      // The stream owns the handle: it closes it at the end, on error or when destroyed.
      return handle.createReadStream();
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  }

  /** Removes the file; removing a key that holds nothing is not an error. */
  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    try {
      await unlink(path);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  /** The file that holds a key (after checking the key). */
  pathOf(key: string): string {
    if (typeof key !== 'string' || !BLOB_KEY_PATTERN.test(key)) throw new InvalidBlobKeyError(key);
    return join(this.root, key);
  }

  /** The root 700 and its files 600 (fileMode), also those an older version stored 644. */
  private async makeRootPrivate(): Promise<void> {
    await ensurePrivateDirAsync(this.root);
    for (const entry of await readdir(this.root, { withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const path = join(this.root, entry.name);
      if (((await stat(path)).mode & 0o777) !== this.fileMode) await chmod(path, this.fileMode);
    }
  }

  /** Makes the rename durable; not every platform can fsync a folder, so failures are ignored. */
  private async syncRoot(): Promise<void> {
    try {
      const dir = await open(this.root, 'r');
      try {
        await dir.sync();
      } finally {
        await dir.close();
      }
    } catch {
      // best effort
    }
  }
}

function isNotFound(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as NodeJS.ErrnoException).code === 'ENOENT';
}
