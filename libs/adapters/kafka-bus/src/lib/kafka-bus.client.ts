import { Logger, LoggerService } from '@nestjs/common';
import { ClientProxy, ReadPacket, WritePacket } from '@nestjs/microservices';
import { Admin, Consumer, EachMessagePayload, IHeaders, Kafka } from 'kafkajs';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Observable, throwError, TimeoutError } from 'rxjs';
import { createKafka, ensureTopicsWith, IDEMPOTENT_PRODUCER, KafkaConnectionOptions, ProducerQueue, startKeptConsumer } from './kafka-connection';
import { errorMessage, eventIdOf, eventKeyOf, fromJson, headerOf, KafkaBusHeaders, KafkaNoMessageHandlerError, ReplyPacket, SerializedEvent, SerializedPayload, toJson, topicOf } from './kafka-wire';

export interface KafkaBusClientOptions extends KafkaConnectionOptions {
  /**
   * Fails a request with rxjs' `TimeoutError` when no reply came within this many ms, and tells
   * the server (deadline header) not to start it after that. Default: no timeout (callers
   * usually pipe their own `timeout`).
   */
  requestTimeoutMs?: number;
  /** Retention of this client's reply topic, ms. Default 1 hour. */
  replyRetentionMs?: number;
}

type KafkaBusClientEvents = { connect: () => void; close: () => void };

/**
 * The client side of the Kafka bus, a Nest `ClientProxy` on kafkajs.
 *
 * - `send(pattern, data)`: request-reply. The request goes to the pattern's topic (a request to a
 *   topic that does not exist fails at once with {@link KafkaNoMessageHandlerError}); the reply
 *   comes back on this client's own reply topic (`<prefix>_replies.<uuid>`, one partition, made on
 *   the first request and deleted on close), so any number of gateway processes each get their
 *   own replies, with no partition assignment to go wrong in a rebalance. The observable fails
 *   with the server's error object, or rxjs' `TimeoutError` after `requestTimeoutMs`.
 * - `emit(pattern, data)`: publishes an integration event on the pattern's topic (made when
 *   missing) keyed by `data.streamId` (else by the pattern), and completes once all in-sync
 *   replicas acknowledged it (idempotent producer, acks from all).
 *
 * `data` is serialized to JSON when `send`/`emit` is called, so later changes are not sent.
 */
export class KafkaBusClient extends ClientProxy<KafkaBusClientEvents> {
  private readonly emitter = new EventEmitter();
  private readonly log: LoggerService;
  private readonly prefix: string;
  private readonly pending = new Map<string, (packet: WritePacket) => void>();
  private readonly knownTopics = new Set<string>();
  /** Topics made (or found) by emit, each a promise that stays, so emits keep their order. */
  private readonly ensured = new Map<string, Promise<void>>();
  /** The last publishAll batch handed to the producer queue (they enter it in order). */
  private publishing: Promise<void> = Promise.resolve();
  private kafka?: Kafka;
  private admin?: Admin;
  private producer?: ProducerQueue;
  private connecting?: Promise<void>;
  private replies?: Promise<{ consumer: Consumer; topic: string }>;

  constructor(private readonly options: KafkaBusClientOptions) {
    super();
    this.log = options.logger ?? new Logger('KafkaBusClient');
    this.prefix = options.topicPrefix ?? '';
  }

  async connect(): Promise<Kafka> {
    if (!this.connecting) {
      this.connecting = this.open().catch((error: unknown) => {
        this.connecting = undefined;
        throw error;
      });
    }
    await this.connecting;
    return this.kafka as Kafka;
  }

  /** Disconnects; requests still waiting fail with `Connection closed`. Events already emitted are sent first. */
  async close(): Promise<void> {
    for (const deliver of [...this.pending.values()]) deliver({ err: new Error('Connection closed'), isDisposed: true });
    const connecting = this.connecting;
    const replies = this.replies;
    this.connecting = undefined;
    this.replies = undefined;
    if (!connecting) return;
    await connecting.catch(() => undefined);
    const reply = await replies?.catch(() => undefined);
    if (reply) {
      await reply.consumer.disconnect();
      await this.admin?.deleteTopics({ topics: [reply.topic] }).catch((error: unknown) => this.log.warn(`Could not delete reply topic ${reply.topic}: ${errorMessage(error)}`));
    }
    await this.producer?.drain();
    await this.producer?.producer.disconnect();
    await this.admin?.disconnect();
    this.producer = this.admin = this.kafka = undefined;
    this.knownTopics.clear();
    this.ensured.clear();
    this._status$.next('disconnected');
    this.emitter.emit('close');
  }

  override on<EventKey extends keyof KafkaBusClientEvents = keyof KafkaBusClientEvents, EventCallback extends KafkaBusClientEvents[EventKey] = KafkaBusClientEvents[EventKey]>(
    event: EventKey,
    callback: EventCallback,
  ): void {
    this.emitter.on(event, callback);
  }

  /** The kafkajs client (after connect). */
  unwrap<T>(): T {
    if (!this.kafka) throw new Error('Not initialized. Please call the "connect" method first.');
    return this.kafka as unknown as T;
  }

  /** The topic this client reads its replies from (after its first request). */
  async replyTopic(): Promise<string> {
    return (await this.replyConsumer()).topic;
  }

  override send<TResult = any, TInput = any>(pattern: any, data: TInput): Observable<TResult> {
    if (data === null || data === undefined) return super.send(pattern, data);
    let payload: SerializedPayload;
    try {
      payload = SerializedPayload.of(data);
    } catch (error) {
      return throwError(() => error);
    }
    return super.send<TResult>(pattern, payload);
  }

  override emit<TResult = any, TInput = any>(pattern: any, data: TInput): Observable<TResult> {
    if (data === null || data === undefined) return super.emit(pattern, data);
    let event: SerializedEvent;
    try {
      event = SerializedEvent.of(this.normalizePattern(pattern), data);
    } catch (error) {
      return throwError(() => error);
    }
    return super.emit<TResult>(pattern, event);
  }

  protected publish(packet: ReadPacket, callback: (packet: WritePacket) => void): () => void {
    const pattern = this.normalizePattern(packet.pattern);
    const id = randomUUID();
    let timer: NodeJS.Timeout | undefined;
    const finish = (): void => {
      this.pending.delete(id);
      if (timer) clearTimeout(timer);
    };
    const deliver = (reply: WritePacket): void => {
      if (!this.pending.has(id)) return;
      if (reply.err !== undefined || reply.isDisposed) finish();
      callback(reply);
    };
    this.pending.set(id, deliver);
    const timeoutMs = this.options.requestTimeoutMs;
    if (timeoutMs !== undefined && timeoutMs > 0) {
      timer = setTimeout(() => deliver({ err: new TimeoutError({ meta: { pattern }, seen: 0, lastValue: null }), isDisposed: true }), timeoutMs);
    }
    this.sendRequest(pattern, packet.data, id, timeoutMs).catch((err: unknown) => deliver({ err, isDisposed: true }));
    return finish;
  }

  protected async dispatchEvent<T = any>(packet: ReadPacket): Promise<T> {
    const pattern = this.normalizePattern(packet.pattern);
    const topic = topicOf(this.prefix, pattern);
    const event = packet.data instanceof SerializedEvent ? packet.data : SerializedEvent.of(pattern, packet.data);
    const { json: value, key, eventId } = event;
    await this.ensureTopic(topic);
    const headers: IHeaders = eventId ? { [KafkaBusHeaders.eventId]: eventId } : {};
    await this.queue().send(topic, { key, value: value ?? null, headers });
    return undefined as T;
  }

  /**
   * Publishes integration events in the order given, as `emit` would each (same topics, keys,
   * headers, JSON), and resolves once the broker acknowledged every one of them. For a relay
   * handing over a batch: one promise for the batch instead of an observable and a promise an
   * event, each event serialized once.
   */
  async publishAll(events: ReadonlyArray<{ pattern: string; data: unknown }>): Promise<void> {
    const messages: Array<{ topic: string; message: { key: string; value: string | null; headers: IHeaders } }> = new Array(events.length);
    // A batch holds few patterns: each topic is named (and checked) once.
    const topics = new Map<string, string>();
    for (let i = 0; i < events.length; i++) {
      const { pattern, data } = events[i];
      let topic = topics.get(pattern);
      if (topic === undefined) topics.set(pattern, (topic = topicOf(this.prefix, pattern)));
      const eventId = eventIdOf(data);
      messages[i] = { topic, message: { key: eventKeyOf(pattern, data), value: JSON.stringify(data) ?? null, headers: eventId ? { [KafkaBusHeaders.eventId]: eventId } : {} } };
    }
    // Batches enter the producer queue in the order they were handed over, even when an earlier
    // one still waits for a new topic: a later batch must not pass it on a shared partition.
    let acked: Promise<void> = Promise.resolve();
    const enqueued = this.publishing.then(async () => {
      for (const topic of topics.values()) await this.ensureTopic(topic);
      acked = this.queue().sendAll(messages);
    });
    this.publishing = enqueued.catch(() => undefined);
    await enqueued;
    await acked;
  }

  private async sendRequest(pattern: string, data: unknown, id: string, timeoutMs: number | undefined): Promise<void> {
    const topic = topicOf(this.prefix, pattern);
    const value = toJson(data);
    await this.connect();
    if (!(await this.topicExists(topic))) throw new KafkaNoMessageHandlerError(pattern);
    const { topic: replyTopic } = await this.replyConsumer();
    if (!this.pending.has(id)) return; // timed out or cancelled meanwhile
    const headers: IHeaders = { [KafkaBusHeaders.correlationId]: id, [KafkaBusHeaders.replyTopic]: replyTopic };
    if (timeoutMs !== undefined && timeoutMs > 0) headers[KafkaBusHeaders.deadline] = String(Date.now() + timeoutMs);
    await this.queue().send(topic, { value: value ?? null, headers });
  }

  private async open(): Promise<void> {
    const kafka = createKafka(this.options, 'credit-bank-client', this.log);
    const admin = kafka.admin();
    await admin.connect();
    const producer = kafka.producer(IDEMPOTENT_PRODUCER);
    await producer.connect();
    this.kafka = kafka;
    this.admin = admin;
    this.producer = new ProducerQueue(producer, {
      renew: async () => {
        const fresh = kafka.producer(IDEMPOTENT_PRODUCER);
        await fresh.connect();
        return fresh;
      },
    });
    this._status$.next('connected');
    this.emitter.emit('connect');
  }

  private queue(): ProducerQueue {
    if (!this.producer) throw new Error('Connection closed');
    return this.producer;
  }

  /** The reply topic and its consumer, made on the first request (an emit-only client has none). */
  private replyConsumer(): Promise<{ consumer: Consumer; topic: string }> {
    if (!this.replies) {
      this.replies = this.openReplies().catch((error: unknown) => {
        this.replies = undefined;
        throw error;
      });
    }
    return this.replies;
  }

  private async openReplies(): Promise<{ consumer: Consumer; topic: string }> {
    await this.connect();
    const instance = randomUUID();
    const topic = topicOf(this.prefix, `_replies.${instance}`);
    await ensureTopicsWith(this.admin as Admin, [topic], {
      partitions: 1,
      replicationFactor: this.options.replicationFactor,
      configs: { 'retention.ms': String(this.options.replyRetentionMs ?? 3_600_000) },
    });
    const kafka = this.kafka as Kafka;
    const replies = { consumer: undefined as unknown as Consumer, topic };
    replies.consumer = await startKeptConsumer({
      create: () => kafka.consumer({ groupId: `${topic}.group`, maxWaitTimeInMs: 1000 }),
      // A fresh topic read from its start: a reply written before the group joined is not missed.
      subscribe: { topics: [topic], fromBeginning: true },
      run: { eachMessage: (payload) => this.onReply(payload) },
      replaced: (consumer) => (replies.consumer = consumer),
      closing: () => this.connecting === undefined,
      log: this.log,
    });
    return replies;
  }

  private async onReply({ message }: EachMessagePayload): Promise<void> {
    const id = headerOf(message.headers, KafkaBusHeaders.correlationId);
    const deliver = id === undefined ? undefined : this.pending.get(id);
    if (!deliver) return;
    let reply: ReplyPacket;
    try {
      reply = fromJson(message.value) as ReplyPacket;
    } catch (error) {
      deliver({ err: { status: 'error', message: `Malformed reply: ${errorMessage(error)}` }, isDisposed: true });
      return;
    }
    if (reply.err !== undefined && reply.err !== null) deliver({ err: reply.err, isDisposed: true });
    else deliver({ response: reply.response, isDisposed: true });
  }

  /** Creates the topic if missing (events are kept for services that subscribe later). */
  private ensureTopic(topic: string): Promise<void> {
    let ensured = this.ensured.get(topic);
    if (!ensured) {
      ensured = (async () => {
        await this.connect();
        await ensureTopicsWith(this.admin as Admin, [topic], { partitions: this.options.partitions, replicationFactor: this.options.replicationFactor });
        this.knownTopics.add(topic);
      })();
      ensured.catch(() => this.ensured.delete(topic));
      this.ensured.set(topic, ensured);
    }
    return ensured;
  }

  private async topicExists(topic: string): Promise<boolean> {
    if (this.knownTopics.has(topic)) return true;
    const topics = await (this.admin as Admin).listTopics();
    if (!topics.includes(topic)) return false;
    this.knownTopics.add(topic);
    return true;
  }
}
