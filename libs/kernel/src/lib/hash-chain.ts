import { createHash } from 'node:crypto';
import { ConcurrencyError } from './errors';
import { EventMetadata, NewEvent, RecordedEvent } from './events';
import { AppendOptions, AppendResult, EventStore, ReadAllOptions, Subscription, SubscriptionOptions } from './event-store.port';

/**
 * Tamper evidence: every stored event carries in `metadata.hash` a SHA-256 that chains it to the
 * previous event of its stream. The encoding (ARCHITECTURE.md, "Hash chain") is:
 *
 *   hash(e) = lowercase hex SHA-256 of the UTF-8 bytes of
 *             canonicalJson([prevHash, streamId, revision, type, data, metadataWithoutHash])
 *
 * where prevHash is the `hash` of the event at revision - 1 of the same stream, or GENESIS_HASH
 * (64 zeros) for revision 0, and canonicalJson is RFC 8785 (JSON Canonicalization Scheme): object
 * members sorted by their names' UTF-16 code units, no whitespace, strings and numbers as
 * ECMAScript JSON.stringify writes them, members whose value is undefined left out.
 */
export const GENESIS_HASH = '0'.repeat(64);
export const HASH_FIELD = 'hash';

function sortedMembers(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = (value as Record<string, unknown>)[key];
  return sorted;
}

/** RFC 8785 canonical JSON of plain JSON data (objects, arrays, strings, finite numbers, booleans, null). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, sortedMembers);
}

export interface ChainLink {
  streamId: string;
  revision: number;
  type: string;
  data: unknown;
  metadata: Record<string, unknown>;
}

/** The hash of one event given the hash of its predecessor in the stream. */
export function eventHash(prevHash: string, event: ChainLink): string {
  const { [HASH_FIELD]: _ignored, ...metadata } = event.metadata;
  const encoded = canonicalJson([prevHash, event.streamId, event.revision, event.type, event.data, metadata]);
  return createHash('sha256').update(encoded, 'utf8').digest('hex');
}

/** The hash stored on an event, or undefined when it has none (written before hash chains existed). */
export function storedHash(event: { metadata: Record<string, unknown> }): string | undefined {
  const value = event.metadata[HASH_FIELD];
  return typeof value === 'string' ? value : undefined;
}

/** Returns the events with `metadata.hash` set, chained from `prevHash` starting at `firstRevision`. */
export function chainEvents(streamId: string, firstRevision: number, prevHash: string, events: NewEvent[]): NewEvent[] {
  let prev = prevHash;
  return events.map((event, index) => {
    const { [HASH_FIELD]: _old, ...rest } = event.metadata;
    const metadata = rest as EventMetadata;
    const hash = eventHash(prev, { streamId, revision: firstRevision + index, type: event.type, data: event.data, metadata });
    prev = hash;
    return { type: event.type, data: event.data, metadata: { ...metadata, [HASH_FIELD]: hash } };
  });
}

interface StreamTip {
  revision: number;
  hash: string;
}

/**
 * Decorates any EventStore so that every append is hash-chained, whoever calls it. The tip of a
 * stream (last revision and hash) comes from a small cache fed by reads and appends through this
 * decorator (a command handler always reads the stream before appending), else from one read.
 */
export class HashChainingEventStore implements EventStore {
  private readonly tips = new Map<string, StreamTip>();
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    readonly inner: EventStore,
    private readonly maxCachedStreams = 10_000,
  ) {}

  /** Wraps a store once; a store that already chains is returned as it is. */
  static wrap(store: EventStore): EventStore {
    return store instanceof HashChainingEventStore ? store : new HashChainingEventStore(store);
  }

  async append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (events.length === 0) return this.inner.append(streamId, events, options);
    const expected = options.expectedRevision;
    if (expected === 'any' || expected === 'stream_exists') {
      // Resolve to a concrete revision so the chain is computed against the real predecessor.
      // Such appends are queued per stream in this process; a writer in another process can still
      // race, which costs a retry, never a broken chain (the store checks the revision).
      return this.serialized(streamId, async () => {
        for (let attempt = 0; ; attempt++) {
          const tip = await this.readTip(streamId);
          if (expected === 'stream_exists' && tip === undefined) return this.inner.append(streamId, events, options); // the adapter refuses
          try {
            return await this.appendAfter(streamId, events, tip);
          } catch (error) {
            if (error instanceof ConcurrencyError && attempt < 50) continue;
            throw error;
          }
        }
      });
    }
    const tip = expected === 'no_stream' ? undefined : await this.tipAt(streamId, expected);
    if (expected !== 'no_stream' && tip === undefined) return this.inner.append(streamId, events, options); // the adapter refuses
    return this.appendAfter(streamId, events, tip);
  }

  private serialized<T>(streamId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(streamId) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(streamId, settled);
    void settled.then(() => {
      if (this.queues.get(streamId) === settled) this.queues.delete(streamId);
    });
    return next;
  }

  private async appendAfter(streamId: string, events: NewEvent[], tip: StreamTip | undefined): Promise<AppendResult> {
    const first = tip ? tip.revision + 1 : 0;
    const chained = chainEvents(streamId, first, tip?.hash ?? GENESIS_HASH, events);
    const result = await this.inner.append(streamId, chained, { expectedRevision: tip ? tip.revision : 'no_stream' });
    this.remember(streamId, { revision: result.nextRevision, hash: storedHash(chained[chained.length - 1]) as string });
    return result;
  }

  /** The tip at an exact revision: from the cache, else by reading that event. */
  private async tipAt(streamId: string, revision: number): Promise<StreamTip | undefined> {
    const cached = this.tips.get(streamId);
    if (cached && cached.revision === revision) return cached;
    const [event] = await this.inner.readStream(streamId, revision);
    if (!event || event.revision !== revision) return undefined;
    return { revision, hash: this.hashOf(event) };
  }

  private async readTip(streamId: string): Promise<StreamTip | undefined> {
    const events = await this.inner.readStream(streamId);
    const last = events[events.length - 1];
    return last ? { revision: last.revision, hash: this.hashOf(last) } : undefined;
  }

  /** Events written before chains existed have no hash: the chain restarts from GENESIS after them. */
  private hashOf(event: RecordedEvent): string {
    return storedHash(event) ?? GENESIS_HASH;
  }

  private remember(streamId: string, tip: StreamTip): void {
    this.tips.delete(streamId);
    this.tips.set(streamId, tip);
    if (this.tips.size > this.maxCachedStreams) this.tips.delete(this.tips.keys().next().value as string);
  }

  async readStream(streamId: string, fromRevision?: number): Promise<RecordedEvent[]> {
    const events = await this.inner.readStream(streamId, fromRevision);
    const last = events[events.length - 1];
    if (last) this.remember(streamId, { revision: last.revision, hash: this.hashOf(last) });
    return events;
  }

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.inner.readAll(options);
  }

  subscribeToAll(options: SubscriptionOptions): Subscription {
    return this.inner.subscribeToAll(options);
  }

  headPosition(): Promise<number> {
    return this.inner.headPosition();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
