import { NewEvent, RecordedEvent } from './events';

/**
 * `no_stream`: the stream must not exist. `stream_exists`: it must. `any`: no check.
 * A number: the revision of the last event in the stream (0-based), as read before deciding.
 */
export type ExpectedRevision = number | 'no_stream' | 'stream_exists' | 'any';

export interface AppendOptions {
  expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the last event appended (the new expected revision). */
  nextRevision: number;
  /** Global position of the last event appended. */
  position: number;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. 0 or absent = from the start. */
  after?: number;
  limit?: number;
}

export interface SubscriptionOptions {
  /** Exclusive start position (usually the stored checkpoint). */
  after: number;
  /** Called with events in position order, in batches; resolves when they are handled. */
  handler: (events: RecordedEvent[]) => Promise<void>;
  /** Largest batch handed to the handler at once. */
  batchSize?: number;
  /** Called when the handler throws; the subscription stops after that. */
  onError?: (error: unknown) => void;
}

export interface Subscription {
  /** Position of the last event handed to the handler and handled. */
  readonly position: number;
  stop(): Promise<void>;
}

/** The event store port. Every adapter passes `eventStoreContract` in @credit-bank/testing. */
export interface EventStore {
  /** Appends atomically; throws ConcurrencyError if the stream is not at `expectedRevision`. */
  append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult>;
  /** Events of one stream in revision order; [] if the stream does not exist. */
  readStream(streamId: string, fromRevision?: number): Promise<RecordedEvent[]>;
  /** Events of every stream in position order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Catch-up subscription to all streams: history after `after`, then live appends. */
  subscribeToAll(options: SubscriptionOptions): Subscription;
  /** Global position of the last stored event (0 if empty). */
  headPosition(): Promise<number>;
  close(): Promise<void>;
}

export const EVENT_STORE = Symbol.for('credit-bank/EventStore');
