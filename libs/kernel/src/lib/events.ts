/** Plain typed messages: an explicit string `type` is the identity, never a class name. */
export interface DomainEvent<T extends string = string, D extends object = object> {
  type: T;
  data: D;
}

export interface EventMetadata {
  eventId: string;
  /** Schema version of `data` for this event type. Older versions are upcast on read. */
  schemaVersion: number;
  correlationId: string;
  /** The message that caused this one, when it is not the correlation itself (then it is left out, not repeated). */
  causationId?: string;
  /** Who did it: an account id, `system`, or `anonymous`. */
  actor: string;
  /** ISO-8601 time the command was decided. */
  occurredAt: string;
  [extra: string]: unknown;
}

export interface NewEvent<E extends DomainEvent = DomainEvent> {
  type: E['type'];
  data: E['data'];
  metadata: EventMetadata;
}

export interface RecordedEvent<E extends DomainEvent = DomainEvent> {
  streamId: string;
  /** 0-based revision of the event inside its stream. */
  revision: number;
  /** Global position in the store, strictly increasing with append order (1-based). */
  position: number;
  type: E['type'];
  data: E['data'];
  metadata: EventMetadata;
}

/** The context a command runs in: who asked, under which correlation, at what time. */
export interface CommandContext {
  actor: string;
  correlationId: string;
  causationId?: string;
  /** ISO-8601; deciders take time from here, never from the clock. */
  now: string;
}
