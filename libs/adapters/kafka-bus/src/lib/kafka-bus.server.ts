import { Logger, LoggerService } from '@nestjs/common';
import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import { Admin, Consumer, EachMessagePayload, IHeaders, Kafka, KafkaJSError, KafkaMessage } from 'kafkajs';
import { EventEmitter } from 'node:events';
import { lastValueFrom, Observable } from 'rxjs';
import { KafkaBusContext } from './kafka-bus.context';
import { createKafka, ensureTopicsWith, IDEMPOTENT_PRODUCER, KafkaConnectionOptions, ProducerQueue, startKeptConsumer } from './kafka-connection';
import { deadLetterTopicOf, errorMessage, errorToWire, fromJson, headerOf, KafkaBusHeaders, ReplyPacket, topicOf } from './kafka-wire';

/** The transport id of the Kafka bus (for `@MessagePattern(pattern, KAFKA_BUS_TRANSPORT)` in hybrid apps). */
export const KAFKA_BUS_TRANSPORT = Symbol.for('credit-bank/kafka-bus-transport');

export interface KafkaBusServerOptions extends KafkaConnectionOptions {
  /**
   * The service's name: its consumer groups are `<groupPrefix><service>` (integration events)
   * and `<groupPrefix><service>.rpc` (requests), so the replicas of one service share the work
   * and every service gets every event.
   */
  service: string;
  /** Default `credit-bank.`. Tests use one per run. */
  groupPrefix?: string;
  /** Deliveries of one event before it is parked on the dead-letter topic. Default 3. */
  eventDeliveryAttempts?: number;
  /** Wait before the first retry, ms; doubled for each further one, up to `maxRetryDelayMs`. Default 200. */
  retryDelayMs?: number;
  /** Default 5000. */
  maxRetryDelayMs?: number;
  /** Partitions of event topics handled at the same time (each partition stays in order). Default 3. */
  eventPartitionsConcurrently?: number;
  /** Requests handled at the same time by this instance. Default 64. */
  maxConcurrentRequests?: number;
  /** How long `close` waits for requests being handled to answer before it disconnects anyway, ms. Default 5000. */
  shutdownGraceMs?: number;
}

/** Statuses reported on `status`. */
export type KafkaBusStatus = 'connected' | 'disconnected';

/**
 * The server side of the Kafka bus, a Nest custom transport strategy on kafkajs:
 * `NestFactory.createMicroservice(AppModule, { strategy: new KafkaBusServer({ brokers, service: 'ledger' }) })`.
 *
 * - **Requests** (`@MessagePattern`): topic = pattern, consumer group `<prefix><service>.rpc`,
 *   so N replicas share them. Handled concurrently (up to `maxConcurrentRequests`) and answered
 *   with one message on the caller's reply topic: the handler's last value, or the error as
 *   Nest's exception filter shaped it. A request whose caller stopped waiting (deadline header)
 *   is skipped. Requests are at most once: a crash while handling one makes the caller time out.
 * - **Integration events** (`@EventPattern`): consumer group `<prefix><service>`, reading new
 *   topics from the earliest offset; one event at a time per partition (order per key = stream).
 *   A handler that fails is retried with backoff (`eventDeliveryAttempts`), then the message is
 *   parked on `<topic>.dlt` with headers telling the error and where it came from, and the
 *   partition moves on. Offsets are committed after handling (or parking), so a crash redelivers:
 *   handlers must be idempotent.
 */
export class KafkaBusServer extends Server implements CustomTransportStrategy {
  private readonly emitter = new EventEmitter();
  private readonly log: LoggerService;
  private readonly prefix: string;
  private readonly groupPrefix: string;
  private readonly attempts: number;
  private readonly retryDelayMs: number;
  private readonly maxRetryDelayMs: number;
  private kafka?: Kafka;
  private admin?: Admin;
  private producer?: ProducerQueue;
  private requestConsumer?: Consumer;
  private eventConsumer?: Consumer;
  private closing = false;
  private readonly sleeping = new Set<() => void>();
  private readonly requestSlots: Array<() => void> = [];
  private requestsRunning = 0;
  private readonly inFlight = new Set<Promise<void>>();
  /** topic → pattern of the handlers this server subscribed. */
  private readonly patternsByTopic = new Map<string, string>();

  constructor(private readonly options: KafkaBusServerOptions) {
    super();
    this.transportId = KAFKA_BUS_TRANSPORT;
    this.log = options.logger ?? new Logger(`KafkaBusServer(${options.service})`);
    this.prefix = options.topicPrefix ?? '';
    this.groupPrefix = options.groupPrefix ?? 'credit-bank.';
    this.attempts = Math.max(1, Math.floor(options.eventDeliveryAttempts ?? 3));
    this.retryDelayMs = Math.max(0, options.retryDelayMs ?? 200);
    this.maxRetryDelayMs = Math.max(this.retryDelayMs, options.maxRetryDelayMs ?? 5000);
  }

  /** The consumer group of the service's integration events. */
  get eventGroupId(): string {
    return `${this.groupPrefix}${this.options.service}`;
  }

  /** The consumer group of the service's requests. */
  get requestGroupId(): string {
    return `${this.groupPrefix}${this.options.service}.rpc`;
  }

  listen(callback: (...optionalParams: unknown[]) => unknown): void {
    this.start().then(
      () => callback(),
      async (error: unknown) => {
        await this.shutdown().catch(() => undefined);
        callback(error);
      },
    );
  }

  async close(): Promise<void> {
    await this.shutdown();
    this._status$.next('disconnected');
    this.emitter.emit('close');
  }

  /** Listens to `connect` (after listen) and `close`. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- Nest's own signature (Server#on)
  on<EventKey extends string = string, EventCallback extends Function = Function>(event: EventKey, callback: EventCallback): void {
    this.emitter.on(event, callback as unknown as (...args: unknown[]) => void);
  }

  /** The kafkajs client (after listen). */
  unwrap<T>(): T {
    if (!this.kafka) throw new Error('Not initialized. Please call the "listen"/"startAllMicroservices" method before accessing the server.');
    return this.kafka as unknown as T;
  }

  private async start(): Promise<void> {
    this.closing = false;
    const requestTopics: string[] = [];
    const eventTopics: string[] = [];
    for (const [pattern, handler] of this.messageHandlers) {
      const topic = topicOf(this.prefix, pattern);
      this.patternsByTopic.set(topic, pattern);
      (handler.isEventHandler ? eventTopics : requestTopics).push(topic);
    }
    const kafka = (this.kafka = createKafka(this.options, `credit-bank-${this.options.service}`, this.log));
    const admin = (this.admin = kafka.admin());
    await admin.connect();
    await ensureTopicsWith(admin, [...requestTopics, ...eventTopics, ...eventTopics.map(deadLetterTopicOf)], {
      partitions: this.options.partitions,
      replicationFactor: this.options.replicationFactor,
    });
    const producer = kafka.producer(IDEMPOTENT_PRODUCER);
    await producer.connect();
    this.producer = new ProducerQueue(producer, {
      renew: async () => {
        const fresh = kafka.producer(IDEMPOTENT_PRODUCER);
        await fresh.connect();
        return fresh;
      },
    });

    if (requestTopics.length) {
      this.requestConsumer = await startKeptConsumer({
        create: () => (this.requestConsumer = kafka.consumer({ groupId: this.requestGroupId, maxWaitTimeInMs: 1000 })),
        subscribe: { topics: requestTopics, fromBeginning: true },
        run: { eachMessage: (payload) => this.onRequest(payload) },
        replaced: (consumer) => (this.requestConsumer = consumer),
        closing: () => this.closing,
        log: this.log,
      });
    }
    if (eventTopics.length) {
      this.eventConsumer = await startKeptConsumer({
        create: () => (this.eventConsumer = kafka.consumer({ groupId: this.eventGroupId, maxWaitTimeInMs: 1000 })),
        subscribe: { topics: eventTopics, fromBeginning: true },
        run: {
          partitionsConsumedConcurrently: Math.max(1, this.options.eventPartitionsConcurrently ?? 3),
          eachMessage: (payload) => this.onEvent(payload),
        },
        replaced: (consumer) => (this.eventConsumer = consumer),
        closing: () => this.closing,
        log: this.log,
      });
    }
    this._status$.next('connected');
    this.emitter.emit('connect');
  }

  private async shutdown(): Promise<void> {
    this.closing = true;
    for (const wake of [...this.sleeping]) wake();
    // Stop taking messages (commits what was handled), let running requests answer, then disconnect.
    await this.requestConsumer?.disconnect();
    await this.eventConsumer?.disconnect();
    await this.settleRequests(this.options.shutdownGraceMs ?? 5000);
    await this.producer?.drain();
    await this.producer?.producer.disconnect();
    await this.admin?.disconnect();
    this.requestConsumer = this.eventConsumer = this.producer = this.admin = undefined;
    this.patternsByTopic.clear();
  }

  /** Waits for the requests being handled, at most `graceMs` (a handler that never ends must not keep the process alive). */
  private async settleRequests(graceMs: number): Promise<void> {
    if (!this.inFlight.size) return;
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
    const settled = (async () => {
      while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
    })();
    await Promise.race([settled, grace]);
    clearTimeout(timer);
    if (this.inFlight.size) this.log.warn(`Closed with ${this.inFlight.size} request(s) still being handled; their callers get no reply`);
  }

  // ---- requests ---------------------------------------------------------------------------

  private async onRequest({ topic, partition, message }: EachMessagePayload): Promise<void> {
    const correlationId = headerOf(message.headers, KafkaBusHeaders.correlationId);
    const replyTopic = headerOf(message.headers, KafkaBusHeaders.replyTopic);
    if (!correlationId || !replyTopic) {
      this.log.warn(`Request on ${topic} without ${KafkaBusHeaders.correlationId}/${KafkaBusHeaders.replyTopic} headers: dropped`);
      return;
    }
    const deadline = Number(headerOf(message.headers, KafkaBusHeaders.deadline));
    if (Number.isFinite(deadline) && deadline > 0 && Date.now() > deadline) return;
    await this.acquireRequestSlot();
    const task = this.handleRequest(topic, partition, message, correlationId, replyTopic)
      .catch((error: unknown) => this.log.error(`Reply to a request on ${topic} failed: ${errorMessage(error)}`))
      .finally(() => {
        this.inFlight.delete(task);
        this.releaseRequestSlot();
      });
    this.inFlight.add(task);
  }

  private async handleRequest(topic: string, partition: number, message: KafkaMessage, correlationId: string, replyTopic: string): Promise<void> {
    const pattern = this.patternsByTopic.get(topic) ?? topic;
    const handler = this.getHandlerByPattern(pattern);
    const context = new KafkaBusContext([pattern, topic, partition, message.offset, 1, message.headers ?? {}]);
    let reply: ReplyPacket;
    if (!handler) {
      reply = { err: { status: 'error', message: `There is no matching message handler defined in the remote service. Pattern: ${pattern}` }, isDisposed: true };
    } else {
      reply = await this.runRequestHandler(handler, message, context);
    }
    let value: string;
    try {
      value = JSON.stringify(reply);
    } catch (error) {
      value = JSON.stringify({ err: { status: 'error', message: `The reply could not be serialized: ${errorMessage(error)}` }, isDisposed: true });
    }
    await this.producer?.send(replyTopic, { value, headers: { [KafkaBusHeaders.correlationId]: correlationId } });
  }

  private runRequestHandler(handler: MessageHandler, message: KafkaMessage, context: KafkaBusContext): Promise<ReplyPacket> {
    return new Promise<ReplyPacket>((resolve) => {
      let payload: unknown;
      try {
        payload = fromJson(message.value);
      } catch (error) {
        resolve({ err: { status: 'error', message: `Malformed request payload: ${errorMessage(error)}` }, isDisposed: true });
        return;
      }
      const transportId = this.transportId ?? KAFKA_BUS_TRANSPORT;
      const run = async (): Promise<void> => {
        try {
          const result$ = this.transformToObservable(await handler(payload, context)) as Observable<unknown>;
          const response = await lastValueFrom(result$, { defaultValue: undefined });
          resolve({ response, isDisposed: true });
        } catch (error) {
          resolve({ err: errorToWire(error), isDisposed: true });
        } finally {
          this.onProcessingEndHook?.(transportId, context);
        }
      };
      try {
        void this.onProcessingStartHook(transportId, context, run);
      } catch (error) {
        resolve({ err: errorToWire(error), isDisposed: true });
      }
    });
  }

  private async acquireRequestSlot(): Promise<void> {
    const max = Math.max(1, this.options.maxConcurrentRequests ?? 64);
    if (this.requestsRunning < max) {
      this.requestsRunning++;
      return;
    }
    await new Promise<void>((resolve) => this.requestSlots.push(resolve));
  }

  private releaseRequestSlot(): void {
    const next = this.requestSlots.shift();
    if (next) next();
    else this.requestsRunning--;
  }

  // ---- integration events -----------------------------------------------------------------

  private async onEvent({ topic, partition, message, heartbeat }: EachMessagePayload): Promise<void> {
    const pattern = this.patternsByTopic.get(topic) ?? topic;
    const handler = this.getHandlerByPattern(pattern);
    const headers = message.headers ?? {};
    if (!handler) {
      this.log.error(`No event handler for ${pattern} (topic ${topic}): skipped`);
      return;
    }
    let payload: unknown;
    try {
      payload = fromJson(message.value);
    } catch (error) {
      await this.park(topic, partition, message, `Malformed JSON: ${errorMessage(error)}`, 0);
      return;
    }
    for (let attempt = 1; ; attempt++) {
      // A KafkaJSError: kafkajs leaves the offset uncommitted without logging it as a handler failure.
      if (this.closing) throw new KafkaJSError('Kafka bus server closing: event left for redelivery', { retriable: true });
      const context = new KafkaBusContext([pattern, topic, partition, message.offset, attempt, headers]);
      try {
        // Each delivery gets its own copy of the payload: a handler that changes it cannot affect a retry.
        await this.runEventHandler(handler, attempt === 1 ? payload : fromJson(message.value), context);
        return;
      } catch (filtered) {
        // What the app's exception filter made of the error, unless the filter reported the original.
        const error = context.reportedError()?.error ?? filtered;
        if (attempt >= this.attempts) {
          this.log.error(`Event ${pattern} ${partition}@${message.offset} failed ${attempt} time(s), parked on ${deadLetterTopicOf(topic)}: ${errorMessage(error)}`);
          await this.park(topic, partition, message, errorMessage(error), attempt);
          return;
        }
        this.log.warn(`Event ${pattern} ${partition}@${message.offset} failed (attempt ${attempt}), retrying: ${errorMessage(error)}`);
        await this.sleep(Math.min(this.maxRetryDelayMs, this.retryDelayMs * 2 ** (attempt - 1)));
        await heartbeat();
      }
    }
  }

  private runEventHandler(handler: MessageHandler, payload: unknown, context: KafkaBusContext): Promise<void> {
    const transportId = this.transportId ?? KAFKA_BUS_TRANSPORT;
    return new Promise<void>((resolve, reject) => {
      const run = async (): Promise<void> => {
        try {
          const result = await handler(payload, context);
          // Handled means the handler's promise or observable completed without an error.
          await lastValueFrom(this.transformToObservable(result) as Observable<unknown>, { defaultValue: undefined });
          resolve();
        } catch (error) {
          reject(error);
        } finally {
          this.onProcessingEndHook?.(transportId, context);
        }
      };
      try {
        void this.onProcessingStartHook(transportId, context, run);
      } catch (error) {
        reject(error);
      }
    });
  }

  /** Produces the message to the dead-letter topic; if that fails, the error stops the partition (nothing is lost). */
  private async park(topic: string, partition: number, message: KafkaMessage, error: string, attempts: number): Promise<void> {
    const headers: IHeaders = {
      ...(message.headers ?? {}),
      [KafkaBusHeaders.dltError]: error,
      [KafkaBusHeaders.dltTopic]: topic,
      [KafkaBusHeaders.dltPartition]: String(partition),
      [KafkaBusHeaders.dltOffset]: message.offset,
      [KafkaBusHeaders.dltGroup]: this.eventGroupId,
      [KafkaBusHeaders.dltAttempts]: String(attempts),
      [KafkaBusHeaders.dltFailedAt]: new Date().toISOString(),
    };
    if (!this.producer) throw new Error('Kafka bus server closed');
    await this.producer.send(deadLetterTopicOf(topic), { key: message.key, value: message.value, headers });
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = (): void => {
        clearTimeout(timer);
        this.sleeping.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleeping.add(wake);
    });
  }
}
