import { chmodSync, closeSync, existsSync, mkdirSync, openSync, writeFileSync } from 'node:fs';
import { chmod, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Everything the bank writes under DATA_DIR is personal data or a secret (events, read models,
 * evidence scans, the JWT secret, keys): files are readable by the bank's own user only (600),
 * folders likewise (700), whatever the umask. Every adapter that creates a file or a folder goes
 * through these helpers; modes are also tightened on files an older version left at 644, so an
 * upgrade fixes them at the next start.
 */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/** SQLite's companion files, created next to the database with the database file's mode. */
const SQLITE_COMPANIONS = ['-wal', '-shm', '-journal'];

/**
 * Creates the folder (and missing parents) with mode 700, and sets 700 on it if it existed. A
 * folder the bank's user does not own (a volume mounted by root, as Kubernetes' fsGroup leaves
 * it) cannot be changed and is left as it is: the files inside are still 600.
 */
export function ensurePrivateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: PRIVATE_DIR_MODE });
  try {
    chmodSync(path, PRIVATE_DIR_MODE);
  } catch (error) {
    if (!notOwned(error)) throw error;
  }
}

/** {@link ensurePrivateDir}, asynchronously. */
export async function ensurePrivateDirAsync(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: PRIVATE_DIR_MODE });
  await chmod(path, PRIVATE_DIR_MODE).catch((error: unknown) => {
    if (!notOwned(error)) throw error;
  });
}

const notOwned = (error: unknown): boolean => (error as NodeJS.ErrnoException)?.code === 'EPERM';

/**
 * Makes `path` an existing file of mode 600 before a library opens it (better-sqlite3 would
 * create it with the umask's 644). Missing parent folders are created with 700; an existing
 * parent is left as it is (it may be a shared folder the bank does not own: the caller makes
 * DATA_DIR private with {@link ensurePrivateDir}).
 */
export function ensurePrivateFile(path: string): void {
  const parent = dirname(path);
  if (!existsSync(parent)) mkdirSync(parent, { recursive: true, mode: PRIVATE_DIR_MODE });
  closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  chmodSync(path, PRIVATE_FILE_MODE);
}

/**
 * A SQLite database file made private before it is opened, with its -wal, -shm and -journal
 * files if an earlier run left them (SQLite creates new ones with the database file's mode).
 * `:memory:` and empty names (temporary databases) are left alone.
 */
export function ensurePrivateSqliteFile(filename: string): void {
  if (filename === '' || filename === ':memory:' || filename.startsWith('file:')) return;
  ensurePrivateFile(filename);
  for (const suffix of SQLITE_COMPANIONS) {
    if (existsSync(filename + suffix)) chmodSync(filename + suffix, PRIVATE_FILE_MODE);
  }
}

/** Writes a new file of mode 600 (a generated secret); refuses to overwrite one that exists. */
export function writePrivateFileOnce(path: string, content: string | Buffer): void {
  const parent = dirname(path);
  if (!existsSync(parent)) mkdirSync(parent, { recursive: true, mode: PRIVATE_DIR_MODE });
  writeFileSync(path, content, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
}
