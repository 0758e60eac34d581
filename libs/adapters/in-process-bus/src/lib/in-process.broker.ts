import { Logger, LoggerService } from '@nestjs/common';
import { errorMessage, errorToWire } from './wire';

/** Nest's own wording (ServerTCP, ServerKafka…) for a request nobody answers. */
export const NO_MESSAGE_HANDLER = 'There is no matching message handler defined in the remote service.';

/** A request sent to a pattern no listening server handles. */
export class NoMessageHandlerError extends Error {
  constructor(readonly pattern: string) {
    super(`${NO_MESSAGE_HANDLER} Pattern: ${pattern}`);
    this.name = 'NoMessageHandlerError';
  }
}

/** A second server tried to answer a request pattern that one already answers. */
export class DuplicateMessageHandlerError extends Error {
  constructor(
    readonly pattern: string,
    readonly owner: string,
    readonly existingOwner: string,
  ) {
    super(`In-process bus: ${owner} cannot handle requests for "${pattern}": ${existingOwner} already does (one handler per request pattern)`);
    this.name = 'DuplicateMessageHandlerError';
  }
}

/** A reply packet, as the built-in transports send them (`err`, `response`, `isDisposed`). */
export interface InProcessReply {
  err?: unknown;
  response?: unknown;
  isDisposed?: boolean;
}

/** Answers one request: `data` is the JSON text of the payload; `reply` may be called several times until `isDisposed` or `err`. */
export type InProcessRequestHandler = (data: string | undefined, reply: (packet: InProcessReply) => void) => void;

/** Handles one event delivery; a rejection means "not handled" and the broker retries. */
export type InProcessEventConsumer = (data: string | undefined, attempt: number) => Promise<void>;

export interface InProcessBrokerOptions {
  /**
   * How many of the latest events of each pattern the broker keeps for servers that subscribe
   * later (like a topic's retention read from the beginning): in one process the services start
   * one after the other, and an event published while a consumer is still starting is otherwise
   * lost. A late subscriber receives the kept events first, then the new ones; consumers are
   * idempotent anyway (at-least-once). Default 10 000; 0 keeps nothing.
   */
  retainedEventsPerPattern?: number;
  /** Deliveries of one event to one subscriber before it is given up (and logged). Default 3. */
  eventDeliveryAttempts?: number;
  /** Wait before a retry, ms, multiplied by the attempt number. Default 100. */
  eventRetryDelayMs?: number;
  /** Where failed deliveries are reported. Default a Nest Logger; `false` for silence. */
  logger?: LoggerService | false;
}

interface Responder {
  owner: string;
  handler: InProcessRequestHandler;
}

interface EventSubscription {
  pattern: string;
  owner: string;
  consumer: InProcessEventConsumer;
  queue: Array<string | undefined>;
  draining: boolean;
  active: boolean;
}

interface Topic {
  retained: Array<string | undefined>;
  subscriptions: Set<EventSubscription>;
}

/**
 * The hub of the in-process transport, shared by the InProcessServers and InProcessClients of one
 * process. It carries JSON text only (the servers and clients serialize), and never calls a
 * handler inside the caller's stack.
 *
 * - **Request-reply**: one handler per pattern. A second server registering a pattern already
 *   answered fails its `listen` with {@link DuplicateMessageHandlerError}: in one process each
 *   service runs once, so two answers for one pattern is a wiring mistake, not scaling. A request
 *   to a pattern nobody answers fails with {@link NoMessageHandlerError}.
 * - **Events**: every subscribed server gets every event of the pattern (one consumer group per
 *   service), in publish order, one at a time per server and pattern (the next is delivered when
 *   the previous is handled). A failed delivery is retried (`eventDeliveryAttempts`), then logged
 *   and skipped. Publishing to a pattern with no subscriber is not an error.
 *
 * Everything lives in memory: events queued but not handled when the process stops are lost, and
 * publishers (the integration relays) re-publish from their checkpoints on the next start.
 */
export class InProcessBroker {
  private readonly responders = new Map<string, Responder>();
  private readonly topics = new Map<string, Topic>();
  private readonly retention: number;
  private readonly attempts: number;
  private readonly retryDelayMs: number;
  private readonly logger: LoggerService | undefined;
  private idleWaiters: Array<() => void> = [];

  constructor(options: InProcessBrokerOptions = {}) {
    this.retention = Math.max(0, Math.floor(options.retainedEventsPerPattern ?? 10_000));
    this.attempts = Math.max(1, Math.floor(options.eventDeliveryAttempts ?? 3));
    this.retryDelayMs = Math.max(0, options.eventRetryDelayMs ?? 100);
    this.logger = options.logger === false ? undefined : (options.logger ?? new Logger('InProcessBroker'));
  }

  /** Makes `handler` answer requests for `pattern`; returns the function that unregisters it. */
  registerRequestHandler(pattern: string, handler: InProcessRequestHandler, owner = 'a server'): () => void {
    const existing = this.responders.get(pattern);
    if (existing) throw new DuplicateMessageHandlerError(pattern, owner, existing.owner);
    const responder: Responder = { owner, handler };
    this.responders.set(pattern, responder);
    return () => {
      if (this.responders.get(pattern) === responder) this.responders.delete(pattern);
    };
  }

  /**
   * Subscribes a consumer to the events of `pattern`, starting with the retained ones; returns
   * the function that unsubscribes it (a delivery in progress finishes, the rest of its queue is
   * dropped).
   */
  subscribe(pattern: string, consumer: InProcessEventConsumer, owner = 'a server'): () => void {
    const topic = this.topic(pattern);
    const subscription: EventSubscription = { pattern, owner, consumer, queue: this.retention > 0 ? topic.retained.slice(-this.retention) : [], draining: false, active: true };
    topic.subscriptions.add(subscription);
    this.schedule(subscription);
    return () => {
      subscription.active = false;
      subscription.queue = [];
      topic.subscriptions.delete(subscription);
      this.notifyIfIdle();
    };
  }

  /**
   * Sends a request. `reply` receives the reply packets (asynchronously, never inside this call);
   * the returned function cancels: nothing is delivered after it.
   */
  request(pattern: string, data: string | undefined, reply: (packet: InProcessReply) => void): () => void {
    let cancelled = false;
    const guardedReply = (packet: InProcessReply): void => {
      if (!cancelled) reply(packet);
    };
    const immediate = setImmediate(() => {
      const responder = this.responders.get(pattern);
      if (!responder) {
        guardedReply({ err: new NoMessageHandlerError(pattern), isDisposed: true });
        return;
      }
      try {
        responder.handler(data, guardedReply);
      } catch (error) {
        guardedReply({ err: errorToWire(error), isDisposed: true });
      }
    });
    return () => {
      cancelled = true;
      clearImmediate(immediate);
    };
  }

  /** Publishes an event to every subscriber of `pattern` (and keeps it for later subscribers). */
  publish(pattern: string, data: string | undefined): void {
    const topic = this.topic(pattern);
    if (this.retention > 0) {
      topic.retained.push(data);
      // Trimmed in steps so that publishing stays O(1) amortized.
      if (topic.retained.length >= this.retention * 2) topic.retained.splice(0, topic.retained.length - this.retention);
    }
    for (const subscription of topic.subscriptions) {
      subscription.queue.push(data);
      this.schedule(subscription);
    }
  }

  hasRequestHandler(pattern: string): boolean {
    return this.responders.has(pattern);
  }

  /** The request patterns answered now, with the server answering each. */
  requestPatterns(): Map<string, string> {
    return new Map([...this.responders].map(([pattern, r]) => [pattern, r.owner]));
  }

  /** The event patterns with at least one subscriber, with their subscribers. */
  eventPatterns(): Map<string, string[]> {
    const result = new Map<string, string[]>();
    for (const [pattern, topic] of this.topics) {
      if (topic.subscriptions.size) result.set(pattern, [...topic.subscriptions].map((s) => s.owner));
    }
    return result;
  }

  /** Resolves once every published event has been handled (or given up) by every subscriber. */
  drain(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private topic(pattern: string): Topic {
    let topic = this.topics.get(pattern);
    if (!topic) {
      topic = { retained: [], subscriptions: new Set() };
      this.topics.set(pattern, topic);
    }
    return topic;
  }

  private schedule(subscription: EventSubscription): void {
    if (subscription.draining || !subscription.active || subscription.queue.length === 0) return;
    subscription.draining = true;
    setImmediate(() => void this.drainSubscription(subscription));
  }

  private async drainSubscription(subscription: EventSubscription): Promise<void> {
    try {
      while (subscription.active && subscription.queue.length > 0) {
        await this.deliver(subscription, subscription.queue[0]);
        subscription.queue.shift();
      }
    } finally {
      subscription.draining = false;
      this.notifyIfIdle();
    }
  }

  private async deliver(subscription: EventSubscription, data: string | undefined): Promise<void> {
    for (let attempt = 1; subscription.active; attempt++) {
      try {
        await subscription.consumer(data, attempt);
        return;
      } catch (error) {
        if (!subscription.active) return;
        if (attempt >= this.attempts) {
          this.logger?.error(
            `Event "${subscription.pattern}" given up by ${subscription.owner} after ${attempt} attempt(s): ${errorMessage(error)}`,
            error instanceof Error ? error.stack : undefined,
          );
          return;
        }
        this.logger?.warn(`Event "${subscription.pattern}" failed in ${subscription.owner} (attempt ${attempt}), retrying: ${errorMessage(error)}`);
        await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs * attempt));
      }
    }
  }

  private isIdle(): boolean {
    for (const topic of this.topics.values()) {
      for (const s of topic.subscriptions) if (s.draining || (s.active && s.queue.length > 0)) return false;
    }
    return true;
  }

  private notifyIfIdle(): void {
    if (!this.idleWaiters.length || !this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
