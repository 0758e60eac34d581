import { ConcurrencyError, EventMetadata, ExpectedRevision, NewEvent, RecordedEvent } from '@credit-bank/kernel';
import { ANY, AppendExpectedRevision, EventData, jsonEvent, NO_STREAM, Position, ReadPosition, START, STREAM_EXISTS, WrongExpectedVersionError } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';

/**
 * Pure conversions between the kernel's event-store port and EventStoreDB (`@eventstore/db-client`
 * 6.x), kept apart so that they are unit-tested without a server.
 *
 * Positions: EventStoreDB places every event at a (commit, prepare) pair of byte offsets in its
 * transaction log. Events appended through gRPC are "implicitly committed": each is its own commit
 * record, so its commit position equals its prepare position and is unique and strictly increasing
 * in `$all` order (stream reads report the same pair since server 22.6). The port's single
 * position is that commit position as a JS number: exact up to 2^53 bytes of log (8 PiB), far
 * beyond any store of this system; a larger one throws rather than losing precision. The inverse,
 * for an exclusive `after`, is the pair (after, after) — valid because `after` is always 0 or a
 * position this adapter returned. Positions are sparse (byte offsets), not consecutive.
 * Events written by the legacy TCP API inside explicit transactions share one commit position;
 * the adapter refuses to number them (see {@link assertIncreasing}).
 */

/** The largest commit position the port can carry exactly. */
export const MAX_POSITION = Number.MAX_SAFE_INTEGER;
/** What stream reads report as commit position on servers older than 22.6 (unknown). */
const UNKNOWN_POSITION = 2n ** 64n - 1n;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Our expected revision as the client's. A number is the revision of the stream's last event. */
export function toEsdbExpectedRevision(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= -1) return expected === -1 ? NO_STREAM : BigInt(expected);
      throw new TypeError(`expectedRevision must be an integer >= -1, 'no_stream', 'stream_exists' or 'any', got ${String(expected)}`);
  }
}

/** A client revision (bigint) as a number; revisions beyond 2^53 do not occur in practice but are refused. */
export function revisionToNumber(revision: bigint): number {
  if (revision < 0n || revision > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`EventStoreDB revision ${revision} does not fit a safe integer`);
  return Number(revision);
}

/** The port's position of an EventStoreDB position: its commit position (see the module comment). */
export function positionToNumber(position: Position | undefined, what = 'event'): number {
  if (!position) throw new Error(`EventStoreDB gave no position for ${what}: the server must be 22.6 or later`);
  if (position.commit === UNKNOWN_POSITION) throw new Error(`EventStoreDB gave an unknown commit position for ${what}: the server must be 22.6 or later`);
  if (position.commit < 0n || position.commit > BigInt(MAX_POSITION)) {
    throw new RangeError(`EventStoreDB commit position ${position.commit} of ${what} does not fit a safe integer (2^53)`);
  }
  if (position.prepare !== position.commit) {
    // A legacy explicit transaction: several events share the commit position.
    throw new Error(`EventStoreDB ${what} is at commit ${position.commit} / prepare ${position.prepare}: events of explicit transactions cannot be given single positions`);
  }
  return Number(position.commit);
}

/** Where to start reading `$all` for events strictly after `after` (the event at `after` itself is skipped by the reader). */
export function afterToReadPosition(after: number | undefined): ReadPosition {
  if (after === undefined || after === 0) return START;
  if (!Number.isSafeInteger(after) || after < 0) throw new TypeError(`after must be a non-negative safe integer, got ${String(after)}`);
  const p = BigInt(after);
  return { commit: p, prepare: p };
}

/** System streams (`$…`, including metadata streams `$$…`) and system event types (`$…`, links `$>`). */
export function isSystemEvent(streamId: string, type: string): boolean {
  return streamId.startsWith('$') || type.startsWith('$');
}

/** One of our events as an EventStoreDB JSON event: data and metadata as JSON, the event id from the metadata when it is a UUID. */
export function toEventData(event: NewEvent, index = 0): EventData {
  if (!event || typeof event.type !== 'string' || event.type === '') throw new TypeError(`events[${index}].type must be a non-empty string`);
  if (event.type.startsWith('$')) throw new TypeError(`events[${index}].type must not start with '$' (reserved for EventStoreDB system events)`);
  if (typeof event.data !== 'object' || event.data === null || Array.isArray(event.data)) throw new TypeError(`events[${index}].data must be an object`);
  if (typeof event.metadata !== 'object' || event.metadata === null || Array.isArray(event.metadata)) throw new TypeError(`events[${index}].metadata must be an object`);
  const eventId = typeof event.metadata.eventId === 'string' && UUID.test(event.metadata.eventId) ? event.metadata.eventId.toLowerCase() : randomUUID();
  // Through JSON once here, so that what is stored is exactly what is read back.
  const data = JSON.parse(JSON.stringify(event.data)) as Record<string, unknown>;
  const metadata = JSON.parse(JSON.stringify(event.metadata)) as Record<string, unknown>;
  return jsonEvent({ id: eventId, type: event.type, data, metadata }) as EventData;
}

/** The shape of a recorded event as the client hands it over (the parts we read). */
export interface EsdbRecordedEventLike {
  streamId: string;
  revision: bigint;
  type: string;
  isJson: boolean;
  data: unknown;
  metadata: unknown;
  position?: Position;
}

/** An EventStoreDB event as ours; undefined for system events. Non-JSON events are refused. */
export function toRecordedEvent(event: EsdbRecordedEventLike): RecordedEvent | undefined {
  if (isSystemEvent(event.streamId, event.type)) return undefined;
  const what = `${event.streamId}@${event.revision}`;
  if (!event.isJson || typeof event.data !== 'object' || event.data === null) throw new Error(`EventStoreDB event ${what} is not a JSON event of this system`);
  const metadata = event.metadata;
  if (typeof metadata !== 'object' || metadata === null || metadata instanceof Uint8Array || Array.isArray(metadata)) {
    throw new Error(`EventStoreDB event ${what} has no JSON metadata object`);
  }
  return {
    streamId: event.streamId,
    revision: revisionToNumber(event.revision),
    position: positionToNumber(event.position, `event ${what}`),
    type: event.type,
    data: event.data as object,
    metadata: metadata as EventMetadata,
  };
}

/** The client's wrong-expected-version error as the kernel's ConcurrencyError; anything else unchanged. */
export function toKernelError(error: unknown, streamId: string, expected: ExpectedRevision): unknown {
  if (error instanceof WrongExpectedVersionError) {
    const actual = error.actualVersion;
    return new ConcurrencyError(streamId, expected, typeof actual === 'bigint' ? revisionToNumber(actual) : 'no_stream');
  }
  return error;
}

/** The refusal of `expected` against a stream's last revision (-1 = no stream), as the server would decide it. */
export function checkExpectedRevision(streamId: string, expected: ExpectedRevision, lastRevision: number): ConcurrencyError | undefined {
  const actual = lastRevision < 0 ? 'no_stream' : lastRevision;
  switch (expected) {
    case 'any':
      return undefined;
    case 'no_stream':
      return lastRevision < 0 ? undefined : new ConcurrencyError(streamId, expected, actual);
    case 'stream_exists':
      return lastRevision < 0 ? new ConcurrencyError(streamId, expected, actual) : undefined;
    default:
      return expected === lastRevision ? undefined : new ConcurrencyError(streamId, expected, actual);
  }
}

/** Throws unless positions strictly increase (a store that breaks it cannot be numbered faithfully). */
export function assertIncreasing(previous: number, next: RecordedEvent): void {
  if (next.position <= previous) {
    throw new Error(`EventStoreDB returned position ${next.position} after ${previous} (${next.streamId}@${next.revision}): positions must strictly increase`);
  }
}
