import {
  AppendOptions,
  AppendResult,
  ConcurrencyError,
  EventMetadata,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  RecordedEvent,
  Subscription,
  SubscriptionOptions,
} from '@credit-bank/kernel';
import { ensurePrivateSqliteFile } from '@credit-bank/platform';
import Database from 'better-sqlite3';

export type SqliteSynchronous = 'FULL' | 'NORMAL';

export interface SqliteEventStoreOptions {
  /**
   * Path of the database file (created if missing), or `':memory:'` for a private in-memory store
   * (no WAL, nothing shared with other instances).
   */
  filename: string;
  /**
   * `PRAGMA synchronous`. `FULL` (default): every commit is fsynced before its appends resolve.
   * `NORMAL` (WAL): a power loss may drop the last commits, never corrupts the file.
   */
  synchronous?: SqliteSynchronous;
  /**
   * How often an idle live subscription looks for events appended through another connection
   * (another instance or process on the same file). Appends through this instance wake the
   * subscriptions at once. Default 200 ms.
   */
  pollIntervalMs?: number;
  /** How long a write waits for another connection's lock (`PRAGMA busy_timeout`). Default 5000 ms. */
  busyTimeoutMs?: number;
  /**
   * Group commit: appends queued in the same tick(s) are committed in one transaction on the next
   * `setImmediate`, or at once when this many are queued. Default 256.
   */
  maxBatchSize?: number;
}

/** Counters since this instance was opened. */
export interface SqliteEventStoreStats {
  /** Write transactions committed (one per group-commit batch). */
  transactions: number;
  /** Append calls that succeeded (including empty ones). */
  appends: number;
  /** Events written. */
  events: number;
}

/** A row of the `events` table as SQLite returns it. */
interface EventRow {
  position: number;
  stream_id: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
}

interface StreamHead {
  /** Revision of the last event of the stream. */
  revision: number;
  /** Global position of that event. */
  position: number;
}

interface SerializedEvent {
  type: string;
  data: string;
  metadata: string;
}

interface PendingAppend {
  streamId: string;
  expected: ExpectedRevision;
  events: SerializedEvent[];
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

type Outcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

const DEFAULT_POLL_INTERVAL_MS = 200;
const DEFAULT_BUSY_TIMEOUT_MS = 5000;
const DEFAULT_MAX_BATCH_SIZE = 256;
const DEFAULT_SUBSCRIPTION_BATCH_SIZE = 500;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS events (
    position INTEGER PRIMARY KEY AUTOINCREMENT,
    stream_id TEXT NOT NULL,
    revision INTEGER NOT NULL,
    type TEXT NOT NULL,
    data TEXT NOT NULL,
    metadata TEXT NOT NULL,
    UNIQUE (stream_id, revision)
  );
`;

const COLUMNS = 'position, stream_id, revision, type, data, metadata';

/**
 * The event store on one SQLite file (better-sqlite3, WAL).
 *
 * Storage: one table `events(position, stream_id, revision, type, data, metadata)`; `data` and
 * `metadata` are JSON text. The current revision of a stream is read from the
 * `UNIQUE(stream_id, revision)` index (one index seek), so the events table stays the only source
 * of truth: there is no second table to keep in step.
 *
 * Appends are group-committed: every `append` made before the next `setImmediate` (or until
 * `maxBatchSize` are queued) is written in one `BEGIN IMMEDIATE` transaction, so the fsync of
 * `synchronous=FULL` is paid once per batch. Each append checks its own expected revision inside
 * that transaction, seeing the earlier appends of the batch; a refused append rejects alone.
 *
 * Empty appends (`events: []`) write nothing but still check the expected revision (a mismatch
 * throws `ConcurrencyError`); they resolve to the stream's current state: `nextRevision` is the
 * revision of its last event (-1 if the stream does not exist) and `position` the global position
 * of that event (0 if the stream does not exist).
 *
 * A numeric expected revision of -1 means the same as `'no_stream'`.
 */
export class SqliteEventStore implements EventStore {
  readonly filename: string;
  private readonly db: Database.Database;
  private readonly pollIntervalMs: number;
  private readonly maxBatchSize: number;
  private readonly statements: {
    streamHead: Database.Statement<[string], StreamHead>;
    insert: Database.Statement<[string, number, string, string, string]>;
    readStream: Database.Statement<[string, number], EventRow>;
    readAll: Database.Statement<[number, number], EventRow>;
    headPosition: Database.Statement<[], { head: number }>;
  };
  private readonly writeBatch: Database.Transaction<(batch: PendingAppend[], outcomes: Outcome[]) => void>;
  private readonly writeOneInSavepoint: Database.Transaction<(pending: PendingAppend, head: StreamHead | null) => StreamHead>;
  private queue: PendingAppend[] = [];
  /** Local commits so far; invalidates the shared tail read. */
  private commits = 0;
  private lastRead: { after: number; limit: number; commits: number; events: RecordedEvent[] } | undefined;
  private flushTimer: NodeJS.Immediate | undefined;
  private readonly subscriptions = new Set<SqliteSubscription>();
  private closing: Promise<void> | undefined;
  private readonly counters: SqliteEventStoreStats = { transactions: 0, appends: 0, events: 0 };

  constructor(options: SqliteEventStoreOptions) {
    const synchronous = options.synchronous ?? 'FULL';
    if (synchronous !== 'FULL' && synchronous !== 'NORMAL') throw new TypeError(`synchronous must be FULL or NORMAL, got ${String(synchronous)}`);
    this.pollIntervalMs = positiveInteger(options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS, 'pollIntervalMs');
    this.maxBatchSize = positiveInteger(options.maxBatchSize ?? DEFAULT_MAX_BATCH_SIZE, 'maxBatchSize');
    const busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
    if (!Number.isInteger(busyTimeoutMs) || busyTimeoutMs < 0) throw new TypeError(`busyTimeoutMs must be a non-negative integer, got ${busyTimeoutMs}`);
    if (typeof options.filename !== 'string' || options.filename === '') throw new TypeError('filename is required');

    this.filename = options.filename;
    ensurePrivateSqliteFile(options.filename);
    this.db = new Database(options.filename, { timeout: busyTimeoutMs });
    try {
      this.db.pragma(`busy_timeout = ${busyTimeoutMs}`);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma(`synchronous = ${synchronous}`);
      this.db.exec(SCHEMA);
      this.statements = {
        streamHead: this.db.prepare<[string], StreamHead>('SELECT revision, position FROM events WHERE stream_id = ? ORDER BY revision DESC LIMIT 1'),
        insert: this.db.prepare<[string, number, string, string, string]>(
          'INSERT INTO events (stream_id, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?)',
        ),
        readStream: this.db.prepare<[string, number], EventRow>(
          `SELECT ${COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision`,
        ),
        readAll: this.db.prepare<[number, number], EventRow>(`SELECT ${COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`),
        headPosition: this.db.prepare<[], { head: number }>('SELECT COALESCE(MAX(position), 0) AS head FROM events'),
      };
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.writeOneInSavepoint = this.db.transaction((pending: PendingAppend, head: StreamHead | null) => this.insertEvents(pending, head));
    this.writeBatch = this.db.transaction((batch: PendingAppend[], outcomes: Outcome[]) => this.writeBatchInTransaction(batch, outcomes));
  }

  /** Counters since this instance was opened (a copy). */
  get stats(): SqliteEventStoreStats {
    return { ...this.counters };
  }

  append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (this.closing) return Promise.reject(new Error('SqliteEventStore is closed'));
    let serialized: SerializedEvent[];
    try {
      if (typeof streamId !== 'string' || streamId === '') throw new TypeError('streamId must be a non-empty string');
      assertExpectedRevision(options?.expectedRevision);
      if (!Array.isArray(events)) throw new TypeError('events must be an array');
      serialized = events.map(serialize);
    } catch (error) {
      return Promise.reject(error);
    }
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ streamId, expected: options.expectedRevision, events: serialized, resolve, reject });
      if (this.queue.length >= this.maxBatchSize) this.flush();
      else this.flushTimer ??= setImmediate(() => this.flush());
    });
  }

  async readStream(streamId: string, fromRevision = 0): Promise<RecordedEvent[]> {
    return this.statements.readStream.all(streamId, fromRevision).map(toRecordedEvent);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? 0;
    const limit = options.limit ?? -1; // SQLite: a negative LIMIT means no limit.
    if (options.limit !== undefined && options.limit <= 0) return [];
    return this.readAfter(after, limit);
  }

  subscribeToAll(options: SubscriptionOptions): Subscription {
    if (this.closing) throw new Error('SqliteEventStore is closed');
    if (!Number.isInteger(options.after) || options.after < 0) throw new TypeError(`after must be a non-negative integer, got ${options.after}`);
    if (typeof options.handler !== 'function') throw new TypeError('handler must be a function');
    const batchSize = positiveInteger(options.batchSize ?? DEFAULT_SUBSCRIPTION_BATCH_SIZE, 'batchSize');
    const subscription = new SqliteSubscription(
      {
        read: (after, limit) => this.readAfter(after, limit),
        pollIntervalMs: this.pollIntervalMs,
        detach: (s) => this.subscriptions.delete(s),
      },
      options,
      batchSize,
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<number> {
    return this.statements.headPosition.get()?.head ?? 0;
  }

  /** Commits the queued appends, stops every subscription (after its in-flight batch) and closes the file. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.flush();
      await Promise.all([...this.subscriptions].map((s) => s.stop()));
      this.db.close();
    })();
    return this.closing;
  }

  private readAfter(after: number, limit: number): RecordedEvent[] {
    // Every subscription of this instance is woken by the same commit and asks for the same tail:
    // the first read is shared with the others in the same turn of the event loop, until the next
    // commit here (events delivered to handlers are read-only).
    const cached = this.lastRead;
    if (cached && cached.after === after && cached.limit === limit && cached.commits === this.commits) return cached.events;
    const events = this.statements.readAll.all(after, limit).map(toRecordedEvent);
    const entry = { after, limit, commits: this.commits, events };
    this.lastRead = entry;
    // Shared within this turn of the event loop only, so polls always read the file afresh.
    setImmediate(() => {
      if (this.lastRead === entry) this.lastRead = undefined;
    });
    return events;
  }

  /** Writes every queued append in one transaction, then settles their promises. */
  private flush(): void {
    if (this.flushTimer) {
      clearImmediate(this.flushTimer);
      this.flushTimer = undefined;
    }
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    const outcomes: Outcome[] = new Array<Outcome>(batch.length);
    let committed = false;
    try {
      this.writeBatch.immediate(batch, outcomes);
      committed = true;
    } catch (error) {
      // Rolled back: nothing of this batch is stored. Refusals decided on a consistent read stand.
      for (let i = 0; i < batch.length; i++) {
        const outcome = outcomes[i];
        if (!outcome || outcome.ok) outcomes[i] = { ok: false, error };
      }
    }
    let written = 0;
    for (let i = 0; i < batch.length; i++) {
      const outcome = outcomes[i];
      if (outcome.ok) {
        this.counters.appends++;
        written += batch[i].events.length;
        batch[i].resolve(outcome.result);
      } else {
        batch[i].reject(outcome.error);
      }
    }
    if (committed) {
      this.counters.transactions++;
      this.counters.events += written;
    }
    if (written > 0) {
      this.commits++;
      for (const subscription of this.subscriptions) subscription.notify();
    }
  }

  private writeBatchInTransaction(batch: PendingAppend[], outcomes: Outcome[]): void {
    // Heads of the streams touched by this batch, including the appends already made in it.
    const heads = new Map<string, StreamHead | null>();
    const alone = batch.length === 1;
    for (let i = 0; i < batch.length; i++) {
      const pending = batch[i];
      let head = heads.get(pending.streamId);
      if (head === undefined) {
        head = this.statements.streamHead.get(pending.streamId) ?? null;
        heads.set(pending.streamId, head);
      }
      const conflict = checkExpectedRevision(pending.streamId, pending.expected, head);
      if (conflict) {
        outcomes[i] = { ok: false, error: conflict };
        continue;
      }
      if (pending.events.length === 0) {
        outcomes[i] = { ok: true, result: { nextRevision: head ? head.revision : -1, position: head ? head.position : 0 } };
        continue;
      }
      if (alone) {
        // A failure rolls the whole (one-append) transaction back: no savepoint needed.
        const next = this.insertEvents(pending, head);
        outcomes[i] = { ok: true, result: { nextRevision: next.revision, position: next.position } };
        continue;
      }
      try {
        // A savepoint, so that an unexpected failure undoes this append only.
        const next = this.writeOneInSavepoint(pending, head);
        heads.set(pending.streamId, next);
        outcomes[i] = { ok: true, result: { nextRevision: next.revision, position: next.position } };
      } catch (error) {
        outcomes[i] = { ok: false, error };
      }
    }
  }

  private insertEvents(pending: PendingAppend, head: StreamHead | null): StreamHead {
    let revision = head ? head.revision : -1;
    let position = 0;
    for (const event of pending.events) {
      revision++;
      position = Number(this.statements.insert.run(pending.streamId, revision, event.type, event.data, event.metadata).lastInsertRowid);
    }
    return { revision, position };
  }
}

interface SubscriptionSource {
  read(after: number, limit: number): RecordedEvent[];
  pollIntervalMs: number;
  detach(subscription: SqliteSubscription): void;
}

/**
 * A catch-up subscription: one loop that reads a batch after the last handled position, awaits
 * the handler, and when caught up waits until an append of this instance wakes it or the poll
 * interval elapses (appends from other connections).
 */
class SqliteSubscription implements Subscription {
  private current: number;
  private stopped = false;
  private woken = false;
  private wake: (() => void) | undefined;
  private readonly done: Promise<void>;

  constructor(
    private readonly source: SubscriptionSource,
    private readonly options: SubscriptionOptions,
    private readonly batchSize: number,
  ) {
    this.current = options.after;
    this.done = this.run();
  }

  get position(): number {
    return this.current;
  }

  /** New events were committed through this instance. */
  notify(): void {
    this.woken = true;
    this.wake?.();
  }

  /** Resolves once the in-flight handler call (if any) has finished. Do not await it inside the handler. */
  stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    return this.done;
  }

  private async run(): Promise<void> {
    try {
      // Start on a later turn: the caller holds the Subscription before the handler first runs.
      await nextTurn();
      while (!this.stopped) {
        this.woken = false;
        let batch: RecordedEvent[];
        try {
          batch = this.source.read(this.current, this.batchSize);
        } catch (error) {
          this.fail(error);
          return;
        }
        if (batch.length === 0) {
          await this.waitForWake();
          continue;
        }
        try {
          await this.options.handler(batch);
        } catch (error) {
          this.fail(error);
          return;
        }
        this.current = batch[batch.length - 1].position;
        // Let appends, timers and I/O run between batches of a long catch-up.
        await nextTurn();
      }
    } finally {
      this.stopped = true;
      this.source.detach(this);
    }
  }

  private waitForWake(): Promise<void> {
    if (this.woken || this.stopped) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => finish(), this.source.pollIntervalMs);
      const finish = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      this.wake = finish;
    });
  }

  private fail(error: unknown): void {
    this.stopped = true;
    if (!this.options.onError) {
      process.emitWarning(`Event store subscription stopped at position ${this.current}: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    try {
      this.options.onError(error);
    } catch {
      // An error handler that throws must not break the subscription's shutdown.
    }
  }
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value <= 0) throw new TypeError(`${name} must be a positive integer, got ${value}`);
  return value;
}

function assertExpectedRevision(expected: unknown): asserts expected is ExpectedRevision {
  if (expected === 'no_stream' || expected === 'stream_exists' || expected === 'any') return;
  if (typeof expected === 'number' && Number.isInteger(expected) && expected >= -1) return;
  throw new TypeError(`expectedRevision must be an integer >= -1, 'no_stream', 'stream_exists' or 'any', got ${String(expected)}`);
}

/** The refusal for `expected` against the stream's current head, or undefined if it may append. */
function checkExpectedRevision(streamId: string, expected: ExpectedRevision, head: StreamHead | null): ConcurrencyError | undefined {
  const actual = head ? head.revision : 'no_stream';
  switch (expected) {
    case 'any':
      return undefined;
    case 'no_stream':
      return head ? new ConcurrencyError(streamId, expected, actual) : undefined;
    case 'stream_exists':
      return head ? undefined : new ConcurrencyError(streamId, expected, actual);
    default:
      if (expected === -1) return head ? new ConcurrencyError(streamId, expected, actual) : undefined;
      return head && head.revision === expected ? undefined : new ConcurrencyError(streamId, expected, actual);
  }
}

function serialize(event: NewEvent, index: number): SerializedEvent {
  if (!event || typeof event.type !== 'string' || event.type === '') throw new TypeError(`events[${index}].type must be a non-empty string`);
  if (typeof event.data !== 'object' || event.data === null) throw new TypeError(`events[${index}].data must be an object`);
  if (typeof event.metadata !== 'object' || event.metadata === null) throw new TypeError(`events[${index}].metadata must be an object`);
  return { type: event.type, data: JSON.stringify(event.data), metadata: JSON.stringify(event.metadata) };
}

function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    streamId: row.stream_id,
    revision: row.revision,
    position: row.position,
    type: row.type,
    data: JSON.parse(row.data) as object,
    metadata: JSON.parse(row.metadata) as EventMetadata,
  };
}
