import { NewEvent, RecordedEvent } from './events';
import { AppendOptions, AppendResult, EventStore, ReadAllOptions, Subscription, SubscriptionOptions } from './event-store.port';

/**
 * How one event type's `data` evolved: `version` is the schema version written today, and
 * `steps[n]` turns data of version n into version n + 1. Steps are pure and total: stored events
 * are immutable, so every shape ever written must keep reading.
 */
export interface EventSchema {
  version: number;
  steps: Record<number, (data: Record<string, unknown>) => Record<string, unknown>>;
}

/** Event type → its schema history. Types not listed are at version 1 and never upcast. */
export type Upcasters = Readonly<Record<string, EventSchema>>;

/** The schema version an event of `type` is written at today. */
export function currentSchemaVersion(upcasters: Upcasters, type: string): number {
  return upcasters[type]?.version ?? 1;
}

/**
 * The event as today's code reads it: its data carried through every step from the version it
 * was written at (metadata `schemaVersion`, 1 when absent) to the current one. The metadata keeps
 * what was stored (its `hash` covers the stored version) and says which version was stored in
 * `storedSchemaVersion` when a step ran.
 */
export function upcastEvent<E extends Pick<RecordedEvent, 'type' | 'data' | 'metadata'>>(upcasters: Upcasters, event: E): E {
  const schema = upcasters[event.type];
  if (!schema) return event;
  const stored = typeof event.metadata?.schemaVersion === 'number' ? event.metadata.schemaVersion : 1;
  if (stored >= schema.version) return event;
  let data = event.data as Record<string, unknown>;
  for (let v = stored; v < schema.version; v++) {
    const step = schema.steps[v];
    if (!step) throw new Error(`No upcast of ${event.type} from schema version ${v} to ${v + 1}`);
    data = step(data);
  }
  return { ...event, data, metadata: { ...event.metadata, schemaVersion: schema.version, storedSchemaVersion: stored } };
}

/** Tables of several services in one (the types of different services never collide). */
export function mergeUpcasters(...tables: Upcasters[]): Upcasters {
  const merged: Record<string, EventSchema> = {};
  for (const table of tables) {
    for (const [type, schema] of Object.entries(table)) {
      if (merged[type]) throw new Error(`Two schemas for event type ${type}`);
      merged[type] = schema;
    }
  }
  return merged;
}

/**
 * Decorates an EventStore so that everything read is at today's schema versions and everything
 * appended is stamped with them: handlers, projections and the statement's time travel see one
 * shape per event type, whichever version is on disk. Wrap it around the hash-chaining decorator,
 * so the chain is computed over what is stored, never over an upcast copy.
 */
export class UpcastingEventStore implements EventStore {
  constructor(
    readonly inner: EventStore,
    private readonly upcasters: Upcasters,
  ) {}

  /** Wraps a store once (a store that already upcasts is returned as it is); no table, no wrapper. */
  static wrap(store: EventStore, upcasters: Upcasters | undefined): EventStore {
    if (store instanceof UpcastingEventStore || !upcasters || Object.keys(upcasters).length === 0) return store;
    return new UpcastingEventStore(store, upcasters);
  }

  private up = (event: RecordedEvent): RecordedEvent => upcastEvent(this.upcasters, event);

  append(streamId: string, events: NewEvent[], options: AppendOptions): Promise<AppendResult> {
    const stamped = events.map((e) => {
      const version = currentSchemaVersion(this.upcasters, e.type);
      return e.metadata.schemaVersion === version ? e : { ...e, metadata: { ...e.metadata, schemaVersion: version } };
    });
    return this.inner.append(streamId, stamped, options);
  }

  async readStream(streamId: string, fromRevision?: number): Promise<RecordedEvent[]> {
    return (await this.inner.readStream(streamId, fromRevision)).map(this.up);
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return (await this.inner.readAll(options)).map(this.up);
  }

  subscribeToAll(options: SubscriptionOptions): Subscription {
    return this.inner.subscribeToAll({ ...options, handler: (events) => options.handler(events.map(this.up)) });
  }

  headPosition(): Promise<number> {
    return this.inner.headPosition();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
