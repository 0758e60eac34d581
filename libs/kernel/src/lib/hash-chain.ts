import * as crypto from 'node:crypto';
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

type OneShotHash = (algorithm: string, data: string, encoding: 'hex') => string;
const oneShot = (crypto as unknown as { hash?: OneShotHash }).hash;

/** SHA-256 of a string's UTF-8 bytes as lowercase hex (one-shot `crypto.hash` where Node has it). */
export function sha256Hex(text: string): string {
  return oneShot ? oneShot('sha256', text, 'hex') : crypto.createHash('sha256').update(text, 'utf8').digest('hex');
}
export const HASH_FIELD = 'hash';

function canonical(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      const json = (value as { toJSON?: () => unknown }).toJSON;
      if (typeof json === 'function') return canonical(json.call(value));
      if (Array.isArray(value)) {
        let out = '[';
        for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + (canonical(value[i]) ?? 'null');
        return `${out}]`;
      }
      const keys = Object.keys(value).sort();
      let out = '{';
      let first = true;
      for (const key of keys) {
        const member = canonical((value as Record<string, unknown>)[key]);
        if (member === undefined) continue;
        out += `${first ? '' : ','}${JSON.stringify(key)}:${member}`;
        first = false;
      }
      return `${out}}`;
    }
    case 'bigint':
      throw new TypeError('canonicalJson: BigInt is not JSON');
    default:
      return undefined; // undefined, functions and symbols are left out, as JSON.stringify does
  }
}

/**
 * RFC 8785 canonical JSON of plain JSON data (objects, arrays, strings, finite numbers, booleans,
 * null): the same text as JSON.stringify would write with every object's members sorted by name.
 */
export function canonicalJson(value: unknown): string {
  // Fast path: data whose objects already list their members in sorted order (what the store
  // holds, since chainEvents stores canonical copies) is written by the native JSON.stringify.
  return isCanonicallyOrdered(value) ? (JSON.stringify(value) ?? 'null') : (canonical(value) ?? 'null');
}

/** True when JSON.stringify would already write canonical text (every object's keys sorted, no toJSON). */
function isCanonicallyOrdered(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return typeof value !== 'number' || Number.isFinite(value);
  if (Array.isArray(value)) {
    for (const item of value) if (!isCanonicallyOrdered(item)) return false;
    return true;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
  let previous: string | undefined;
  for (const key in value) {
    if (!Object.prototype.hasOwnProperty.call(value, key)) return false;
    if (previous !== undefined && !(previous < key)) return false;
    previous = key;
    if (!isCanonicallyOrdered((value as Record<string, unknown>)[key])) return false;
  }
  return true;
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
  return sha256Hex(encoded);
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
    // Stored as canonical copies (members sorted), so auditors re-encode them at native speed.
    const metadata = JSON.parse(canonicalJson(rest)) as EventMetadata;
    const data = JSON.parse(canonicalJson(event.data)) as typeof event.data;
    const hash = eventHash(prev, { streamId, revision: firstRevision + index, type: event.type, data, metadata });
    prev = hash;
    return { type: event.type, data, metadata: { ...metadata, [HASH_FIELD]: hash } };
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

const HASH_TAIL = `,"${HASH_FIELD}":"`;
const HASH_TAIL_LENGTH = HASH_TAIL.length + 64 + 2; // ,"hash":"<64 hex>"}

/**
 * Checks a stored event from its JSON text without decoding the metadata: when the stored text is
 * the canonical text the writer hashed (what HashChainingEventStore stores: members sorted, the
 * hash last), the hash input is built by concatenation. Returns the stored hash when it matches;
 * undefined means "not confirmed this way" (text not in that form, or a mismatch): the caller then
 * decodes the event and checks it with `eventHash`. A match cannot be wrong: the hash was made
 * from exactly the text rebuilt here, so the stored content is what was hashed.
 */
export function confirmStoredHash(prevHash: string, streamId: string, revision: number, type: string, dataText: string, metadataText: string): string | undefined {
  if (metadataText.length < HASH_TAIL_LENGTH + 2) return undefined;
  const tailAt = metadataText.length - HASH_TAIL_LENGTH;
  if (!metadataText.startsWith(HASH_TAIL, tailAt) || !metadataText.endsWith('"}')) return undefined;
  const stored = metadataText.slice(tailAt + HASH_TAIL.length, metadataText.length - 2);
  const encoded = `[${JSON.stringify(prevHash)},${JSON.stringify(streamId)},${revision},${JSON.stringify(type)},${dataText},${metadataText.slice(0, tailAt)}}]`;
  return sha256Hex(encoded) === stored ? stored : undefined;
}
