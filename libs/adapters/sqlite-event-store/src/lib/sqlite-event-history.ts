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

export type HistoryOrder = 'position' | 'stream';

export interface ScanOptions {
  /** `position`: global append order. `stream`: stream by stream, each in revision order (index walk). */
  order: HistoryOrder;
  /** Only events with a position strictly greater than this (position order only). */
  after?: number;
  /** Only events with a position up to and including this. */
  upTo?: number;
}

interface Row {
  position: number;
  stream_id: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
}

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

  /** Events in the requested order, one row at a time. */
  scan(options: ScanOptions): IterableIterator<RawEventRow> {
    const after = options.after ?? 0;
    const upTo = options.upTo ?? Number.MAX_SAFE_INTEGER;
    // Columns aliased to the row's field names: SQLite's row object is yielded as it is.
    const columns = 'position, stream_id AS streamId, revision, type, data, metadata';
    const sql =
      options.order === 'position'
        ? `SELECT ${columns} FROM events WHERE position > ? AND position <= ? ORDER BY position`
        : // The UNIQUE (stream_id, revision) index gives this order without sorting.
          `SELECT ${columns} FROM events INDEXED BY sqlite_autoindex_events_1 WHERE position > ? AND position <= ? ORDER BY stream_id, revision`;
    return this.db.prepare<[number, number], RawEventRow>(sql).iterate(after, upTo);
  }

  /** The events of one stream before `beforeRevision`, in revision order (an index range). */
  readStreamPrefix(streamId: string, beforeRevision: number): RawEventRow[] {
    return this.db
      .prepare<[string, number], Row>('SELECT position, stream_id, revision, type, data, metadata FROM events WHERE stream_id = ? AND revision < ? ORDER BY revision')
      .all(streamId, beforeRevision)
      .map((row) => ({ position: row.position, streamId: row.stream_id, revision: row.revision, type: row.type, data: row.data, metadata: row.metadata }));
  }

  /** The bare table scan (rows as SQLite returns them), the baseline of the audit benchmark. */
  rawScanCount(): number {
    let n = 0;
    for (const _row of this.db.prepare('SELECT position, stream_id, revision, type, data, metadata FROM events ORDER BY position').iterate()) n++;
    return n;
  }

  count(options: { after?: number; upTo?: number } = {}): number {
    const row = this.db.prepare<[number, number], { n: number }>('SELECT count(*) AS n FROM events WHERE position > ? AND position <= ?').get(options.after ?? 0, options.upTo ?? Number.MAX_SAFE_INTEGER);
    return row?.n ?? 0;
  }

  headPosition(): number {
    return this.db.prepare<[], { head: number | null }>('SELECT max(position) AS head FROM events').get()?.head ?? 0;
  }

  /**
   * Holes in the global positions. The store assigns positions with AUTOINCREMENT inside the
   * append transaction and never deletes, so positions are 1..head without holes; a hole means
   * rows were removed. Returns each hole as the positions on both sides (0 = before the first).
   */
  positionGaps(limit = 1000): Array<{ after: number; before: number }> {
    const gaps: Array<{ after: number; before: number }> = [];
    const first = this.db.prepare<[], { p: number | null }>('SELECT min(position) AS p FROM events').get()?.p;
    if (first && first > 1) gaps.push({ after: 0, before: first });
    const rows = this.db
      .prepare<[number], { after: number; before: number }>(
        `SELECT e.position AS after, (SELECT min(position) FROM events n WHERE n.position > e.position) AS before
           FROM events e
          WHERE NOT EXISTS (SELECT 1 FROM events x WHERE x.position = e.position + 1)
            AND e.position < (SELECT max(position) FROM events)
          ORDER BY e.position LIMIT ?`,
      )
      .all(limit);
    gaps.push(...rows);
    return gaps;
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
