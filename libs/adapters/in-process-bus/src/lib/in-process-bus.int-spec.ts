import { DomainError } from '@credit-bank/kernel';
import { RpcErrorsFilter } from '@credit-bank/platform';
import { busContract } from '@credit-bank/testing';
import { Controller, DynamicModule, INestMicroservice, Module, UseFilters } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import { firstValueFrom, lastValueFrom, TimeoutError } from 'rxjs';
import { InProcessBroker, NO_MESSAGE_HANDLER, NoMessageHandlerError, DuplicateMessageHandlerError } from './in-process.broker';
import { InProcessClient } from './in-process.client';
import { InProcessContext } from './in-process.context';
import { IN_PROCESS_TRANSPORT, InProcessServer } from './in-process.server';

busContract('InProcessBroker (NestJS custom transport)', async () => {
  const broker = new InProcessBroker({ logger: false });
  return {
    createServer: () => new InProcessServer(broker),
    createClient: () => new InProcessClient(broker),
    cleanup: () => broker.drain(),
  };
});

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitUntil(predicate: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await delay(2);
  }
}

/** What the test services saw. */
const seen = {
  events: [] as Array<{ n: number; attempt: number; pattern: string }>,
  failuresLeft: 0,
  running: 0,
  maxRunning: 0,
  reset() {
    this.events = [];
    this.failuresLeft = 0;
    this.running = 0;
    this.maxRunning = 0;
  },
};

@Controller()
class TestController {
  @MessagePattern('test.echo.v1')
  echo(@Payload() data: unknown, @Ctx() context: InProcessContext) {
    return { data, pattern: context.getPattern(), isInProcess: context instanceof InProcessContext };
  }

  @MessagePattern({ cmd: 'sum', version: 1 })
  sum(@Payload() data: number[]) {
    return data.reduce((a, b) => a + b, 0);
  }

  @MessagePattern('test.never.v1')
  never() {
    return new Promise(() => undefined);
  }

  @MessagePattern('test.domain-error.v1')
  @UseFilters(RpcErrorsFilter)
  domainError() {
    throw new DomainError('LEDGER.ACHIEVEMENT_ALREADY_SUBMITTED', 'conflict', 'Already submitted', { achievementId: 'a-1' });
  }

  @EventPattern('test.flaky.v1')
  async flaky(@Payload() data: { n: number }, @Ctx() context: InProcessContext) {
    seen.running++;
    seen.maxRunning = Math.max(seen.maxRunning, seen.running);
    try {
      await delay(1);
      seen.events.push({ n: data.n, attempt: context.getAttempt(), pattern: context.getPattern() });
      if (seen.failuresLeft > 0) {
        seen.failuresLeft--;
        throw new Error('flaky handler failed');
      }
    } finally {
      seen.running--;
    }
  }
}

@Module({ controllers: [TestController] })
class TestModule {}

describe('In-process bus specifics', () => {
  let broker: InProcessBroker;
  let apps: INestMicroservice[];
  let clients: InProcessClient[];

  async function start(module: DynamicModule | typeof TestModule = TestModule, server = new InProcessServer(broker)): Promise<INestMicroservice> {
    const app = await NestFactory.createMicroservice(module, { strategy: server, logger: false });
    apps.push(app);
    await app.listen();
    return app;
  }

  function client(options?: ConstructorParameters<typeof InProcessClient>[1]): InProcessClient {
    const c = new InProcessClient(broker, options);
    clients.push(c);
    return c;
  }

  beforeEach(() => {
    broker = new InProcessBroker({ logger: false, eventRetryDelayMs: 1 });
    apps = [];
    clients = [];
    seen.reset();
  });

  afterEach(async () => {
    for (const c of clients) await c.close();
    for (const app of apps.reverse()) await app.close();
  });

  describe('request-reply', () => {
    it('fails a request to an unknown pattern with Nest’s message and the pattern', async () => {
      await start();
      const error = await firstValueFrom(client().send('test.unknown.v1', {})).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NoMessageHandlerError);
      expect((error as Error).message).toBe(`${NO_MESSAGE_HANDLER} Pattern: test.unknown.v1`);
    });

    it('gives handlers an InProcessContext with the pattern', async () => {
      await start();
      expect(await firstValueFrom(client().send('test.echo.v1', { a: 1 }))).toEqual({ data: { a: 1 }, pattern: 'test.echo.v1', isInProcess: true });
    });

    it('routes object patterns as Nest normalizes them', async () => {
      await start();
      expect(await firstValueFrom(client().send({ version: 1, cmd: 'sum' }, [1, 2, 3]))).toBe(6);
    });

    it('carries a DomainError turned into an ErrorPayload by the platform filter (what the gateway expects)', async () => {
      await start();
      const error = await firstValueFrom(client().send('test.domain-error.v1', {})).catch((e: unknown) => e);
      expect(DomainError.isPayload(error)).toBe(true);
      expect(error).toEqual({ code: 'LEDGER.ACHIEVEMENT_ALREADY_SUBMITTED', kind: 'conflict', message: 'Already submitted', details: { achievementId: 'a-1' } });
    });

    it('refuses a second server for a request pattern already answered, until the first closes', async () => {
      const first = await start();
      const second = new InProcessServer(broker, { name: 'second-identity' });
      await expect(start(TestModule, second)).rejects.toBeInstanceOf(DuplicateMessageHandlerError);
      await expect(firstValueFrom(client().send('test.echo.v1', 1))).resolves.toMatchObject({ data: 1 });
      await first.close();
      apps = apps.filter((a) => a !== first);
      await expect(firstValueFrom(client().send('test.echo.v1', 2))).rejects.toBeInstanceOf(NoMessageHandlerError);
      await start();
      await expect(firstValueFrom(client().send('test.echo.v1', 3))).resolves.toMatchObject({ data: 3 });
    });

    it('times out when asked to, with rxjs’ TimeoutError', async () => {
      await start();
      const error = await firstValueFrom(client({ requestTimeoutMs: 30 }).send('test.never.v1', {})).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TimeoutError);
    });

    it('fails requests still waiting when the client closes', async () => {
      await start();
      const c = client();
      const pending = firstValueFrom(c.send('test.never.v1', {})).catch((e: unknown) => e);
      await delay(5);
      await c.close();
      expect(await pending).toEqual(new Error('Connection closed'));
    });

    it('serializes the payload when send is called', async () => {
      await start();
      const data = { v: 'before' };
      const reply = firstValueFrom(client().send('test.echo.v1', data));
      data.v = 'after';
      expect(await reply).toMatchObject({ data: { v: 'before' } });
    });

    it('fails to send a payload that JSON cannot carry', async () => {
      await start();
      const circular: Record<string, unknown> = {};
      circular['self'] = circular;
      await expect(firstValueFrom(client().send('test.echo.v1', circular))).rejects.toThrow(/circular/i);
      await expect(lastValueFrom(client().emit('test.flaky.v1', { n: BigInt(1) }))).rejects.toThrow(/BigInt/);
    });

    it('never runs a handler inside the caller’s stack', () => {
      const calls: string[] = [];
      broker.registerRequestHandler('raw.v1', (_data, reply) => {
        calls.push('handler');
        reply({ response: 1, isDisposed: true });
      });
      broker.request('raw.v1', '{}', () => calls.push('reply'));
      expect(calls).toEqual([]);
    });
  });

  describe('events', () => {
    it('never runs a consumer inside the publisher’s stack', async () => {
      const calls: number[] = [];
      broker.subscribe('raw.event.v1', async (data) => {
        calls.push(JSON.parse(data as string) as number);
      });
      broker.publish('raw.event.v1', '1');
      broker.publish('raw.event.v1', '2');
      expect(calls).toEqual([]);
      await broker.drain();
      expect(calls).toEqual([1, 2]);
    });

    it('retries a failed delivery, then moves on, one event at a time and in order', async () => {
      await start();
      seen.failuresLeft = 2;
      const c = client();
      for (let n = 0; n < 5; n++) await lastValueFrom(c.emit('test.flaky.v1', { n }), { defaultValue: undefined });
      await broker.drain();
      expect(seen.events).toEqual([
        { n: 0, attempt: 1, pattern: 'test.flaky.v1' },
        { n: 0, attempt: 2, pattern: 'test.flaky.v1' },
        { n: 0, attempt: 3, pattern: 'test.flaky.v1' },
        { n: 1, attempt: 1, pattern: 'test.flaky.v1' },
        { n: 2, attempt: 1, pattern: 'test.flaky.v1' },
        { n: 3, attempt: 1, pattern: 'test.flaky.v1' },
        { n: 4, attempt: 1, pattern: 'test.flaky.v1' },
      ]);
      expect(seen.maxRunning).toBe(1);
    });

    it('gives an event up after the last attempt and keeps delivering the next ones', async () => {
      await start();
      seen.failuresLeft = 3;
      const c = client();
      await lastValueFrom(c.emit('test.flaky.v1', { n: 0 }), { defaultValue: undefined });
      await lastValueFrom(c.emit('test.flaky.v1', { n: 1 }), { defaultValue: undefined });
      await broker.drain();
      expect(seen.events.map((e) => [e.n, e.attempt])).toEqual([
        [0, 1],
        [0, 2],
        [0, 3],
        [1, 1],
      ]);
    });

    it('keeps events published before a service started and delivers them when it does', async () => {
      const c = client();
      await lastValueFrom(c.emit('test.flaky.v1', { n: 1 }), { defaultValue: undefined });
      await lastValueFrom(c.emit('test.flaky.v1', { n: 2 }), { defaultValue: undefined });
      await start();
      await lastValueFrom(c.emit('test.flaky.v1', { n: 3 }), { defaultValue: undefined });
      await waitUntil(() => seen.events.length === 3);
      expect(seen.events.map((e) => e.n)).toEqual([1, 2, 3]);
    });

    it('keeps nothing for late subscribers when retention is 0', async () => {
      broker = new InProcessBroker({ logger: false, retainedEventsPerPattern: 0 });
      const c = client();
      await lastValueFrom(c.emit('test.flaky.v1', { n: 1 }), { defaultValue: undefined });
      await start();
      await lastValueFrom(c.emit('test.flaky.v1', { n: 2 }), { defaultValue: undefined });
      await broker.drain();
      expect(seen.events.map((e) => e.n)).toEqual([2]);
    });

    it('keeps at most the configured number of events per pattern', async () => {
      broker = new InProcessBroker({ logger: false, retainedEventsPerPattern: 3 });
      for (let n = 0; n < 10; n++) broker.publish('test.flaky.v1', JSON.stringify({ n }));
      await start();
      await broker.drain();
      expect(seen.events.map((e) => e.n)).toEqual([7, 8, 9]);
    });

    it('stops delivering to a closed server', async () => {
      const app = await start();
      await app.close();
      apps = [];
      await lastValueFrom(client().emit('test.flaky.v1', { n: 1 }), { defaultValue: undefined });
      await broker.drain();
      await delay(10);
      expect(seen.events).toEqual([]);
      expect(broker.eventPatterns().size).toBe(0);
      expect(broker.requestPatterns().size).toBe(0);
    });
  });

  describe('transport', () => {
    it('reports its status, its transport id and its broker', async () => {
      const server = new InProcessServer(broker, { name: 'identity' });
      const statuses: string[] = [];
      server.status.subscribe((s) => statuses.push(s));
      expect(server.transportId).toBe(IN_PROCESS_TRANSPORT);
      expect(server.unwrap<InProcessBroker>()).toBe(broker);
      await start(TestModule, server);
      expect(broker.requestPatterns().get('test.echo.v1')).toBe('identity');
      expect(broker.eventPatterns().get('test.flaky.v1')).toEqual(['identity']);
      await apps.pop()?.close();
      expect(statuses).toEqual(['connected', 'disconnected']);

      const c = client();
      const clientStatuses: string[] = [];
      c.status.subscribe((s) => clientStatuses.push(s));
      await c.connect();
      await c.close();
      expect(clientStatuses).toEqual(['connected', 'disconnected']);
      expect(c.unwrap<InProcessBroker>()).toBe(broker);
    });
  });
});
