import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';

/** One stored event as the table holds it: JSON kept as text, so a damaged row can still be reported. */
export interface RawEventRow {
  position: number;
  streamId: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
}

export interface ScanOptions {
  /** Only events with a position strictly greater than this. */
  after?: number;
  /** Only events with a position up to and including this. */
  upTo?: number;
}

/** Columns aliased to RawEventRow's field names: SQLite's row objects are returned as they are. */
const COLUMNS = 'position, stream_id AS streamId, revision, type, data, metadata';

/**
 * Read-only, streaming access to the SQLite event store's table for auditors: a scan holds one
 * row at a time (better-sqlite3 `iterate`), never the history, on its own read-only connection
 * (WAL readers do not block the services' writers).
 */
export class SqliteEventHistory {
  private readonly db: Database.Database;

  constructor(readonly filename: string) {
    if (!existsSync(filename)) throw new Error(`No event store at ${filename}`);
    this.db = new Database(filename, { readonly: true, fileMustExist: true });
  }

  /** Events in position order, one row at a time. */
  scan(options: ScanOptions = {}): IterableIterator<RawEventRow> {
    return this.db
      .prepare<[number, number], RawEventRow>(`SELECT ${COLUMNS} FROM events WHERE position > ? AND position <= ? ORDER BY position`)
      .iterate(options.after ?? 0, options.upTo ?? Number.MAX_SAFE_INTEGER);
  }

  /** The events of one stream before `beforeRevision`, in revision order (an index range). */
  readStreamPrefix(streamId: string, beforeRevision: number): RawEventRow[] {
    return this.db.prepare<[string, number], RawEventRow>(`SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision < ? ORDER BY revision`).all(streamId, beforeRevision);
  }

  headPosition(): number {
    return this.db.prepare<[], { head: number | null }>('SELECT max(position) AS head FROM events').get()?.head ?? 0;
  }

  /** The first position whose event was decided after `time` (ISO-8601), or undefined. */
  firstPositionAfter(time: string): number | undefined {
    const row = this.db
      .prepare<[string], { position: number }>("SELECT position FROM events WHERE json_extract(metadata, '$.occurredAt') > ? ORDER BY position LIMIT 1")
      .get(time);
    return row?.position;
  }

  close(): void {
    this.db.close();
  }
}
