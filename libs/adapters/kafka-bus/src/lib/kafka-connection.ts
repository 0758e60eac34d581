import { Logger, LoggerService } from '@nestjs/common';
import { Admin, Consumer, ConsumerRunConfig, ConsumerSubscribeTopics, ITopicConfig, Kafka, KafkaConfig, logCreator, logLevel, Message, Partitioners, Producer, ProducerConfig } from 'kafkajs';

/** What servers and clients of the Kafka bus share in their options. */
export interface KafkaConnectionOptions {
  /** `host:port` of the bootstrap brokers, or a comma-separated string (as in `KAFKA_BROKERS`). */
  brokers: string[] | string;
  /** The Kafka client id (for broker logs and quotas). */
  clientId?: string;
  /**
   * Put before every topic name (a namespace: tests use one per run so that runs on a shared
   * broker do not meet). Default none: topics are the patterns themselves.
   */
  topicPrefix?: string;
  /** Partitions of the topics this bus creates when they are missing. Default 3. */
  partitions?: number;
  /** Replication factor of created topics. Default -1: the broker's `default.replication.factor`. */
  replicationFactor?: number;
  /** kafkajs log level for its own messages, sent to the Nest logger. Default WARN. */
  logLevel?: logLevel;
  /** Where kafkajs and the transport log. Default a Nest Logger. */
  logger?: LoggerService;
  /** Anything else for `new Kafka(...)` (ssl, sasl, connectionTimeout…). */
  kafka?: Omit<KafkaConfig, 'brokers' | 'clientId' | 'logLevel' | 'logCreator'>;
}

export function brokerList(brokers: string[] | string): string[] {
  const list = (Array.isArray(brokers) ? brokers : brokers.split(','))
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
  if (!list.length) throw new Error('Kafka bus: no brokers given (KAFKA_BROKERS is empty)');
  return list;
}

/** kafkajs logs through the Nest logger, one line per entry. */
function nestLogCreator(logger: LoggerService): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      const { message, timestamp: _timestamp, logger: _name, ...extra } = log;
      const details = Object.keys(extra).length ? ` ${JSON.stringify(extra)}` : '';
      const line = `[${namespace}] ${message}${details}`;
      if (level === logLevel.ERROR) logger.error(line);
      else if (level === logLevel.WARN) logger.warn(line);
      else if (level === logLevel.INFO) logger.log(line);
      else logger.debug?.(line);
    };
}

export function createKafka(options: KafkaConnectionOptions, defaultClientId: string, logger: LoggerService): Kafka {
  return new Kafka({
    ...options.kafka,
    clientId: options.clientId ?? defaultClientId,
    brokers: brokerList(options.brokers),
    logLevel: options.logLevel ?? logLevel.WARN,
    logCreator: nestLogCreator(logger),
  });
}

/**
 * The producer settings of the bus: idempotent (the broker drops a retried duplicate of a batch),
 * acknowledged by all in-sync replicas (`acks: -1`, set on every send), one request in flight per
 * broker connection (kafkajs' idempotent producer loses sequence order with more; Kafka allows ≤ 5),
 * unbounded retries (kafkajs' requirement for idempotence), topics never created by producing.
 */
export const IDEMPOTENT_PRODUCER: ProducerConfig = {
  idempotent: true,
  maxInFlightRequests: 1,
  allowAutoTopicCreation: false,
  createPartitioner: Partitioners.DefaultPartitioner,
};

export const ACKS_ALL = -1;

export interface EnsureTopicsOptions {
  partitions?: number;
  replicationFactor?: number;
  /** Topic configs, e.g. `{ 'retention.ms': '3600000' }`. */
  configs?: Record<string, string>;
  /** How long to wait for the new topics' partition leaders, ms. Default 30 000. */
  timeoutMs?: number;
}

/**
 * Creates the topics that do not exist yet (with `partitions`, default 3); existing topics are
 * left as they are. Safe to call from several processes at once.
 */
export async function ensureTopicsWith(admin: Admin, topics: Iterable<string>, options: EnsureTopicsOptions = {}): Promise<void> {
  const wanted = [...new Set(topics)];
  if (!wanted.length) return;
  const existing = new Set(await admin.listTopics());
  const missing = wanted.filter((t) => !existing.has(t));
  if (!missing.length) return;
  const configEntries = Object.entries(options.configs ?? {}).map(([name, value]) => ({ name, value }));
  const topicConfigs: ITopicConfig[] = missing.map((topic) => ({
    topic,
    numPartitions: options.partitions ?? 3,
    replicationFactor: options.replicationFactor ?? -1,
    configEntries,
  }));
  try {
    // kafkajs' own waitForLeaders gives up on UNKNOWN_TOPIC_OR_PARTITION while a busy broker is
    // still propagating the new topics' metadata, so the wait is done here.
    await admin.createTopics({ topics: topicConfigs, waitForLeaders: false });
  } catch (error) {
    // Another process created some of them in between: fine, they will show up below.
    if (!isAlreadyExists(error)) throw error;
  }
  await waitForLeaders(admin, missing, options.timeoutMs ?? 30_000);
}

function isAlreadyExists(error: unknown): boolean {
  const e = error as { type?: string; errors?: Array<{ type?: string }> };
  return e?.type === 'TOPIC_ALREADY_EXISTS' || (Array.isArray(e?.errors) && e.errors.every((x) => x?.type === 'TOPIC_ALREADY_EXISTS'));
}

/** Until every partition of the topics has a leader (metadata errors meanwhile are expected). */
async function waitForLeaders(admin: Admin, topics: string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const { topics: found } = await admin.fetchTopicMetadata({ topics });
      if (found.length === topics.length && found.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0))) return;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Kafka bus: topics ${topics.join(', ')} have no leader after ${timeoutMs} ms${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** `ensureTopics(brokers, topics, partitions)`: the admin helper for scripts and tests. */
export async function ensureTopics(brokers: string[] | string, topics: Iterable<string>, partitions = 3, options: Omit<EnsureTopicsOptions, 'partitions'> = {}): Promise<void> {
  const kafka = new Kafka({ clientId: 'credit-bank-admin', brokers: brokerList(brokers), logLevel: logLevel.ERROR, logCreator: nestLogCreator(new Logger('KafkaAdmin')) });
  const admin = kafka.admin();
  await admin.connect();
  try {
    await ensureTopicsWith(admin, topics, { ...options, partitions });
  } finally {
    await admin.disconnect();
  }
}

interface Queued {
  topic: string;
  message: Message;
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * One idempotent producer and the order of what it sends: messages are queued and sent in
 * batches, one batch at a time (`sendBatch` with acks from all), so a burst of emits becomes few
 * produce requests while a single message leaves at once. Each `send` resolves when the broker
 * acknowledged the batch holding it.
 */
export interface ProducerQueueOptions {
  /**
   * Makes a new connected producer. After a batch fails (the broker went away mid-send), the queue
   * replaces its producer before the next batch: an idempotent producer whose sequence numbers
   * went out of step with the broker's (OUT_OF_ORDER_SEQUENCE_NUMBER, UNKNOWN_PRODUCER_ID) would
   * otherwise fail every later send.
   */
  renew?: () => Promise<Producer>;
  maxBatchMessages?: number;
  maxBatchBytes?: number;
}

export class ProducerQueue {
  private queue: Queued[] = [];
  private flushing?: Promise<void>;
  private current: Producer;
  private broken = false;
  private readonly maxBatchMessages: number;
  private readonly maxBatchBytes: number;

  constructor(
    producer: Producer,
    private readonly options: ProducerQueueOptions = {},
  ) {
    this.current = producer;
    this.maxBatchMessages = options.maxBatchMessages ?? 500;
    this.maxBatchBytes = options.maxBatchBytes ?? 512 * 1024;
  }

  /** The producer in use (replaced after a failed batch when a `renew` was given). */
  get producer(): Producer {
    return this.current;
  }

  private async renewIfBroken(): Promise<void> {
    if (!this.broken || !this.options.renew) return;
    const old = this.current;
    this.current = await this.options.renew();
    this.broken = false;
    await old.disconnect().catch(() => undefined);
  }

  send(topic: string, message: Message): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ topic, message, resolve, reject });
      this.kick();
    });
  }

  /**
   * Queues every message, in order, behind what is queued already; resolves once the broker
   * acknowledged all of them (one promise, not one a message), rejects with the first failure.
   */
  sendAll(messages: ReadonlyArray<{ topic: string; message: Message }>): Promise<void> {
    if (messages.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      let left = messages.length;
      let failed = false;
      const done = () => {
        if (--left === 0 && !failed) resolve();
      };
      const fail = (error: unknown) => {
        if (failed) return;
        failed = true;
        reject(error);
      };
      for (const { topic, message } of messages) this.queue.push({ topic, message, resolve: done, reject: fail });
      this.kick();
    });
  }

  /**
   * Starts a flush unless one runs. A message queued after a flush's last look at the queue but
   * before it finished is picked up by the flush started when that one ends.
   */
  private kick(): void {
    if (this.flushing) return;
    this.flushing = this.flush().finally(() => {
      this.flushing = undefined;
      if (this.queue.length) this.kick();
    });
  }

  /** Resolves when everything queued so far was sent (or failed). */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async flush(): Promise<void> {
    while (this.queue.length) {
      const batch = this.take();
      const byTopic = new Map<string, Message[]>();
      for (const q of batch) {
        const list = byTopic.get(q.topic);
        if (list) list.push(q.message);
        else byTopic.set(q.topic, [q.message]);
      }
      try {
        await this.renewIfBroken();
        await this.current.sendBatch({ acks: ACKS_ALL, topicMessages: [...byTopic].map(([topic, messages]) => ({ topic, messages })) });
        for (const q of batch) q.resolve();
      } catch (error) {
        this.broken = true;
        for (const q of batch) q.reject(error);
      }
    }
  }

  private take(): Queued[] {
    let bytes = 0;
    let n = 0;
    while (n < this.queue.length && n < this.maxBatchMessages) {
      const value = this.queue[n].message.value;
      const size = (value ? (typeof value === 'string' ? Buffer.byteLength(value) : value.length) : 0) + 64;
      if (n > 0 && bytes + size > this.maxBatchBytes) break;
      bytes += size;
      n++;
    }
    return this.queue.splice(0, n);
  }
}

export interface KeptConsumerOptions {
  create: () => Consumer;
  subscribe: ConsumerSubscribeTopics;
  run: ConsumerRunConfig;
  /** Told of each replacement consumer (so that shutdown disconnects the current one). */
  replaced: (consumer: Consumer) => void;
  /** True once the owner is closing: no replacement is started then. */
  closing: () => boolean;
  log: LoggerService;
  /** First wait before a replacement, doubled after each failed attempt up to 30 s. Default 1 s. */
  restartDelayMs?: number;
}

/**
 * Starts a consumer and keeps one running. kafkajs restarts a crashed consumer by itself only after
 * retriable errors; after a non-retriable one — "Failed to find group coordinator" while a broker
 * restarts is one — it stays stopped for good, and the service would stop taking messages. Then a
 * new consumer with the same group and subscription replaces it, after a delay, until one runs.
 */
export async function startKeptConsumer(options: KeptConsumerOptions): Promise<Consumer> {
  const start = async (): Promise<Consumer> => {
    const consumer = options.create();
    consumer.on(consumer.events.CRASH, (event) => {
      const { error, groupId, restart } = event.payload;
      if (restart || options.closing()) return; // kafkajs restarts it itself, or we are closing
      options.log.warn(`Consumer of ${groupId} stopped (${errorMessage(error)}); a new one takes over`);
      const replace = async (delay: number): Promise<void> => {
        await new Promise((resolve) => setTimeout(resolve, delay).unref());
        if (options.closing()) return;
        await consumer.disconnect().catch(() => undefined);
        try {
          options.replaced(await start());
          options.log.log(`Consumer of ${groupId} running again`);
        } catch (failure) {
          options.log.warn(`Consumer of ${groupId} could not start again (${errorMessage(failure)}); retrying`);
          await replace(Math.min(30_000, delay * 2));
        }
      };
      void replace(options.restartDelayMs ?? 1000);
    });
    await consumer.connect();
    await consumer.subscribe(options.subscribe);
    await consumer.run(options.run);
    return consumer;
  };
  return start();
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
