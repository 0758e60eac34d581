import { DomainError } from '@credit-bank/kernel';
import { RpcException } from '@nestjs/microservices';
import { IHeaders } from 'kafkajs';

/**
 * What travels on the Kafka bus is JSON text (UTF-8), never a JavaScript object shared between
 * sender and receiver: `Date`s arrive as ISO strings, `undefined` fields disappear.
 */

/** Nest's own wording (ServerTCP, ServerKafka…) for a request nobody answers. */
export const NO_MESSAGE_HANDLER = 'There is no matching message handler defined in the remote service.';

/** Header names of the Kafka bus (all values UTF-8 strings). */
export const KafkaBusHeaders = {
  /** Request and reply: matches a reply to its request. */
  correlationId: 'cb-correlation-id',
  /** Request: the topic the caller reads its replies from. */
  replyTopic: 'cb-reply-topic',
  /** Request: epoch ms after which the caller no longer waits (servers skip older requests). */
  deadline: 'cb-deadline',
  /** Event: the integration event's id, when the payload has one (for tools; consumers read the payload). */
  eventId: 'cb-event-id',
  /** Dead letter: the last error's message. */
  dltError: 'cb-dlt-error',
  /** Dead letter: where the message was read from. */
  dltTopic: 'cb-dlt-original-topic',
  dltPartition: 'cb-dlt-original-partition',
  dltOffset: 'cb-dlt-original-offset',
  /** Dead letter: the consumer group that gave up, and after how many attempts. */
  dltGroup: 'cb-dlt-group',
  dltAttempts: 'cb-dlt-attempts',
  /** Dead letter: when it was parked (ISO time). */
  dltFailedAt: 'cb-dlt-failed-at',
} as const;

/** A request sent to a pattern whose topic does not exist: no service ever declared it. */
export class KafkaNoMessageHandlerError extends Error {
  constructor(readonly pattern: string) {
    super(`${NO_MESSAGE_HANDLER} Pattern: ${pattern}`);
    this.name = 'KafkaNoMessageHandlerError';
  }
}

/** A pattern that cannot be a Kafka topic name (Kafka allows `[a-zA-Z0-9._-]`, at most 249 characters). */
export class InvalidKafkaPatternError extends Error {
  constructor(readonly pattern: string) {
    super(`Kafka bus: pattern ${JSON.stringify(pattern)} is not a valid topic name (letters, digits, '.', '_', '-'; use string patterns like "<service>.<verb-noun>.v<N>")`);
    this.name = 'InvalidKafkaPatternError';
  }
}

const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;

/** The topic of a pattern: the prefix (a namespace, e.g. per test run) followed by the pattern. */
export function topicOf(prefix: string, pattern: string): string {
  const topic = prefix + pattern;
  if (!TOPIC_NAME.test(topic) || topic === '.' || topic === '..') throw new InvalidKafkaPatternError(pattern);
  return topic;
}

/** The dead-letter topic of a topic. */
export function deadLetterTopicOf(topic: string): string {
  return `${topic}.dlt`;
}

/** A payload serialized when the client was called, so later changes by the caller are not sent. */
export class SerializedPayload {
  private constructor(readonly json: string | undefined) {}

  static of(value: unknown): SerializedPayload {
    return value instanceof SerializedPayload ? value : new SerializedPayload(JSON.stringify(value));
  }
}

/** An event serialized when `emit` was called, with its key and id. */
export class SerializedEvent {
  private constructor(
    readonly json: string | undefined,
    readonly key: string,
    readonly eventId: string | undefined,
  ) {}

  static of(pattern: string, value: unknown): SerializedEvent {
    return new SerializedEvent(JSON.stringify(value), eventKeyOf(pattern, value), eventIdOf(value));
  }
}

/** JSON text of a payload (`undefined` stays `undefined`). */
export function toJson(value: unknown): string | undefined {
  return value instanceof SerializedPayload || value instanceof SerializedEvent ? value.json : JSON.stringify(value);
}

export function fromJson(text: Buffer | string | null | undefined): unknown {
  if (text === null || text === undefined) return undefined;
  const json = typeof text === 'string' ? text : text.toString('utf8');
  return json.length === 0 ? undefined : JSON.parse(json);
}

/**
 * The key of an event: its `streamId` when the payload has one (so one stream's events share a
 * partition and keep their order), else the pattern itself (all keyless events of a topic in one
 * partition, in the order they were emitted).
 */
export function eventKeyOf(pattern: string, data: unknown): string {
  if (typeof data === 'object' && data !== null) {
    const streamId = (data as { streamId?: unknown }).streamId;
    if (typeof streamId === 'string' && streamId.length > 0) return streamId;
  }
  return pattern;
}

export function eventIdOf(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const eventId = (data as { eventId?: unknown }).eventId;
  return typeof eventId === 'string' ? eventId : undefined;
}

/** A header's value as a string (kafkajs hands headers as Buffers). */
export function headerOf(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  if (value === undefined || value === null) return undefined;
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined) return undefined;
  return typeof first === 'string' ? first : first.toString('utf8');
}

/** The reply of a request as it travels: one message per request. */
export interface ReplyPacket {
  err?: unknown;
  response?: unknown;
  isDisposed: true;
}

/**
 * The error a server sends back, as Nest's RPC exception filter shapes it: an RpcException's
 * `getError()` object (a string becomes `{ status: 'error', message }`), a DomainError's payload,
 * any other Error as `{ status: 'error', message }`; plain values are sent as they are.
 */
export function errorToWire(error: unknown): unknown {
  if (error instanceof RpcException) {
    const inner = error.getError();
    return typeof inner === 'object' && inner !== null ? inner : { status: 'error', message: inner };
  }
  if (error instanceof DomainError) return error.toPayload();
  if (error instanceof Error) return { status: 'error', message: error.message };
  return error;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') return (error as { message: string }).message;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}
