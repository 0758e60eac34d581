/**
 * Every request-reply message between the gateway and a service travels in this envelope.
 * Patterns are `<service>.<verb-noun>.v<N>`; integration events are `<service>.<event>.v<N>`
 * topics keyed by stream id.
 */
export type Role = 'learner' | 'institution' | 'admin';

export interface Actor {
  accountId: string;
  role: Role;
}

export interface MessageMeta {
  /** Authenticated caller, or null for anonymous requests (registration, login, catalogue). */
  actor: Actor | null;
  correlationId: string;
  /**
   * The client's address as the gateway sees it (TRUST_PROXY decides whose X-Forwarded-For it
   * believes), sent only where a service limits attempts per address (password checks).
   */
  clientAddress?: string;
  /**
   * The command's idempotency key (the client's Idempotency-Key header, else one the gateway
   * made), sent with every request of a POST, PUT, PATCH or DELETE. A service that keeps outcomes
   * answers a repeated key (same caller, same message) with the first outcome.
   */
  idempotencyKey?: string;
}

/**
 * A command's answer carries `readModelPending: true` when the command was stored but its read
 * model had not applied it in time: the gateway then answers 202 Accepted with a Location to poll
 * (and drops the flag), never a 201/200 that the next read would contradict.
 */
export const READ_MODEL_PENDING = 'readModelPending';
export type ReadModelPending = { readonly [READ_MODEL_PENDING]?: true };

export interface BusEnvelope<P> {
  meta: MessageMeta;
  payload: P;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/** Integration events carry the event's identity so consumers can drop duplicates. */
export interface IntegrationEvent<T extends string = string, D = unknown> {
  type: T;
  schemaVersion: number;
  eventId: string;
  streamId: string;
  revision: number;
  position: number;
  occurredAt: string;
  correlationId: string;
  data: D;
}
