import { describeWithKafka, kafkaBrokers } from '@credit-bank/testing';
import { ArgumentsHost, Catch, Controller, DynamicModule, INestMicroservice, Module, RpcExceptionFilter, UseFilters } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { Admin, Kafka, KafkaMessage, logLevel } from 'kafkajs';
import { randomBytes, randomUUID } from 'node:crypto';
import { firstValueFrom, lastValueFrom, Observable, throwError, TimeoutError } from 'rxjs';
import { KafkaBusClient, KafkaBusClientOptions } from './kafka-bus.client';
import { KafkaBusContext } from './kafka-bus.context';
import { KafkaBusServer, KafkaBusServerOptions } from './kafka-bus.server';
import { KafkaBusHeaders, KafkaNoMessageHandlerError } from './kafka-wire';

const ORDERED = 'test.account-credited.v1';
const POISON = 'test.achievement-stored.v1';
const ECHO = 'test.echo.v1';
const NEVER = 'test.never.v1';

interface StreamEvent {
  eventId: string;
  streamId: string;
  revision: number;
  position: number;
  poison?: boolean;
  amount?: number;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitUntil(predicate: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(10);
  }
}

/** What the test services saw. */
class Seen {
  deliveries: Array<{ instance: string; pattern: string; event: StreamEvent; partition: number; attempt: number }> = [];
  requests: Array<{ instance: string; n: number }> = [];
  /** An idempotent read model: balance per stream, each event applied once (by stream revision). */
  readonly applied = new Map<string, number>();
  readonly balance = new Map<string, number>();

  apply(event: StreamEvent): void {
    const last = this.applied.get(event.streamId) ?? -1;
    if (event.revision <= last) return;
    this.applied.set(event.streamId, event.revision);
    this.balance.set(event.streamId, (this.balance.get(event.streamId) ?? 0) + (event.amount ?? 0));
  }
}

/** Like the platform's RpcErrorsFilter: nothing internal leaves, but the transport is told the original error. */
@Catch()
class HideInternalsFilter implements RpcExceptionFilter<unknown> {
  catch(exception: unknown, host: ArgumentsHost): Observable<unknown> {
    (host.switchToRpc().getContext() as { reportError?: (e: unknown) => void } | undefined)?.reportError?.(exception);
    return throwError(() => ({ code: 'INTERNAL.UNEXPECTED', message: 'The service could not complete the request.' }));
  }
}

const SEEN = Symbol('seen');
const INSTANCE = Symbol('instance');

function serviceModule(seen: Seen, instance: string): DynamicModule {
  @Controller()
  @UseFilters(HideInternalsFilter)
  class TestController {
    @EventPattern(ORDERED)
    async credited(@Payload() event: StreamEvent, @Ctx() ctx: KafkaBusContext) {
      // Uneven handling times: a later event of another stream may finish first, never one of the same stream.
      await delay(event.revision % 3);
      seen.deliveries.push({ instance, pattern: ctx.getPattern(), event, partition: ctx.getPartition(), attempt: ctx.getAttempt() });
      seen.apply(event);
    }

    @EventPattern(POISON)
    stored(@Payload() event: StreamEvent, @Ctx() ctx: KafkaBusContext) {
      seen.deliveries.push({ instance, pattern: ctx.getPattern(), event, partition: ctx.getPartition(), attempt: ctx.getAttempt() });
      if (event.poison) throw new Error(`cannot project ${event.eventId}`);
    }

    @MessagePattern(ECHO)
    async echo(@Payload() data: { n: number; waitMs?: number }) {
      await delay(data.waitMs ?? 0);
      seen.requests.push({ instance, n: data.n });
      return { n: data.n, by: instance };
    }

    @MessagePattern(NEVER)
    never() {
      return new Promise(() => undefined);
    }
  }
  @Module({ controllers: [TestController], providers: [{ provide: SEEN, useValue: seen }, { provide: INSTANCE, useValue: instance }] })
  class TestModule {}
  return { module: TestModule };
}

describeWithKafka('Kafka bus specifics', () => {
  const brokers = kafkaBrokers() as string[];
  const run = `cbtest-${randomBytes(4).toString('hex')}-`;
  let tests = 0;
  let prefix: string;
  let apps: INestMicroservice[];
  let clients: KafkaBusClient[];
  let admin: Admin;
  let kafka: Kafka;

  beforeAll(async () => {
    kafka = new Kafka({ clientId: 'cbtest', brokers, logLevel: logLevel.NOTHING });
    admin = kafka.admin();
    await admin.connect();
  });

  afterAll(async () => {
    const topics = (await admin.listTopics()).filter((t) => t.startsWith(run));
    if (topics.length) await admin.deleteTopics({ topics });
    await admin.disconnect();
  });

  beforeEach(() => {
    prefix = `${run}${++tests}.`;
    apps = [];
    clients = [];
  });

  afterEach(async () => {
    for (const c of clients) await c.close();
    for (const app of apps.reverse()) await app.close();
  });

  async function startService(seen: Seen, instance: string, options: Partial<KafkaBusServerOptions> = {}): Promise<INestMicroservice> {
    const server = new KafkaBusServer({ brokers, topicPrefix: prefix, groupPrefix: prefix, service: 'ledger', logLevel: logLevel.NOTHING, logger: silent, retryDelayMs: 20, shutdownGraceMs: 300, ...options });
    const app = await NestFactory.createMicroservice(serviceModule(seen, instance), { strategy: server, logger: false });
    apps.push(app);
    await app.listen();
    return app;
  }

  function newClient(options: Partial<KafkaBusClientOptions> = {}): KafkaBusClient {
    const c = new KafkaBusClient({ brokers, topicPrefix: prefix, logLevel: logLevel.NOTHING, ...options });
    clients.push(c);
    return c;
  }

  function emit(client: KafkaBusClient, pattern: string, event: StreamEvent): Promise<unknown> {
    return lastValueFrom(client.emit(pattern, event), { defaultValue: undefined });
  }

  /** Reads every message of a topic with a fresh consumer group, until `count` came. */
  async function readTopic(topic: string, count: number): Promise<KafkaMessage[]> {
    const consumer = kafka.consumer({ groupId: `${prefix}reader-${randomUUID()}` });
    const messages: KafkaMessage[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topics: [topic], fromBeginning: true });
      await consumer.run({ eachMessage: async ({ message }) => void messages.push(message) });
      await waitUntil(() => messages.length >= count, `${count} message(s) on ${topic}`);
    } finally {
      await consumer.disconnect();
    }
    return messages;
  }

  function streamEvents(streamId: string, count: number, startPosition = 0): StreamEvent[] {
    return Array.from({ length: count }, (_, revision) => ({ eventId: randomUUID(), streamId, revision, position: startPosition + revision, amount: 10 }));
  }

  it('keys events by stream id: each stream stays in one partition and in order, across partitions', async () => {
    const seen = new Seen();
    await startService(seen, 'a', { partitions: 6, eventPartitionsConcurrently: 6 });
    const client = newClient({ partitions: 6 });
    const streams = Array.from({ length: 12 }, (_, i) => `ledger.achievement-${i}-${randomUUID()}`);
    const perStream = streams.map((s, i) => streamEvents(s, 15, i * 100));
    // Interleaved and without waiting: one account's events still arrive in their order.
    const interleaved = perStream[0].flatMap((_, r) => perStream.map((events) => events[r]));
    await Promise.all(interleaved.map((e) => emit(client, ORDERED, e)));
    await waitUntil(() => seen.deliveries.length === interleaved.length, `${interleaved.length} deliveries`);

    for (const stream of streams) {
      const mine = seen.deliveries.filter((d) => d.event.streamId === stream);
      expect(mine.map((d) => d.event.revision)).toEqual(Array.from({ length: 15 }, (_, r) => r));
      expect(new Set(mine.map((d) => d.partition)).size).toBe(1);
    }
    // The streams were spread over several partitions (12 keys on 6 partitions).
    expect(new Set(seen.deliveries.map((d) => d.partition)).size).toBeGreaterThan(1);
    // And the key on the wire is the stream id.
    const [first] = await readTopic(`${prefix}${ORDERED}`, 1);
    expect(streams).toContain(first.key?.toString());
  });

  it('publishes a batch (publishAll) as emit would each event: same key, eventId header and JSON, each stream in order on one partition', async () => {
    const seen = new Seen();
    await startService(seen, 'a', { partitions: 6, eventPartitionsConcurrently: 6 });
    const client = newClient({ partitions: 6 });
    const streams = Array.from({ length: 8 }, (_, i) => `identity.account-${i}-${randomUUID()}`);
    const perStream = streams.map((s, i) => streamEvents(s, 25, i * 100));
    const interleaved = perStream[0].flatMap((_, r) => perStream.map((events) => events[r]));
    // Two batches handed over without waiting, as the relay does with its batches in flight; the
    // first also names a topic not made yet, and the second must still not pass it.
    await Promise.all([
      client.publishAll([...interleaved.slice(0, 100).map((data) => ({ pattern: ORDERED, data })), { pattern: 'test.other.v1', data: { eventId: randomUUID(), streamId: 'other' } }]),
      client.publishAll(interleaved.slice(100).map((data) => ({ pattern: ORDERED, data }))),
    ]);
    await waitUntil(() => seen.deliveries.length === interleaved.length, `${interleaved.length} deliveries`);
    for (const stream of streams) {
      const mine = seen.deliveries.filter((d) => d.event.streamId === stream);
      expect(mine.map((d) => d.event.revision)).toEqual(Array.from({ length: 25 }, (_, r) => r));
      expect(new Set(mine.map((d) => d.partition)).size).toBe(1);
    }
    const onWire = await readTopic(`${prefix}${ORDERED}`, interleaved.length);
    const byId = new Map(interleaved.map((e) => [e.eventId, e]));
    for (const message of onWire.filter((m) => byId.has(String(m.headers?.[KafkaBusHeaders.eventId])))) {
      const event = byId.get(String(message.headers?.[KafkaBusHeaders.eventId])) as StreamEvent;
      expect(message.key?.toString()).toBe(event.streamId);
      expect(message.value?.toString()).toBe(JSON.stringify(event));
    }
    expect(onWire.filter((m) => byId.has(String(m.headers?.[KafkaBusHeaders.eventId])))).toHaveLength(interleaved.length);
  });

  it('retries a poison event with backoff, then parks it on the dead-letter topic with its error, while later events keep flowing', async () => {
    const seen = new Seen();
    await startService(seen, 'a', { eventDeliveryAttempts: 3, retryDelayMs: 50 });
    const client = newClient();
    const stream = `ledger.achievement-${randomUUID()}`;
    const [good0, poison, good2, good3] = streamEvents(stream, 4);
    poison.poison = true;
    for (const e of [good0, poison, good2, good3]) await emit(client, POISON, e);

    await waitUntil(() => seen.deliveries.some((d) => d.event.eventId === good3.eventId), 'the event after the poison one');
    // Same stream, same partition: the poison event was tried three times, then the next ones came.
    expect(seen.deliveries.map((d) => [d.event.revision, d.attempt])).toEqual([
      [0, 1],
      [1, 1],
      [1, 2],
      [1, 3],
      [2, 1],
      [3, 1],
    ]);

    const [parked] = await readTopic(`${prefix}${POISON}.dlt`, 1);
    const header = (name: string) => parked.headers?.[name]?.toString();
    expect(JSON.parse(parked.value?.toString() ?? 'null')).toEqual(poison);
    expect(parked.key?.toString()).toBe(stream);
    expect(header(KafkaBusHeaders.dltError)).toBe(`cannot project ${poison.eventId}`);
    expect(header(KafkaBusHeaders.dltTopic)).toBe(`${prefix}${POISON}`);
    expect(header(KafkaBusHeaders.dltPartition)).toBe(String(seen.deliveries[1].partition));
    expect(header(KafkaBusHeaders.dltOffset)).toBe('1');
    expect(header(KafkaBusHeaders.dltAttempts)).toBe('3');
    expect(header(KafkaBusHeaders.dltGroup)).toBe(`${prefix}ledger`);
    expect(header(KafkaBusHeaders.eventId)).toBe(poison.eventId);

    // The parked event's offset was committed with the others: a restart does not bring it back.
    await apps.pop()?.close();
    const offsets = await admin.fetchOffsets({ groupId: `${prefix}ledger`, topics: [`${prefix}${POISON}`] });
    const committed = offsets[0].partitions.find((p) => p.partition === seen.deliveries[1].partition);
    expect(committed?.offset).toBe('4');
  });

  it('keeps events published before a service started (a new group reads from the earliest offset)', async () => {
    const client = newClient();
    const events = streamEvents(`identity.account-${randomUUID()}`, 3);
    for (const e of events) await emit(client, ORDERED, e);
    const seen = new Seen();
    await startService(seen, 'late');
    await waitUntil(() => seen.deliveries.length === 3, 'the events published before the start');
    expect(seen.deliveries.map((d) => d.event.eventId)).toEqual(events.map((e) => e.eventId));
  });

  it('hands a redelivered and a replayed event to an idempotent handler, which changes nothing', async () => {
    const seen = new Seen();
    await startService(seen, 'a');
    const client = newClient();
    const stream = `ledger.account-${randomUUID()}`;
    const events = streamEvents(stream, 3);
    for (const e of events) await emit(client, ORDERED, e);
    // The relay publishes again after a crash before its checkpoint: the same events, twice.
    for (const e of events) await emit(client, ORDERED, e);
    await waitUntil(() => seen.deliveries.length === 6, '6 deliveries');
    expect(seen.balance.get(stream)).toBe(30);

    // A replay: the service stops, its group is reset to the beginning, it starts again.
    await apps.pop()?.close();
    await admin.resetOffsets({ groupId: `${prefix}ledger`, topic: `${prefix}${ORDERED}`, earliest: true });
    await startService(seen, 'b');
    await waitUntil(() => seen.deliveries.length === 12, '6 more deliveries after the reset');
    expect(seen.deliveries.filter((d) => d.instance === 'b').map((d) => d.event.eventId)).toEqual([...events, ...events].map((e) => e.eventId));
    expect(seen.balance.get(stream)).toBe(30);
    expect(seen.applied.get(stream)).toBe(2);
  });

  it('answers two gateway-like clients each with its own replies, with the requests shared by two replicas', async () => {
    const seen = new Seen();
    await startService(seen, 'replica-1');
    await startService(seen, 'replica-2');
    // Both replicas in the request group before the requests go, so both get partitions.
    await waitForMembers(`${prefix}ledger.rpc`, 2);
    const gatewayA = newClient({ clientId: 'gateway-a' });
    const gatewayB = newClient({ clientId: 'gateway-b' });
    const ask = (c: KafkaBusClient, n: number) => firstValueFrom(c.send<{ n: number; by: string }>(ECHO, { n, waitMs: n % 4 }));
    const [a, b] = await Promise.all([
      Promise.all(Array.from({ length: 30 }, (_, i) => ask(gatewayA, i))),
      Promise.all(Array.from({ length: 30 }, (_, i) => ask(gatewayB, 1000 + i))),
    ]);
    expect(a.map((r) => r.n)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(b.map((r) => r.n)).toEqual(Array.from({ length: 30 }, (_, i) => 1000 + i));
    expect(await gatewayA.replyTopic()).not.toBe(await gatewayB.replyTopic());
    // Every request handled once, and by both replicas between them.
    expect(seen.requests).toHaveLength(60);
    expect(new Set(seen.requests.map((r) => r.instance))).toEqual(new Set(['replica-1', 'replica-2']));
  });

  it('fails a request to a pattern no service declared at once, and a request left unanswered with a TimeoutError', async () => {
    await startService(new Seen(), 'a');
    const started = Date.now();
    await expect(firstValueFrom(newClient().send('test.nobody.v1', {}))).rejects.toBeInstanceOf(KafkaNoMessageHandlerError);
    expect(Date.now() - started).toBeLessThan(5000);
    const error = await firstValueFrom(newClient({ requestTimeoutMs: 500 }).send(NEVER, {})).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it('fails requests still waiting when the client closes', async () => {
    await startService(new Seen(), 'a');
    const client = newClient();
    await firstValueFrom(client.send(ECHO, { n: 1 }));
    const pending = firstValueFrom(client.send(NEVER, {})).catch((e: unknown) => e);
    await delay(50);
    await client.close();
    expect(await pending).toEqual(new Error('Connection closed'));
  });

  async function waitForMembers(groupId: string, count: number): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const { groups } = await admin.describeGroups([groupId]);
      if (groups[0]?.state === 'Stable' && groups[0].members.length === count) return;
      if (Date.now() > deadline) throw new Error(`group ${groupId} did not reach ${count} members`);
      await delay(100);
    }
  }
});

const silent = { log: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined, verbose: () => undefined };
