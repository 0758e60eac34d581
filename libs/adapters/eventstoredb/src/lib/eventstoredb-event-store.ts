import { AppendOptions, AppendResult, EventStore, NewEvent, ReadAllOptions, RecordedEvent, Subscription, SubscriptionOptions } from '@credit-bank/kernel';
import { AllStreamResolvedEvent, AllStreamSubscription, BACKWARDS, END, EventStoreDBClient, excludeSystemEvents, FORWARDS, ResolvedEvent, StreamNotFoundError } from '@eventstore/db-client';
import { afterToReadPosition, assertIncreasing, checkExpectedRevision, EsdbRecordedEventLike, revisionToNumber, toEsdbExpectedRevision, toEventData, toKernelError, toRecordedEvent } from './esdb-mapping';

export interface EventStoreDbEventStoreOptions {
  /** `esdb://host:2113?tls=false` (see the client's connection-string documentation). */
  connectionString: string;
}

const DEFAULT_BATCH_SIZE = 256;

/**
 * The event-store port on EventStoreDB / KurrentDB (gRPC client `@eventstore/db-client` 6.x, server
 * 22.6 or later). One EventStoreDB stream per stream id; events as JSON (`data`), our metadata
 * object as the event's JSON metadata, the metadata's `eventId` as the EventStoreDB event id (so a
 * retried append of the same events is idempotent on the server).
 *
 * Positions are EventStoreDB commit positions (sparse byte offsets in its log, strictly increasing
 * for events appended through gRPC; see `esdb-mapping.ts`). Reads of `$all` and subscriptions skip
 * system streams and system event types (`$…`). Appends to `$…` streams or of `$…` types are refused.
 *
 * Pass a connection string (the store creates the client and disposes of it on `close()`) or a
 * client it borrows (left open).
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly owned: boolean;
  private readonly subscriptions = new Set<EsdbSubscription>();
  private closed = false;

  constructor(source: EventStoreDbEventStoreOptions | EventStoreDBClient) {
    if (source instanceof EventStoreDBClient) {
      this.client = source;
      this.owned = false;
    } else {
      if (!source || typeof source.connectionString !== 'string' || !source.connectionString) throw new TypeError('EventStoreDbEventStore: pass { connectionString } or an EventStoreDBClient');
      this.client = EventStoreDBClient.connectionString(source.connectionString);
      this.owned = true;
    }
  }

  async append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    this.assertOpen();
    checkStreamId(streamId);
    const expected = options?.expectedRevision;
    const esdbExpected = toEsdbExpectedRevision(expected);
    if (!Array.isArray(events)) throw new TypeError('events must be an array');
    const data = events.map((event, index) => toEventData(event, index));
    if (data.length === 0) {
      // Nothing to write: check the expectation against the stream head, as the SQLite store does.
      const last = await this.lastEventOf(streamId);
      const refusal = checkExpectedRevision(streamId, expected, last ? last.revision : -1);
      if (refusal) throw refusal;
      return { nextRevision: last ? last.revision : -1, position: last ? last.position : 0 };
    }
    let nextRevision: number;
    try {
      const result = await this.client.appendToStream(streamId, data, { expectedRevision: esdbExpected });
      nextRevision = revisionToNumber(result.nextExpectedRevision);
    } catch (error) {
      throw toKernelError(error, streamId, expected);
    }
    // The position of the last appended event, read back by revision: the append response's
    // position is the transaction's, which is not the last event's when several are appended.
    const [last] = await this.readStreamRange(streamId, BigInt(nextRevision), 1);
    if (!last || last.revision !== nextRevision) throw new Error(`EventStoreDB: event ${streamId}@${nextRevision} just appended could not be read back`);
    return { nextRevision, position: last.position };
  }

  async readStream(streamId: string, fromRevision = 0): Promise<RecordedEvent[]> {
    this.assertOpen();
    checkStreamId(streamId);
    if (!Number.isSafeInteger(fromRevision) || fromRevision < 0) throw new TypeError(`fromRevision must be a non-negative integer, got ${fromRevision}`);
    return this.readStreamRange(streamId, BigInt(fromRevision));
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const after = options.after ?? 0;
    const limit = options.limit;
    if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 0)) throw new TypeError(`limit must be a non-negative integer, got ${limit}`);
    if (limit === 0) return [];
    const read = this.client.readAll({ fromPosition: afterToReadPosition(after), direction: FORWARDS, resolveLinkTos: false });
    const events: RecordedEvent[] = [];
    let previous = after;
    try {
      for await (const resolved of read as AsyncIterable<AllStreamResolvedEvent>) {
        const event = convert(resolved);
        // The read starts at `after` itself (inclusive): the event there is not "after" it.
        if (!event || event.position <= after) continue;
        assertIncreasing(previous, event);
        previous = event.position;
        events.push(event);
        if (limit !== undefined && events.length >= limit) break;
      }
    } finally {
      await read.cancel().catch(() => undefined);
    }
    return events;
  }

  subscribeToAll(options: SubscriptionOptions): Subscription {
    this.assertOpen();
    if (typeof options?.handler !== 'function') throw new TypeError('subscribeToAll needs a handler');
    const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
    if (!Number.isInteger(batchSize) || batchSize <= 0) throw new TypeError(`batchSize must be a positive integer, got ${batchSize}`);
    const after = options.after ?? 0;
    if (!Number.isSafeInteger(after) || after < 0) throw new TypeError(`after must be a non-negative integer, got ${after}`);
    const subscription = new EsdbSubscription(
      () => this.client.subscribeToAll({ fromPosition: afterToReadPosition(after), resolveLinkTos: false, filter: excludeSystemEvents() }),
      { ...options, after },
      batchSize,
      (s) => this.subscriptions.delete(s),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<number> {
    this.assertOpen();
    const read = this.client.readAll({ fromPosition: END, direction: BACKWARDS, resolveLinkTos: false });
    try {
      for await (const resolved of read as AsyncIterable<AllStreamResolvedEvent>) {
        const event = convert(resolved);
        if (event) return event.position;
      }
    } finally {
      await read.cancel().catch(() => undefined);
    }
    return 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    if (this.owned) await this.client.dispose();
  }

  private async readStreamRange(streamId: string, fromRevision: bigint, maxCount?: number): Promise<RecordedEvent[]> {
    const read = this.client.readStream(streamId, { fromRevision, direction: FORWARDS, resolveLinkTos: false, ...(maxCount ? { maxCount } : {}) });
    const events: RecordedEvent[] = [];
    try {
      for await (const resolved of read as AsyncIterable<ResolvedEvent>) {
        const event = convert(resolved);
        if (event) events.push(event);
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    } finally {
      await read.cancel().catch(() => undefined);
    }
    return events;
  }

  private async lastEventOf(streamId: string): Promise<RecordedEvent | undefined> {
    const read = this.client.readStream(streamId, { fromRevision: END, direction: BACKWARDS, maxCount: 1, resolveLinkTos: false });
    try {
      for await (const resolved of read as AsyncIterable<ResolvedEvent>) {
        const event = convert(resolved);
        if (event) return event;
      }
    } catch (error) {
      if (error instanceof StreamNotFoundError) return undefined;
      throw error;
    } finally {
      await read.cancel().catch(() => undefined);
    }
    return undefined;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('EventStoreDbEventStore is closed');
  }
}

function convert(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  // Without link resolution a link is its own ($>) event, which is a system event.
  return resolved.event ? toRecordedEvent(resolved.event as unknown as EsdbRecordedEventLike) : undefined;
}

function checkStreamId(streamId: string): void {
  if (typeof streamId !== 'string' || streamId.length === 0) throw new TypeError('streamId must be a non-empty string');
  if (streamId.startsWith('$')) throw new TypeError(`streamId must not start with '$' (EventStoreDB system streams), got ${streamId}`);
}

/**
 * A catch-up subscription over the client's `subscribeToAll` (a readable stream of events with
 * back-pressure): one loop takes what is buffered (up to `batchSize`), awaits the handler, and
 * waits for more when the buffer is empty. The handler never runs concurrently with itself;
 * `stop()` resolves after the in-flight call. A server or connection error stops the subscription
 * and goes to `onError` (the caller resubscribes from its checkpoint).
 */
class EsdbSubscription implements Subscription {
  private current: number;
  private stopped = false;
  private failure: unknown;
  private wake: (() => void) | undefined;
  private readonly stream: AllStreamSubscription;
  private readonly done: Promise<void>;

  constructor(
    open: () => AllStreamSubscription,
    private readonly options: SubscriptionOptions,
    private readonly batchSize: number,
    private readonly detach: (s: EsdbSubscription) => void,
  ) {
    this.current = options.after;
    this.stream = open();
    const poke = (): void => this.wake?.();
    this.stream.on('readable', poke);
    this.stream.on('end', poke);
    this.stream.on('close', poke);
    this.stream.on('error', (error: Error) => {
      if (this.failure === undefined) this.failure = error;
      poke();
    });
    this.done = this.run();
  }

  get position(): number {
    return this.current;
  }

  /** Resolves once the in-flight handler call (if any) has finished. Do not await it inside the handler. */
  stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    return this.done;
  }

  private async run(): Promise<void> {
    try {
      await new Promise<void>((resolve) => setImmediate(resolve));
      let previous = this.current;
      while (!this.stopped) {
        if (this.failure !== undefined) {
          this.fail(this.failure);
          return;
        }
        const batch: RecordedEvent[] = [];
        try {
          let resolved: AllStreamResolvedEvent | null;
          while (batch.length < this.batchSize && (resolved = this.stream.read() as AllStreamResolvedEvent | null) !== null) {
            const event = convert(resolved);
            if (!event || event.position <= previous) continue;
            assertIncreasing(previous, event);
            previous = event.position;
            batch.push(event);
          }
        } catch (error) {
          this.fail(error);
          return;
        }
        if (batch.length === 0) {
          if (this.stream.readableEnded || this.stream.destroyed) {
            this.fail(this.failure ?? new Error('EventStoreDB subscription ended'));
            return;
          }
          await this.waitForData();
          continue;
        }
        try {
          await this.options.handler(batch);
        } catch (error) {
          this.fail(error);
          return;
        }
        this.current = batch[batch.length - 1].position;
      }
    } finally {
      this.stopped = true;
      this.detach(this);
      await this.stream.unsubscribe().catch(() => undefined);
    }
  }

  private waitForData(): Promise<void> {
    if (this.stopped || this.failure !== undefined || this.stream.readableLength > 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      this.wake = () => {
        this.wake = undefined;
        resolve();
      };
    });
  }

  private fail(error: unknown): void {
    this.stopped = true;
    if (!this.options.onError) {
      process.emitWarning(`EventStoreDB subscription stopped at position ${this.current}: ${error instanceof Error ? error.message : String(error)}`);
      return;
    }
    try {
      this.options.onError(error);
    } catch {
      // An error handler that throws must not break the subscription's shutdown.
    }
  }
}
