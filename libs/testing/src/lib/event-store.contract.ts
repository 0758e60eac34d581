import { ConcurrencyError, EventMetadata, EventStore, ExpectedRevision, NewEvent, RecordedEvent, Subscription } from '@credit-bank/kernel';
import { randomUUID } from 'node:crypto';

/** What an adapter's test hands the contract for each test: a store, and how to dispose of it. */
export interface EventStoreUnderTest {
  store: EventStore;
  /** Closes the store and removes whatever the factory created (files, databases). */
  cleanup(): Promise<void>;
}

export type EventStoreFactory = () => Promise<EventStoreUnderTest>;

/** A NewEvent with complete metadata (a fresh eventId each call). */
export function newTestEvent(type: string, data: object = {}, metadata: Partial<EventMetadata> = {}): NewEvent {
  const correlationId = randomUUID();
  return {
    type,
    data,
    metadata: {
      eventId: randomUUID(),
      schemaVersion: 1,
      correlationId,
      causationId: correlationId,
      actor: 'system',
      occurredAt: new Date().toISOString(),
      ...metadata,
    },
  };
}

/** `count` events `${prefix}0`, `${prefix}1`, … with `{ n }` as data. */
export function newTestEvents(count: number, prefix = 'Thing'): NewEvent[] {
  return Array.from({ length: count }, (_, n) => newTestEvent(`${prefix}${n}`, { n }));
}

/** A stream id no other test uses. */
function uniqueStreamId(prefix = 'contract.stream'): string {
  return `${prefix}-${randomUUID()}`;
}

/** Polls `predicate` until it is true; fails after `timeoutMs`. */
async function waitUntil(predicate: () => boolean | Promise<boolean>, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(5);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject, it resolved');
}

/** Handler that records every batch, and the batches themselves, in order. */
function recorder(): { events: RecordedEvent[]; batches: RecordedEvent[][]; handler: (batch: RecordedEvent[]) => Promise<void> } {
  const events: RecordedEvent[] = [];
  const batches: RecordedEvent[][] = [];
  return {
    events,
    batches,
    handler: async (batch) => {
      batches.push(batch);
      events.push(...batch);
    },
  };
}

export interface EventStoreContractOptions {
  /**
   * Positions of consecutive appends are consecutive integers (no gaps). True for stores that
   * number events themselves (SQLite); a store with sparse positions (log offsets) sets false and
   * is only held to strictly increasing positions.
   */
  contiguousPositions?: boolean;
}

/**
 * The behaviour every `EventStore` adapter must have. Call it from the adapter's test file:
 *
 * ```ts
 * eventStoreContract('SqliteEventStore', async () => ({ store, cleanup }));
 * ```
 *
 * The factory runs before each test and `cleanup` after it. The store need not be empty (tests
 * use fresh stream ids and positions relative to the head they find) but nothing else may write
 * to it while a test runs.
 */
export function eventStoreContract(adapterName: string, factory: EventStoreFactory, contractOptions: EventStoreContractOptions = {}): void {
  const contiguous = contractOptions.contiguousPositions ?? true;

  describe(`EventStore contract: ${adapterName}`, () => {
    let subject: EventStoreUnderTest;
    let store: EventStore;
    let subscriptions: Subscription[];

    const subscribe = (...args: Parameters<EventStore['subscribeToAll']>): Subscription => {
      const subscription = store.subscribeToAll(...args);
      subscriptions.push(subscription);
      return subscription;
    };

    beforeEach(async () => {
      subject = await factory();
      store = subject.store;
      subscriptions = [];
    });

    afterEach(async () => {
      await Promise.all(subscriptions.map((s) => s.stop()));
      await subject.cleanup();
    });

    function expectIncreasing(positions: number[]): void {
      for (let i = 1; i < positions.length; i++) {
        if (contiguous) expect(positions[i]).toBe(positions[i - 1] + 1);
        else expect(positions[i]).toBeGreaterThan(positions[i - 1]);
      }
    }

    describe('append and readStream', () => {
      it('appends to a new stream and reads back type, data, metadata, revisions 0..n and increasing positions', async () => {
        const streamId = uniqueStreamId();
        const events = [
          newTestEvent('AccountRegistered', { accountId: 'a-1', name: '张三', tags: ['x', 'y'], nested: { ok: true, n: 1.5, none: null } }),
          newTestEvent('MobileVerified', { mobile: '+8613800000000' }, { actor: 'a-1', extra: { source: 'sms' } }),
          newTestEvent('PasswordChanged', {}),
        ];
        const head = await store.headPosition();

        const result = await store.append(streamId, events, { expectedRevision: 'no_stream' });
        const read = await store.readStream(streamId);

        expect(read).toHaveLength(3);
        read.forEach((recorded, i) => {
          expect(recorded.streamId).toBe(streamId);
          expect(recorded.revision).toBe(i);
          expect(typeof recorded.position).toBe('number');
          expect(recorded.position).toBeGreaterThan(head);
          expect(recorded.type).toBe(events[i].type);
          expect(recorded.data).toEqual(events[i].data);
          expect(recorded.metadata).toEqual(events[i].metadata);
        });
        expectIncreasing(read.map((e) => e.position));
        expect(result).toEqual({ nextRevision: 2, position: read[2].position });
      });

      it('continues revisions on later appends with the revision just read', async () => {
        const streamId = uniqueStreamId();
        const first = await store.append(streamId, newTestEvents(2), { expectedRevision: 'no_stream' });
        expect(first.nextRevision).toBe(1);
        const second = await store.append(streamId, newTestEvents(3, 'More'), { expectedRevision: first.nextRevision });
        expect(second.nextRevision).toBe(4);
        expect(second.position).toBeGreaterThan(first.position);

        const read = await store.readStream(streamId);
        expect(read.map((e) => e.revision)).toEqual([0, 1, 2, 3, 4]);
        expect(read.map((e) => e.type)).toEqual(['Thing0', 'Thing1', 'More0', 'More1', 'More2']);
        expectIncreasing(read.map((e) => e.position));
      });

      it("accepts 'any' on a new and on an existing stream, 'stream_exists' on an existing one", async () => {
        const streamId = uniqueStreamId();
        expect((await store.append(streamId, [newTestEvent('A')], { expectedRevision: 'any' })).nextRevision).toBe(0);
        expect((await store.append(streamId, [newTestEvent('B')], { expectedRevision: 'any' })).nextRevision).toBe(1);
        expect((await store.append(streamId, [newTestEvent('C')], { expectedRevision: 'stream_exists' })).nextRevision).toBe(2);
        expect((await store.readStream(streamId)).map((e) => e.type)).toEqual(['A', 'B', 'C']);
      });

      it('reads a stream from a revision', async () => {
        const streamId = uniqueStreamId();
        await store.append(streamId, newTestEvents(5), { expectedRevision: 'no_stream' });
        const read = await store.readStream(streamId, 3);
        expect(read.map((e) => e.revision)).toEqual([3, 4]);
        expect(await store.readStream(streamId, 5)).toEqual([]);
      });

      it('reads a missing stream as []', async () => {
        expect(await store.readStream(uniqueStreamId('contract.missing'))).toEqual([]);
      });

      it('keeps streams apart', async () => {
        const a = uniqueStreamId();
        const b = uniqueStreamId();
        await store.append(a, [newTestEvent('InA')], { expectedRevision: 'no_stream' });
        await store.append(b, [newTestEvent('InB')], { expectedRevision: 'no_stream' });
        expect((await store.readStream(a)).map((e) => [e.type, e.revision])).toEqual([['InA', 0]]);
        expect((await store.readStream(b)).map((e) => [e.type, e.revision])).toEqual([['InB', 0]]);
      });
    });

    describe('expected revision', () => {
      const conflicts: Array<{ name: string; existing: number; expected: ExpectedRevision }> = [
        { name: "'no_stream' on an existing stream", existing: 2, expected: 'no_stream' },
        { name: "'stream_exists' on a missing stream", existing: 0, expected: 'stream_exists' },
        { name: 'a number on a missing stream', existing: 0, expected: 0 },
        { name: 'a revision behind the stream', existing: 3, expected: 1 },
        { name: 'a revision ahead of the stream', existing: 2, expected: 5 },
        { name: 'the event count instead of the last revision', existing: 2, expected: 2 },
      ];

      it.each(conflicts)('refuses $name with ConcurrencyError and writes nothing', async ({ existing, expected }) => {
        const streamId = uniqueStreamId();
        if (existing > 0) await store.append(streamId, newTestEvents(existing), { expectedRevision: 'no_stream' });
        const before = await store.readStream(streamId);
        const head = await store.headPosition();

        const error = await rejectionOf(store.append(streamId, newTestEvents(2, 'Refused'), { expectedRevision: expected }));

        expect(error).toBeInstanceOf(ConcurrencyError);
        expect((error as ConcurrencyError).code).toBe('EVENT_STORE.WRONG_EXPECTED_REVISION');
        expect((error as ConcurrencyError).streamId).toBe(streamId);
        expect(await store.readStream(streamId)).toEqual(before);
        expect(await store.headPosition()).toBe(head);
      });

      it('lets exactly one of two concurrent appends with the same expected revision win', async () => {
        const streamId = uniqueStreamId();
        await store.append(streamId, [newTestEvent('Created')], { expectedRevision: 'no_stream' });

        const results = await Promise.allSettled([
          store.append(streamId, [newTestEvent('First')], { expectedRevision: 0 }),
          store.append(streamId, [newTestEvent('Second')], { expectedRevision: 0 }),
        ]);

        const won = results.filter((r) => r.status === 'fulfilled');
        const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(lost[0].reason).toBeInstanceOf(ConcurrencyError);
        const read = await store.readStream(streamId);
        expect(read.map((e) => e.revision)).toEqual([0, 1]);
        expect(['First', 'Second']).toContain(read[1].type);
      });

      it("lets exactly one of many concurrent 'no_stream' appends create the stream", async () => {
        const streamId = uniqueStreamId();
        const results = await Promise.allSettled(
          Array.from({ length: 10 }, (_, i) => store.append(streamId, [newTestEvent(`Claim${i}`)], { expectedRevision: 'no_stream' })),
        );
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConcurrencyError);
        expect(await store.readStream(streamId)).toHaveLength(1);
      });

      it('a refused append does not affect concurrent appends to other streams', async () => {
        const taken = uniqueStreamId();
        await store.append(taken, [newTestEvent('Taken')], { expectedRevision: 'no_stream' });
        const others = Array.from({ length: 5 }, () => uniqueStreamId());

        const results = await Promise.allSettled([
          store.append(others[0], [newTestEvent('Ok')], { expectedRevision: 'no_stream' }),
          store.append(others[1], [newTestEvent('Ok')], { expectedRevision: 'no_stream' }),
          store.append(taken, [newTestEvent('Refused')], { expectedRevision: 'no_stream' }),
          store.append(others[2], [newTestEvent('Ok')], { expectedRevision: 'any' }),
          store.append(others[3], [newTestEvent('Ok')], { expectedRevision: 'no_stream' }),
          store.append(others[4], [newTestEvent('Ok')], { expectedRevision: 'no_stream' }),
        ]);

        expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled']);
        expect((results[2] as PromiseRejectedResult).reason).toBeInstanceOf(ConcurrencyError);
        for (const id of others) expect((await store.readStream(id)).map((e) => e.type)).toEqual(['Ok']);
        expect((await store.readStream(taken)).map((e) => e.type)).toEqual(['Taken']);
      });
    });

    describe('readAll and headPosition', () => {
      it('reads every stream in global order', async () => {
        const start = await store.headPosition();
        const a = uniqueStreamId();
        const b = uniqueStreamId();
        await store.append(a, [newTestEvent('A0')], { expectedRevision: 'no_stream' });
        await store.append(b, [newTestEvent('B0'), newTestEvent('B1')], { expectedRevision: 'no_stream' });
        await store.append(a, [newTestEvent('A1')], { expectedRevision: 0 });

        const all = await store.readAll({ after: start });

        expect(all.map((e) => [e.streamId, e.type, e.revision])).toEqual([
          [a, 'A0', 0],
          [b, 'B0', 0],
          [b, 'B1', 1],
          [a, 'A1', 1],
        ]);
        expect(all[0].position).toBeGreaterThan(start);
        expectIncreasing(all.map((e) => e.position));
        expect(await store.headPosition()).toBe(all[3].position);
      });

      it('reads after a position (exclusive) and with a limit', async () => {
        const start = await store.headPosition();
        await store.append(uniqueStreamId(), newTestEvents(6), { expectedRevision: 'no_stream' });
        const all = await store.readAll({ after: start });
        expect(all).toHaveLength(6);

        const afterSecond = await store.readAll({ after: all[1].position });
        expect(afterSecond.map((e) => e.position)).toEqual(all.slice(2).map((e) => e.position));

        const page = await store.readAll({ after: all[1].position, limit: 2 });
        expect(page.map((e) => e.type)).toEqual(['Thing2', 'Thing3']);

        expect(await store.readAll({ after: all[5].position })).toEqual([]);
        expect(await store.readAll({ after: start, limit: 1 })).toEqual([all[0]]);
      });

      it('reads from the start when after is 0 or absent', async () => {
        await store.append(uniqueStreamId(), newTestEvents(2), { expectedRevision: 'no_stream' });
        const fromStart = await store.readAll();
        expect(fromStart.length).toBeGreaterThanOrEqual(2);
        expect(await store.readAll({ after: 0 })).toEqual(fromStart);
        expect(fromStart[0].position).toBeGreaterThanOrEqual(1);
      });

      it('reports the head position: 0 when empty, else the position of the last event', async () => {
        const empty = (await store.readAll({ limit: 1 })).length === 0;
        if (empty) expect(await store.headPosition()).toBe(0);
        const result = await store.append(uniqueStreamId(), newTestEvents(3), { expectedRevision: 'no_stream' });
        expect(await store.headPosition()).toBe(result.position);
      });

      it('persists many concurrent appends to different streams with unique positions', async () => {
        const start = await store.headPosition();
        const count = 200;
        const streams = Array.from({ length: count }, () => uniqueStreamId('contract.many'));

        const results = await Promise.all(streams.map((id, i) => store.append(id, [newTestEvent('Many', { i })], { expectedRevision: 'no_stream' })));

        const positions = results.map((r) => r.position);
        expect(new Set(positions).size).toBe(count);
        const all = await store.readAll({ after: start });
        expect(all).toHaveLength(count);
        expect(all.map((e) => e.position).sort((x, y) => x - y)).toEqual([...positions].sort((x, y) => x - y));
        expectIncreasing(all.map((e) => e.position));
        if (contiguous) expect(all.map((e) => e.position)).toEqual(Array.from({ length: count }, (_, i) => start + 1 + i));
        for (const [i, id] of streams.entries()) {
          const recorded = all.find((e) => e.position === results[i].position);
          expect(recorded).toMatchObject({ streamId: id, revision: 0, type: 'Many', data: { i } });
        }
      });
    });

    describe('subscribeToAll', () => {
      it('delivers history, then live events, in order and in batches', async () => {
        const start = await store.headPosition();
        const history = uniqueStreamId();
        await store.append(history, newTestEvents(7, 'Old'), { expectedRevision: 'no_stream' });
        const seen = recorder();

        const subscription = subscribe({ after: start, batchSize: 3, handler: seen.handler });
        await waitUntil(() => seen.events.length === 7, 5000, 'history');

        const live = uniqueStreamId();
        await store.append(live, newTestEvents(2, 'New'), { expectedRevision: 'no_stream' });
        await store.append(history, [newTestEvent('Old7')], { expectedRevision: 6 });
        await waitUntil(() => seen.events.length === 10, 5000, 'live events');

        expect(seen.events.map((e) => e.type)).toEqual(['Old0', 'Old1', 'Old2', 'Old3', 'Old4', 'Old5', 'Old6', 'New0', 'New1', 'Old7']);
        expect(seen.events.every((e) => e.position > start)).toBe(true);
        expectIncreasing(seen.events.map((e) => e.position));
        expect(seen.batches.every((b) => b.length >= 1 && b.length <= 3)).toBe(true);
        expect(subscription.position).toBe(seen.events[9].position);
        expect(seen.events[9]).toEqual((await store.readStream(history, 7))[0]);
      });

      it('never runs the handler concurrently, even when appends arrive while it works', async () => {
        const start = await store.headPosition();
        let inFlight = 0;
        let maxInFlight = 0;
        const positions: number[] = [];
        subscribe({
          after: start,
          batchSize: 2,
          handler: async (batch) => {
            inFlight++;
            maxInFlight = Math.max(maxInFlight, inFlight);
            await delay(5);
            positions.push(...batch.map((e) => e.position));
            inFlight--;
          },
        });
        for (let i = 0; i < 10; i++) {
          await store.append(uniqueStreamId(), newTestEvents(1 + (i % 3)), { expectedRevision: 'no_stream' });
          if (i % 3 === 0) await delay(3);
        }
        const head = await store.headPosition();
        await waitUntil(() => positions[positions.length - 1] === head, 5000, 'every event');

        expect(maxInFlight).toBe(1);
        expect(positions).toEqual((await store.readAll({ after: start })).map((e) => e.position));
      });

      it('resumes from a checkpoint without duplicates or gaps', async () => {
        const start = await store.headPosition();
        await store.append(uniqueStreamId(), newTestEvents(4, 'Before'), { expectedRevision: 'no_stream' });
        const first = recorder();
        const subscription = subscribe({ after: start, handler: first.handler });
        await waitUntil(() => first.events.length === 4, 5000, 'first run');
        await subscription.stop();
        const checkpoint = subscription.position;
        expect(checkpoint).toBe(first.events[3].position);

        await store.append(uniqueStreamId(), newTestEvents(3, 'While'), { expectedRevision: 'no_stream' });
        await delay(20);
        expect(first.events).toHaveLength(4); // stopped: nothing more delivered

        const second = recorder();
        const resumed = subscribe({ after: checkpoint, handler: second.handler });
        await waitUntil(() => second.events.length === 3, 5000, 'resumed history');
        await store.append(uniqueStreamId(), newTestEvents(2, 'After'), { expectedRevision: 'no_stream' });
        await waitUntil(() => second.events.length === 5, 5000, 'resumed live events');

        expect(second.events.map((e) => e.type)).toEqual(['While0', 'While1', 'While2', 'After0', 'After1']);
        const all = await store.readAll({ after: start });
        expect([...first.events, ...second.events].map((e) => e.position)).toEqual(all.map((e) => e.position));
        expect(resumed.position).toBe(all[all.length - 1].position);
      });

      it('stop() resolves only after the in-flight handler call has finished', async () => {
        const start = await store.headPosition();
        let started = false;
        let finished = false;
        const subscription = subscribe({
          after: start,
          handler: async () => {
            started = true;
            await delay(50);
            finished = true;
          },
        });
        await store.append(uniqueStreamId(), [newTestEvent('Slow')], { expectedRevision: 'no_stream' });
        await waitUntil(() => started, 5000, 'the handler to start');

        await subscription.stop();

        expect(finished).toBe(true);
        expect(subscription.position).toBe(await store.headPosition());
      });

      it('reports a throwing handler to onError and stops the subscription', async () => {
        const start = await store.headPosition();
        const failure = new Error('projection failed');
        const errors: unknown[] = [];
        let calls = 0;
        const ok = await store.append(uniqueStreamId(), [newTestEvent('Fine')], { expectedRevision: 'no_stream' });
        const subscription = subscribe({
          after: start,
          batchSize: 1,
          handler: async (batch) => {
            calls++;
            if (batch[0].type === 'Poison') throw failure;
          },
          onError: (error) => errors.push(error),
        });
        await store.append(uniqueStreamId(), [newTestEvent('Poison')], { expectedRevision: 'no_stream' });
        await waitUntil(() => errors.length > 0, 5000, 'onError');

        expect(errors).toEqual([failure]);
        expect(subscription.position).toBe(ok.position);
        await store.append(uniqueStreamId(), [newTestEvent('Later')], { expectedRevision: 'no_stream' });
        await delay(50);
        expect(calls).toBe(2);
        expect(errors).toHaveLength(1);
        await subscription.stop(); // stopping a failed subscription still resolves
      });

      it('delivers nothing and stays at its start position when there is nothing after it', async () => {
        await store.append(uniqueStreamId(), newTestEvents(2), { expectedRevision: 'no_stream' });
        const head = await store.headPosition();
        const seen = recorder();
        const subscription = subscribe({ after: head, handler: seen.handler });
        await delay(30);
        expect(seen.events).toEqual([]);
        expect(subscription.position).toBe(head);
        await subscription.stop();
      });
    });
  });
}
