import { assertSubjectId, newDataKey, SubjectKeyStore, unwrapDataKey, wrapDataKey } from '@credit-bank/kernel';
import { ensurePrivateSqliteFile } from '@credit-bank/platform';
import Database from 'better-sqlite3';

export interface SqliteSubjectKeyStoreOptions {
  /** The key store's own file (`DATA_DIR/keys.sqlite` in the embedded profile), created with mode 600. */
  filename: string;
  /** The master key's wrapping sub-key (`deriveMasterKeys(master).wrapping`). */
  wrappingKey: Buffer;
  /** How long a write waits for another connection's lock. Default 5000 ms. */
  busyTimeoutMs?: number;
}

interface KeyRow {
  wrapped_key: string | null;
}

/**
 * The SubjectKeyStore port on a SQLite file of its own (better-sqlite3, WAL, `synchronous=FULL`:
 * a key handed out must survive a crash, or what it sealed is lost). One row per subject:
 * `wrapped_key` is the data key wrapped by the master key; a destroyed key leaves a tombstone row
 * (`wrapped_key` NULL, `destroyed_at` set), so the subject reads as erased for good, never as new.
 *
 * Destroying overwrites: `secure_delete` zeroes the freed bytes in the file, and the write-ahead
 * log, which still holds the page as it was, is checkpointed and truncated at once.
 */
export class SqliteSubjectKeyStore implements SubjectKeyStore {
  private readonly db: Database.Database;
  private readonly select: Database.Statement<[string], KeyRow>;
  private readonly insert: Database.Statement<[string, string, string]>;
  private readonly tombstone: Database.Statement<[string, string, string]>;
  private readonly wrappingKey: Buffer;
  private closed = false;

  constructor(options: SqliteSubjectKeyStoreOptions) {
    if (!Buffer.isBuffer(options.wrappingKey) || options.wrappingKey.length !== 32) throw new Error('SqliteSubjectKeyStore: wrappingKey must be 32 bytes');
    this.wrappingKey = options.wrappingKey;
    // Created 600 before SQLite opens it (and its -wal/-shm tightened); SQLite gives new -wal and -shm files the same mode.
    ensurePrivateSqliteFile(options.filename);
    const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    this.db = new Database(options.filename, { timeout: busyTimeoutMs });
    try {
      this.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
      if (options.filename !== ':memory:') this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
      this.db.pragma('secure_delete = ON');
      this.db.exec(`
        CREATE TABLE IF NOT EXISTS subject_keys (
          subject_id TEXT PRIMARY KEY,
          wrapped_key TEXT,
          created_at TEXT NOT NULL,
          destroyed_at TEXT
        );
      `);
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.select = this.db.prepare('SELECT wrapped_key FROM subject_keys WHERE subject_id = ?');
    // The primary key decides a race between two first uses: the loser's key is never stored, and it re-reads.
    this.insert = this.db.prepare('INSERT INTO subject_keys (subject_id, wrapped_key, created_at) VALUES (?, ?, ?) ON CONFLICT (subject_id) DO NOTHING');
    this.tombstone = this.db.prepare(
      `INSERT INTO subject_keys (subject_id, wrapped_key, created_at, destroyed_at) VALUES (?, NULL, ?, ?)
       ON CONFLICT (subject_id) DO UPDATE SET wrapped_key = NULL, destroyed_at = COALESCE(destroyed_at, excluded.destroyed_at)`,
    );
  }

  async keyFor(subjectId: string): Promise<Buffer | null> {
    this.assertOpen();
    assertSubjectId(subjectId);
    const found = this.read(subjectId);
    if (found !== undefined) return found;
    this.insert.run(subjectId, wrapDataKey(this.wrappingKey, subjectId, newDataKey()), new Date().toISOString());
    return this.read(subjectId) as Buffer | null;
  }

  async find(subjectId: string): Promise<Buffer | null | undefined> {
    this.assertOpen();
    assertSubjectId(subjectId);
    return this.read(subjectId);
  }

  async destroy(subjectId: string): Promise<void> {
    this.assertOpen();
    assertSubjectId(subjectId);
    const now = new Date().toISOString();
    this.tombstone.run(subjectId, now, now);
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  private read(subjectId: string): Buffer | null | undefined {
    const row = this.select.get(subjectId);
    if (!row) return undefined;
    return row.wrapped_key === null ? null : unwrapDataKey(this.wrappingKey, subjectId, row.wrapped_key);
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('The key store is closed');
  }
}
