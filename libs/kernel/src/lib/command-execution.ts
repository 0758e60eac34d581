import { randomUUID } from 'node:crypto';
import { Decider, fold } from './decider';
import { ConcurrencyError } from './errors';
import { CommandContext, DomainEvent, NewEvent, RecordedEvent } from './events';
import { AppendResult, EventStore } from './event-store.port';

/**
 * New events with their metadata. `schemaVersion` is 1 here: a service's `UpcastingEventStore`
 * (upcasting.ts) stamps each type's current version on append and upcasts older ones on read.
 */
export function toNewEvents<E extends DomainEvent>(events: E[], ctx: CommandContext): NewEvent<E>[] {
  return events.map((e) => ({
    type: e.type,
    data: e.data,
    metadata: {
      eventId: randomUUID(),
      schemaVersion: 1,
      correlationId: ctx.correlationId,
      // Only a cause of its own: repeating the correlation id stored every request's id twice.
      ...(ctx.causationId !== undefined && ctx.causationId !== ctx.correlationId ? { causationId: ctx.causationId } : {}),
      actor: ctx.actor,
      occurredAt: ctx.now,
    },
  }));
}

export interface LoadedStream<S> {
  state: S;
  /** Revision of the last event read, or -1 when the stream does not exist. */
  revision: number;
  events: RecordedEvent[];
}

export async function loadStream<C, E extends DomainEvent, S>(
  store: EventStore,
  streamId: string,
  decider: Decider<C, E, S>,
): Promise<LoadedStream<S>> {
  const events = await store.readStream(streamId);
  const state = fold(decider, events as unknown as E[]);
  return { state, revision: events.length ? events[events.length - 1].revision : -1, events };
}

export interface ExecuteOptions {
  /** Concurrency conflicts are retried this many times by reloading and deciding again. */
  retries?: number;
}

export interface ExecuteResult<E extends DomainEvent, S> {
  events: E[];
  /** State after the new events. */
  state: S;
  /** Revision of the stream after the append (-1 if nothing was appended to a new stream). */
  revision: number;
  /** Global position of the last appended event, or undefined if the decider emitted nothing. */
  position?: number;
}

/**
 * The whole of a command handler's work: load the stream, decide, append with the revision just
 * read, and on a concurrency conflict reload and decide again (the decider sees the new state, so
 * a write is never lost and a refusal is re-evaluated).
 */
export async function executeCommand<C, E extends DomainEvent, S>(
  store: EventStore,
  streamId: string,
  decider: Decider<C, E, S>,
  command: C,
  ctx: CommandContext,
  options: ExecuteOptions = {},
): Promise<ExecuteResult<E, S>> {
  const retries = options.retries ?? 5;
  for (let attempt = 0; ; attempt++) {
    const loaded = await loadStream(store, streamId, decider);
    const events = decider.decide(command, loaded.state);
    if (events.length === 0) return { events, state: loaded.state, revision: loaded.revision };
    try {
      const result: AppendResult = await store.append(streamId, toNewEvents(events, ctx), {
        expectedRevision: loaded.revision < 0 ? 'no_stream' : loaded.revision,
      });
      const state = events.reduce(decider.evolve, loaded.state);
      return { events, state, revision: result.nextRevision, position: result.position };
    } catch (error) {
      if (error instanceof ConcurrencyError && attempt < retries) continue;
      throw error;
    }
  }
}
