import { ConcurrencyError } from '@credit-bank/kernel';
import { newTestEvent } from '@credit-bank/testing';
import { ANY, NO_STREAM, START, STREAM_EXISTS, WrongExpectedVersionError } from '@eventstore/db-client';
import {
  afterToReadPosition,
  assertIncreasing,
  checkExpectedRevision,
  EsdbRecordedEventLike,
  isSystemEvent,
  MAX_POSITION,
  positionToNumber,
  revisionToNumber,
  toEsdbExpectedRevision,
  toEventData,
  toKernelError,
  toRecordedEvent,
} from './esdb-mapping';
import { eventStoreDbAvailability } from './eventstoredb-test-server';

describe('EventStoreDB mapping (pure parts, no server)', () => {
  describe('expected revision', () => {
    it('maps the named expectations to the client constants', () => {
      expect(toEsdbExpectedRevision('any')).toBe(ANY);
      expect(toEsdbExpectedRevision('no_stream')).toBe(NO_STREAM);
      expect(toEsdbExpectedRevision('stream_exists')).toBe(STREAM_EXISTS);
    });

    it('maps a revision number to a bigint, and -1 to no_stream', () => {
      expect(toEsdbExpectedRevision(0)).toBe(0n);
      expect(toEsdbExpectedRevision(41)).toBe(41n);
      expect(toEsdbExpectedRevision(-1)).toBe(NO_STREAM);
    });

    it.each([-2, 1.5, Number.NaN, Number.MAX_SAFE_INTEGER + 1, '3', null, undefined])('refuses %p', (value) => {
      expect(() => toEsdbExpectedRevision(value as never)).toThrow(TypeError);
    });
  });

  describe('positions', () => {
    it('uses the commit position, which equals the prepare position for gRPC appends', () => {
      expect(positionToNumber({ commit: 1234n, prepare: 1234n })).toBe(1234);
      expect(positionToNumber({ commit: BigInt(MAX_POSITION), prepare: BigInt(MAX_POSITION) })).toBe(MAX_POSITION);
    });

    it('refuses positions it cannot carry exactly or that are unknown', () => {
      const big = BigInt(MAX_POSITION) + 1n;
      expect(() => positionToNumber({ commit: big, prepare: big })).toThrow(/2\^53/);
      expect(() => positionToNumber(undefined)).toThrow(/22\.6/);
      expect(() => positionToNumber({ commit: 2n ** 64n - 1n, prepare: 10n })).toThrow(/22\.6/);
    });

    it('refuses events of legacy explicit transactions (shared commit position)', () => {
      expect(() => positionToNumber({ commit: 500n, prepare: 420n })).toThrow(/explicit transactions/);
    });

    it('reads from the start for 0 or no position, else from the (after, after) pair', () => {
      expect(afterToReadPosition(undefined)).toBe(START);
      expect(afterToReadPosition(0)).toBe(START);
      expect(afterToReadPosition(9876)).toEqual({ commit: 9876n, prepare: 9876n });
      expect(() => afterToReadPosition(-1)).toThrow(TypeError);
      expect(() => afterToReadPosition(1.5)).toThrow(TypeError);
    });

    it('round-trips: the read position of a mapped position is that position', () => {
      for (const n of [1, 77, 2 ** 40, MAX_POSITION]) {
        expect(positionToNumber(afterToReadPosition(n) as { commit: bigint; prepare: bigint })).toBe(n);
      }
    });

    it('checks that positions strictly increase', () => {
      const event = { streamId: 's', revision: 0, position: 10, type: 'T', data: {}, metadata: newTestEvent('T').metadata };
      expect(() => assertIncreasing(9, event)).not.toThrow();
      expect(() => assertIncreasing(10, event)).toThrow(/strictly increase/);
    });

    it('converts revisions and refuses unsafe ones', () => {
      expect(revisionToNumber(0n)).toBe(0);
      expect(revisionToNumber(12n)).toBe(12);
      expect(() => revisionToNumber(2n ** 60n)).toThrow(RangeError);
    });
  });

  describe('events', () => {
    it('writes a JSON event with our metadata and the metadata eventId as event id', () => {
      const event = newTestEvent('AccountRegistered', { name: '张三', at: new Date('2024-05-06T07:08:09.000Z') as unknown as string }, { extra: { source: 'sms' } });
      const data = toEventData(event);
      expect(data).toMatchObject({ type: 'AccountRegistered', contentType: 'application/json', id: event.metadata.eventId });
      expect(data.data).toEqual({ name: '张三', at: '2024-05-06T07:08:09.000Z' });
      expect(data.metadata).toEqual(event.metadata);
      // A copy: later changes of the caller's object do not change what is written.
      (event.data as { name: string }).name = 'changed';
      expect((data.data as { name: string }).name).toBe('张三');
    });

    it('generates an event id when the metadata eventId is not a UUID', () => {
      const data = toEventData(newTestEvent('T', {}, { eventId: 'not-a-uuid' }));
      expect(data.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(data.metadata).toMatchObject({ eventId: 'not-a-uuid' });
    });

    it.each([
      ['an empty type', { ...newTestEvent('T'), type: '' }],
      ['a system type', newTestEvent('$metadata')],
      ['array data', { ...newTestEvent('T'), data: [] as unknown as object }],
      ['null data', { ...newTestEvent('T'), data: null as unknown as object }],
      ['no metadata', { ...newTestEvent('T'), metadata: undefined as never }],
    ])('refuses an event with %s', (_what, event) => {
      expect(() => toEventData(event, 3)).toThrow(/events\[3\]/);
    });

    function recorded(overrides: Partial<EsdbRecordedEventLike> = {}): EsdbRecordedEventLike {
      const event = newTestEvent('MobileVerified', { mobile: '+8613800000000' });
      return { streamId: 'identity.account-1', revision: 4n, type: event.type, isJson: true, data: event.data, metadata: event.metadata, position: { commit: 4242n, prepare: 4242n }, ...overrides };
    }

    it('reads an event back with revision and position as numbers', () => {
      const source = recorded();
      expect(toRecordedEvent(source)).toEqual({ streamId: 'identity.account-1', revision: 4, position: 4242, type: 'MobileVerified', data: source.data, metadata: source.metadata });
    });

    it('hides system streams, system event types and links', () => {
      expect(isSystemEvent('$stats-127.0.0.1:2113', 'StatsCollected')).toBe(true);
      expect(isSystemEvent('$$identity.account-1', '$metadata')).toBe(true);
      expect(isSystemEvent('identity.account-1', '$>')).toBe(true);
      expect(isSystemEvent('identity.account-1', 'AccountRegistered')).toBe(false);
      expect(toRecordedEvent(recorded({ streamId: '$scavenges' }))).toBeUndefined();
      expect(toRecordedEvent(recorded({ type: '$>' }))).toBeUndefined();
    });

    it('refuses events it did not write: binary data or metadata', () => {
      expect(() => toRecordedEvent(recorded({ isJson: false, data: new Uint8Array([1]) }))).toThrow(/not a JSON event/);
      expect(() => toRecordedEvent(recorded({ metadata: new Uint8Array([1]) }))).toThrow(/metadata/);
      expect(() => toRecordedEvent(recorded({ metadata: undefined }))).toThrow(/metadata/);
    });
  });

  describe('errors', () => {
    it('maps WrongExpectedVersionError to ConcurrencyError with our stream id and expectation', () => {
      const wrong = new WrongExpectedVersionError(undefined, { streamName: 'ledger.achievement-1', expected: 3n, current: 5n });
      const mapped = toKernelError(wrong, 'ledger.achievement-1', 3);
      expect(mapped).toBeInstanceOf(ConcurrencyError);
      expect(mapped).toMatchObject({ code: 'EVENT_STORE.WRONG_EXPECTED_REVISION', kind: 'conflict', streamId: 'ledger.achievement-1', expected: 3, actual: 5 });
    });

    it('maps a missing stream in WrongExpectedVersionError to no_stream', () => {
      const wrong = new WrongExpectedVersionError(undefined, { streamName: 's', expected: STREAM_EXISTS as never, current: NO_STREAM as never });
      expect(toKernelError(wrong, 's', 'stream_exists')).toMatchObject({ streamId: 's', expected: 'stream_exists', actual: 'no_stream' });
    });

    it('leaves other errors unchanged', () => {
      const other = new Error('unavailable');
      expect(toKernelError(other, 's', 'any')).toBe(other);
    });

    it('decides expectations for an empty append like the server does', () => {
      expect(checkExpectedRevision('s', 'any', -1)).toBeUndefined();
      expect(checkExpectedRevision('s', 'no_stream', -1)).toBeUndefined();
      expect(checkExpectedRevision('s', 'no_stream', 0)).toBeInstanceOf(ConcurrencyError);
      expect(checkExpectedRevision('s', 'stream_exists', -1)).toBeInstanceOf(ConcurrencyError);
      expect(checkExpectedRevision('s', 'stream_exists', 2)).toBeUndefined();
      expect(checkExpectedRevision('s', 2, 2)).toBeUndefined();
      expect(checkExpectedRevision('s', 1, 2)).toMatchObject({ expected: 1, actual: 2 });
      expect(checkExpectedRevision('s', 0, -1)).toMatchObject({ actual: 'no_stream' });
    });
  });

  describe('test-server discovery', () => {
    it('prefers EVENTSTORE_URL, then a Docker engine, else says why there is none', () => {
      expect(eventStoreDbAvailability({ EVENTSTORE_URL: 'esdb://h:2113?tls=false' })).toEqual({ kind: 'url', url: 'esdb://h:2113?tls=false' });
      expect(eventStoreDbAvailability({ DOCKER_HOST: 'tcp://h:2375' })).toEqual({ kind: 'docker' });
      const none = eventStoreDbAvailability({ HOME: '/nonexistent-home' });
      if (none.kind === 'none') expect(none.reason).toMatch(/EVENTSTORE_URL/);
    });
  });
});
