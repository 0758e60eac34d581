import { Controller, DynamicModule, Inject, INestMicroservice, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientProxy, CustomTransportStrategy, EventPattern, MessagePattern, Payload, RpcException, Server } from '@nestjs/microservices';
import { randomUUID } from 'node:crypto';
import { lastValueFrom, Observable, of, timeout } from 'rxjs';

/** What an adapter's test hands the contract for each test: a way to make servers and clients on one bus. */
export interface BusUnderTest {
  /** A new server (a Nest custom transport strategy) on the bus under test. */
  createServer(): Server & CustomTransportStrategy;
  /** A new client on the bus under test. */
  createClient(): ClientProxy;
  /** Disposes of the bus (the contract closes its own microservices and clients first). */
  cleanup(): Promise<void>;
}

export type BusFactory = () => Promise<BusUnderTest>;

export interface BusContractOptions {
  /** How long a reply or an event delivery may take before the test fails. Default 10 s. */
  deliveryTimeoutMs?: number;
}

/** The patterns the contract's services use. */
export const BUS_CONTRACT_PATTERNS = {
  quote: 'contract.orders.quote.v1',
  slow: 'contract.orders.slow.v1',
  stream: 'contract.orders.stream.v1',
  conflict: 'contract.orders.conflict.v1',
  crash: 'contract.orders.crash.v1',
  mutate: 'contract.orders.mutate.v1',
  placed: 'contract.orders.placed.v1',
  audited: 'contract.orders.audited.v1',
  unknown: 'contract.nobody.answers.v1',
} as const;

const P = BUS_CONTRACT_PATTERNS;

interface OrderPlaced {
  run: string;
  eventId: string;
  seq: number;
  amount: number;
  tags: string[];
}

interface QuoteRequest {
  items: Array<{ price: number; qty: number }>;
  placedAt: Date | string;
  note?: string;
}

/** What a contract service saw, shared with the test through the module. */
class Recorder {
  readonly events: Array<{ pattern: string; data: OrderPlaced }> = [];
  /** An idempotent projection: the total of the orders, each eventId counted once. */
  readonly applied = new Set<string>();
  total = 0;
  readonly serverState = { items: ['server'], nested: { flag: 'original' } };
  lastMutatedRequest?: unknown;

  received(run: string, pattern: string = P.placed): OrderPlaced[] {
    return this.events.filter((e) => e.pattern === pattern && e.data.run === run).map((e) => e.data);
  }

  apply(event: OrderPlaced): void {
    if (this.applied.has(event.eventId)) return;
    this.applied.add(event.eventId);
    this.total += event.amount;
  }
}

const RECORDER = Symbol('bus-contract/recorder');

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

@Controller()
class OrdersController {
  constructor(@Inject(RECORDER) private readonly recorder: Recorder) {}

  @MessagePattern(P.quote)
  quote(@Payload() request: QuoteRequest) {
    return {
      total: request.items.reduce((sum, item) => sum + item.price * item.qty, 0),
      lines: request.items.length,
      note: request.note?.toUpperCase() ?? null,
      placedAtType: typeof request.placedAt,
      placedAt: request.placedAt,
      quotedAt: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
      missing: undefined,
    };
  }

  @MessagePattern(P.slow)
  async slow(@Payload() data: { n: number; waitMs: number }) {
    await delay(data.waitMs);
    return { n: data.n, doubled: data.n * 2 };
  }

  @MessagePattern(P.stream)
  stream(): Observable<number> {
    return of(1, 2, 3);
  }

  @MessagePattern(P.conflict)
  conflict(@Payload() data: { id: string }) {
    throw new RpcException({ code: 'X.Y', kind: 'conflict', message: `Order ${data.id} already exists` });
  }

  @MessagePattern(P.crash)
  crash(): never {
    throw new Error('internal detail that must not leak');
  }

  @MessagePattern(P.mutate)
  mutate(@Payload() data: { items: string[]; nested: { flag: string } }) {
    data.items.push('changed by the server');
    data.nested.flag = 'changed by the server';
    this.recorder.lastMutatedRequest = data;
    return this.recorder.serverState;
  }

  @EventPattern(P.placed)
  placed(@Payload() event: OrderPlaced) {
    this.recorder.events.push({ pattern: P.placed, data: structuredClone(event) });
    this.recorder.apply(event);
    // Changing what was received must not reach the publisher nor the other services.
    event.amount = -1;
    event.tags.push('changed by orders');
  }

  @EventPattern(P.audited)
  async audited(@Payload() event: OrderPlaced) {
    // A slow handler for the first events must not let later ones overtake it.
    if (event.seq % 7 === 0) await delay(3);
    this.recorder.events.push({ pattern: P.audited, data: structuredClone(event) });
  }
}

@Controller()
class BillingController {
  constructor(@Inject(RECORDER) private readonly recorder: Recorder) {}

  @EventPattern(P.placed)
  async placed(@Payload() event: OrderPlaced) {
    await delay(1);
    this.recorder.events.push({ pattern: P.placed, data: structuredClone(event) });
    this.recorder.apply(event);
  }
}

@Module({})
class OrdersModule {
  static with(recorder: Recorder): DynamicModule {
    return { module: OrdersModule, controllers: [OrdersController], providers: [{ provide: RECORDER, useValue: recorder }] };
  }
}

@Module({})
class BillingModule {
  static with(recorder: Recorder): DynamicModule {
    return { module: BillingModule, controllers: [BillingController], providers: [{ provide: RECORDER, useValue: recorder }] };
  }
}

/**
 * The behaviour every bus adapter must show (in-process, Kafka), through real Nest microservices:
 * request-reply with JSON payloads, errors as the RpcException's object, integration events to
 * every subscribed service in order, duplicates harmless to idempotent handlers, no shared objects.
 */
export function busContract(name: string, factory: BusFactory, options: BusContractOptions = {}): void {
  const deliveryTimeoutMs = options.deliveryTimeoutMs ?? 10_000;

  async function waitUntil(predicate: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + deliveryTimeoutMs;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`Timed out after ${deliveryTimeoutMs} ms waiting for ${what}`);
      await delay(5);
    }
  }

  describe(`Bus contract: ${name}`, () => {
    let bus: BusUnderTest;
    let apps: INestMicroservice[];
    let clients: ClientProxy[];
    let orders: Recorder;
    let billing: Recorder;
    let client: ClientProxy;
    let run: string;

    async function startService(module: DynamicModule): Promise<INestMicroservice> {
      const app = await NestFactory.createMicroservice(module, { strategy: bus.createServer(), logger: false });
      apps.push(app);
      await app.listen();
      return app;
    }

    function newClient(): ClientProxy {
      const c = bus.createClient();
      clients.push(c);
      return c;
    }

    function request<T>(pattern: string, data: unknown, via: ClientProxy = client): Promise<T> {
      return lastValueFrom(via.send<T>(pattern, data).pipe(timeout(deliveryTimeoutMs)));
    }

    function publish(pattern: string, data: unknown, via: ClientProxy = client): Promise<unknown> {
      return lastValueFrom(via.emit(pattern, data).pipe(timeout(deliveryTimeoutMs)), { defaultValue: undefined });
    }

    function orderPlaced(seq: number, amount = 10, eventId: string = randomUUID()): OrderPlaced {
      return { run, eventId, seq, amount, tags: ['original'] };
    }

    beforeEach(async () => {
      bus = await factory();
      apps = [];
      clients = [];
      orders = new Recorder();
      billing = new Recorder();
      run = randomUUID();
      await startService(OrdersModule.with(orders));
      client = newClient();
      await client.connect();
    });

    afterEach(async () => {
      for (const c of clients) await c.close();
      for (const app of apps.reverse()) await app.close();
      await bus.cleanup();
    });

    describe('request-reply', () => {
      it('round-trips a request and its reply, both through JSON', async () => {
        const placedAt = new Date(Date.UTC(2024, 4, 6, 7, 8, 9));
        const reply = await request<Record<string, unknown>>(P.quote, {
          items: [
            { price: 12.5, qty: 2 },
            { price: 3, qty: 1 },
          ],
          placedAt,
          note: 'gift 礼物',
        } satisfies QuoteRequest);
        expect(reply).toEqual({
          total: 28,
          lines: 2,
          note: 'GIFT 礼物',
          // A Date travels as its ISO string, both ways; undefined fields are dropped.
          placedAtType: 'string',
          placedAt: placedAt.toISOString(),
          quotedAt: '2024-01-02T03:04:05.000Z',
        });
        expect('missing' in reply).toBe(false);
      });

      it('waits for an async handler and answers each of many concurrent requests with its own reply', async () => {
        const replies = await Promise.all(
          Array.from({ length: 25 }, (_, n) => request<{ n: number; doubled: number }>(P.slow, { n, waitMs: (25 - n) % 5 })),
        );
        expect(replies).toEqual(Array.from({ length: 25 }, (_, n) => ({ n, doubled: n * 2 })));
      });

      it('answers with the last value of a handler that returns an observable', async () => {
        expect(await request<number>(P.stream, {})).toBe(3);
      });

      it('delivers an RpcException to the client as the error carrying its object', async () => {
        const error = await request(P.conflict, { id: '42' }).catch((e: unknown) => e);
        expect(error).toEqual({ code: 'X.Y', kind: 'conflict', message: 'Order 42 already exists' });
      });

      it('fails a request whose handler crashed, without leaking the error', async () => {
        const error = await request(P.crash, {}).catch((e: unknown) => e);
        expect(error).toBeDefined();
        expect(JSON.stringify(error) ?? '').not.toContain('internal detail');
      });

      it('fails a request that no service answers', async () => {
        await expect(request(P.unknown, { any: 'thing' })).rejects.toBeDefined();
      });

      it('keeps the sender and the server apart: payloads are copies', async () => {
        const input = { items: ['client'], nested: { flag: 'original' } };
        const reply = await request<{ items: string[]; nested: { flag: string } }>(P.mutate, input);
        // The server changed what it received; the sender's object is untouched.
        expect(input).toEqual({ items: ['client'], nested: { flag: 'original' } });
        expect(orders.lastMutatedRequest).toEqual({ items: ['client', 'changed by the server'], nested: { flag: 'changed by the server' } });
        expect(reply).toEqual({ items: ['server'], nested: { flag: 'original' } });
        // The client changes the reply; the server's own object is untouched.
        reply.items.push('changed by the client');
        reply.nested.flag = 'changed by the client';
        expect(orders.serverState).toEqual({ items: ['server'], nested: { flag: 'original' } });
        expect(await request(P.mutate, input)).toEqual({ items: ['server'], nested: { flag: 'original' } });
      });

      it('serves clients other than the first, each getting its own replies', async () => {
        const other = newClient();
        const [a, b] = await Promise.all([
          request<{ n: number }>(P.slow, { n: 1, waitMs: 5 }, client),
          request<{ n: number }>(P.slow, { n: 2, waitMs: 0 }, other),
        ]);
        expect([a.n, b.n]).toEqual([1, 2]);
      });
    });

    describe('events', () => {
      it('delivers each event to every service subscribed to its pattern', async () => {
        await startService(BillingModule.with(billing));
        const events = [orderPlaced(0, 10), orderPlaced(1, 20), orderPlaced(2, 30)];
        for (const event of events) await publish(P.placed, event);
        await waitUntil(() => orders.received(run).length === 3 && billing.received(run).length === 3, 'both services to receive 3 events');
        expect(orders.received(run)).toEqual(events);
        expect(billing.received(run)).toEqual(events);
        expect(orders.total).toBe(60);
        expect(billing.total).toBe(60);
        // Only subscribers get an event: billing has no handler for `audited`.
        await publish(P.audited, orderPlaced(3));
        await waitUntil(() => orders.received(run, P.audited).length === 1, 'the audited event');
        expect(billing.received(run, P.audited)).toEqual([]);
      });

      it('delivers the events of a pattern in the order they were emitted', async () => {
        const events = Array.from({ length: 40 }, (_, seq) => orderPlaced(seq));
        // Emitted without waiting in between.
        await Promise.all(events.map((event) => publish(P.audited, event)));
        await waitUntil(() => orders.received(run, P.audited).length === events.length, `${events.length} audited events`);
        expect(orders.received(run, P.audited).map((e) => e.seq)).toEqual(events.map((e) => e.seq));
      });

      it('delivers a duplicate again, and an idempotent handler ends with the same result', async () => {
        await startService(BillingModule.with(billing));
        const event = orderPlaced(0, 25);
        await publish(P.placed, event);
        await waitUntil(() => orders.received(run).length === 1 && billing.received(run).length === 1, 'the first delivery');
        const once = { orders: orders.total, billing: billing.total };
        await publish(P.placed, event);
        await waitUntil(() => orders.received(run).length === 2 && billing.received(run).length === 2, 'the duplicate delivery');
        expect(orders.received(run)).toEqual([event, event]);
        expect({ orders: orders.total, billing: billing.total }).toEqual(once);
        expect(once).toEqual({ orders: 25, billing: 25 });
      });

      it('hands every service its own copy of an event', async () => {
        await startService(BillingModule.with(billing));
        const event = orderPlaced(0, 10);
        await publish(P.placed, event);
        await waitUntil(() => orders.received(run).length === 1 && billing.received(run).length === 1, 'both deliveries');
        // Orders changed its copy after recording it; billing and the publisher did not see that.
        await delay(20);
        expect(billing.received(run)).toEqual([{ ...event, tags: ['original'] }]);
        expect(event).toEqual({ run, eventId: event.eventId, seq: 0, amount: 10, tags: ['original'] });
      });

      it('accepts events from any client', async () => {
        const other = newClient();
        await publish(P.placed, orderPlaced(0), other);
        await waitUntil(() => orders.received(run).length === 1, 'the event from the second client');
      });
    });
  });
}
