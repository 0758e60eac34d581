import { EventStore } from '@credit-bank/kernel';
import { SqliteEventHistory } from '@credit-bank/sqlite-event-store';

/** One stored event with its data and metadata as JSON text (a damaged row can still be reported). */
export interface RawEvent {
  position: number;
  streamId: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
}

export interface EventRange {
  /** Exclusive lower bound on the position. */
  after?: number;
  /** Inclusive upper bound on the position. */
  upTo?: number;
}

/** Where the audit reads the history from: the event store itself, never the services. */
export interface HistorySource {
  readonly description: string;
  /** A cheap estimate of how many events a range holds (for progress), 0 when unknown. */
  estimate(range?: EventRange): Promise<number>;
  headPosition(): Promise<number>;
  /** Events in global position order (synchronous where the store allows: no promise per event). */
  byPosition(range?: EventRange): Iterable<RawEvent> | AsyncIterable<RawEvent>;
  /**
   * The events of one stream before a revision, synchronously, when the store can (an index
   * range in SQLite). Lets the verifier forget idle streams and bound its memory.
   */
  readonly readStreamPrefix?: (streamId: string, beforeRevision: number) => RawEvent[];
  /**
   * True when positions run 1..head without holes unless events were removed (SQLite: assigned
   * with AUTOINCREMENT inside the append transaction, never deleted), so a hole is a finding.
   */
  readonly densePositions?: boolean;
  /** The first position decided after `time`, or undefined when none is. */
  firstPositionAfter(time: string): Promise<number | undefined>;
  close(): Promise<void>;
}

/** The embedded profile's SQLite event store file, read-only and streaming. */
export class SqliteHistorySource implements HistorySource {
  readonly densePositions = true;
  readonly history: SqliteEventHistory;
  readonly readStreamPrefix: (streamId: string, beforeRevision: number) => RawEvent[];

  constructor(readonly filename: string) {
    this.history = new SqliteEventHistory(filename);
    this.readStreamPrefix = (streamId, beforeRevision) => this.history.readStreamPrefix(streamId, beforeRevision);
  }

  get description(): string {
    return `SQLite event store ${this.filename}`;
  }

  async headPosition(): Promise<number> {
    return this.history.headPosition();
  }

  /** Positions are dense (1..head), so the range's width is the count unless rows were removed. */
  async estimate(range: EventRange = {}): Promise<number> {
    const head = this.history.headPosition();
    return Math.max(0, Math.min(range.upTo ?? head, head) - (range.after ?? 0));
  }

  /** Synchronous: one row at a time straight from SQLite. */
  byPosition(range: EventRange = {}): Iterable<RawEvent> {
    return this.history.scan(range);
  }

  async firstPositionAfter(time: string): Promise<number | undefined> {
    return this.history.firstPositionAfter(time);
  }

  async close(): Promise<void> {
    this.history.close();
  }
}

/**
 * Any EventStore adapter (EventStoreDB) through the port: pages of `readAll` in position order.
 * Positions need not be dense, and there is no synchronous stream read: the verifier keeps the
 * state of every stream (memory grows with the number of streams, not of events).
 */
export class PortHistorySource implements HistorySource {

  constructor(
    private readonly store: EventStore,
    readonly description: string,
    private readonly pageSize = 2000,
  ) {}

  headPosition(): Promise<number> {
    return this.store.headPosition();
  }

  async *byPosition(range: EventRange = {}): AsyncIterable<RawEvent> {
    let after = range.after ?? 0;
    const upTo = range.upTo ?? Number.MAX_SAFE_INTEGER;
    for (;;) {
      const page = await this.store.readAll({ after, limit: this.pageSize });
      for (const e of page) {
        if (e.position > upTo) return;
        yield { position: e.position, streamId: e.streamId, revision: e.revision, type: e.type, data: JSON.stringify(e.data), metadata: JSON.stringify(e.metadata) };
      }
      if (page.length < this.pageSize) return;
      after = page[page.length - 1].position;
    }
  }

  async estimate(): Promise<number> {
    return 0; // positions are not counts (EventStoreDB commit positions)
  }

  async firstPositionAfter(time: string): Promise<number | undefined> {
    for await (const e of this.byPosition()) {
      const occurredAt = (JSON.parse(e.metadata) as { occurredAt?: string }).occurredAt;
      if (occurredAt !== undefined && occurredAt > time) return e.position;
    }
    return undefined;
  }

  close(): Promise<void> {
    return this.store.close();
  }
}
