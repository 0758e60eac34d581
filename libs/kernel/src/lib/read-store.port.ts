/**
 * The read-store port: collections of JSON documents keyed by id, written only by projections.
 * Every document remembers the global position of the last event applied to it (`_position`), and
 * a guarded write applies only if it is newer, so replays and duplicate deliveries change nothing.
 */
export type Scalar = string | number | boolean | null;

export interface ReadQuery {
  /** Equality on top-level fields; an array value means "one of". */
  where?: Record<string, Scalar | Scalar[]>;
  /** Case-insensitive substring match of `text` in any of `fields` (works for Chinese text). */
  search?: { fields: string[]; text: string };
  sort?: Array<[field: string, direction: 'asc' | 'desc']>;
  skip?: number;
  limit?: number;
}

export interface StoredDocument {
  id: string;
  _position: number;
}

export type WriteOp<T extends object = object> =
  | { kind: 'upsert'; id: string; doc: T; position: number }
  | { kind: 'delete'; id: string; position: number };

export interface ReadCollection<T extends object> {
  get(id: string): Promise<(T & StoredDocument) | undefined>;
  /**
   * The stored documents of these ids, in one round (a projection loads what a batch touches at
   * once). Ids without a document (or deleted) are absent from the result; order is not kept.
   */
  getMany(ids: readonly string[]): Promise<Array<T & StoredDocument>>;
  find(query?: ReadQuery): Promise<Array<T & StoredDocument>>;
  count(query?: Omit<ReadQuery, 'sort' | 'skip' | 'limit'>): Promise<number>;
  /**
   * Applies the writes in order, in bulk. A write whose position is not greater than the stored
   * document's `_position` is skipped. A delete leaves a tombstone so a replayed upsert stays
   * deleted. Returns how many writes were applied.
   */
  write(ops: Array<WriteOp<T>>): Promise<number>;
  /** Removes every document (used by rebuilds and tests). */
  clear(): Promise<void>;
}

export interface CheckpointStore {
  /** 0 when the subscription has never stored one. */
  load(subscriptionId: string): Promise<number>;
  store(subscriptionId: string, position: number): Promise<void>;
}

export interface ReadStore {
  collection<T extends object>(name: string): ReadCollection<T>;
  readonly checkpoints: CheckpointStore;
  /**
   * Creates (if missing) an index on top-level document fields of a collection, so `where`
   * equalities and `sort` on them stop scanning. Both adapters have it; a store without indexes
   * (a test double) may leave it out.
   */
  ensureIndex?(collection: string, fields: string[]): unknown;
  /**
   * Makes what earlier writes replaced or deleted unrecoverable from the store's own files (after
   * an erasure: the person's old documents). The SQLite adapter zeroes freed content as it goes
   * (`secure_delete`) and here checkpoints and truncates its write-ahead log, which still holds
   * the pages as they were. A store without such files may leave it out.
   */
  purgeReplaced?(): Promise<void>;
  close(): Promise<void>;
}

export const READ_STORE = Symbol.for('credit-bank/ReadStore');
