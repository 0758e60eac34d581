import { EventMetadata, NewEvent } from './events';
import { canonicalJson, chainEvents, confirmStoredHash, eventHash, GENESIS_HASH, storedHash } from './hash-chain';

const meta = (eventId: string): EventMetadata => ({
  eventId,
  schemaVersion: 1,
  correlationId: 'c',
  causationId: 'c',
  actor: 'system',
  occurredAt: '2026-01-02T03:04:05.000Z',
});

describe('canonical JSON (RFC 8785)', () => {
  it('sorts members at every depth, keeps array order, drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined }, 学: '分' })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1,"学":"分"}');
  });
});

describe('hash chain', () => {
  // Vectors computed independently (Python: json.dumps(sort_keys=True, separators=(',', ':'),
  // ensure_ascii=False) + hashlib.sha256), so the documented encoding is checked, not restated.
  it('matches independently computed vectors', () => {
    const data = { zeta: 1, alpha: { b: [1, 2.5, '学分'], a: null }, name: '张三' };
    const h1 = eventHash(GENESIS_HASH, { streamId: 'ledger.achievement-1', revision: 0, type: 'AchievementStored', data, metadata: { ...meta('e-1') } });
    expect(h1).toBe('d579bc234ef2be48137fcae590fb52d0a5f155ff3923774fddae7b20551c308c');
    const h2 = eventHash(h1, { streamId: 'ledger.achievement-1', revision: 1, type: 'AchievementWithdrawn', data: { x: true }, metadata: { ...meta('e-2'), hash: 'ignored' } });
    expect(h2).toBe('1c9808f0ca2e21321a13b0a7c29f0943383542e7995f12b735d8c6b2d23cc428');
  });

  it('changes when any covered part changes', () => {
    const base = { streamId: 's-1', revision: 0, type: 'T', data: { a: 1 }, metadata: { ...meta('e') } };
    const h = eventHash(GENESIS_HASH, base);
    expect(eventHash('1'.repeat(64), base)).not.toBe(h);
    expect(eventHash(GENESIS_HASH, { ...base, streamId: 's-2' })).not.toBe(h);
    expect(eventHash(GENESIS_HASH, { ...base, revision: 1 })).not.toBe(h);
    expect(eventHash(GENESIS_HASH, { ...base, type: 'U' })).not.toBe(h);
    expect(eventHash(GENESIS_HASH, { ...base, data: { a: 2 } })).not.toBe(h);
    expect(eventHash(GENESIS_HASH, { ...base, metadata: { ...meta('e'), actor: 'someone' } })).not.toBe(h);
  });

  it('chains a batch from a predecessor', () => {
    const events: NewEvent[] = [
      { type: 'A', data: { n: 1 }, metadata: meta('1') },
      { type: 'B', data: { n: 2 }, metadata: meta('2') },
    ];
    const chained = chainEvents('s', 5, 'f'.repeat(64), events);
    const first = storedHash(chained[0]) as string;
    expect(first).toBe(eventHash('f'.repeat(64), { streamId: 's', revision: 5, type: 'A', data: { n: 1 }, metadata: { ...meta('1') } }));
    expect(storedHash(chained[1])).toBe(eventHash(first, { streamId: 's', revision: 6, type: 'B', data: { n: 2 }, metadata: { ...meta('2') } }));
    expect(events[0].metadata.hash).toBeUndefined(); // inputs untouched
  });
});

describe('canonical JSON fast and slow paths agree', () => {
  it.each([
    [{ a: 1, b: [1, { c: 2, d: null }] }, '{"a":1,"b":[1,{"c":2,"d":null}]}'],
    [{ b: 1, a: 2 }, '{"a":2,"b":1}'],
    [{ 10: 'x', 2: 'y', a: 'z' }, '{"10":"x","2":"y","a":"z"}'], // integer-like keys sort as strings
    [{ at: new Date('2026-01-01T00:00:00Z') }, '{"at":"2026-01-01T00:00:00.000Z"}'],
    [[undefined, () => 1, Number.NaN], '[null,null,null]'],
    ['学分', '"学分"'],
  ])('%j', (value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('stores canonical copies, so a stored event re-encodes to the same text', () => {
    const [event] = chainEvents('s', 0, GENESIS_HASH, [{ type: 'A', data: { z: 1, a: { y: 2, b: 3 } }, metadata: meta('x') }]);
    expect(JSON.stringify(event.data)).toBe('{"a":{"b":3,"y":2},"z":1}');
  });
});

describe('confirmStoredHash (the auditor fast path)', () => {
  const [event] = chainEvents('s-1', 0, GENESIS_HASH, [{ type: 'A', data: { b: '学', a: [1, 2] }, metadata: meta('x') }]);
  const dataText = JSON.stringify(event.data);
  const metadataText = JSON.stringify(event.metadata);

  it('confirms the stored text the decorator wrote', () => {
    expect(confirmStoredHash(GENESIS_HASH, 's-1', 0, 'A', dataText, metadataText)).toBe(storedHash(event));
  });

  it('does not confirm when anything differs or the text is not in stored form', () => {
    expect(confirmStoredHash(GENESIS_HASH, 's-1', 0, 'A', dataText.replace('学', '字'), metadataText)).toBeUndefined();
    expect(confirmStoredHash(GENESIS_HASH, 's-1', 1, 'A', dataText, metadataText)).toBeUndefined();
    expect(confirmStoredHash('1'.repeat(64), 's-1', 0, 'A', dataText, metadataText)).toBeUndefined();
    expect(confirmStoredHash(GENESIS_HASH, 's-1', 0, 'A', dataText, JSON.stringify({ hash: storedHash(event), ...event.metadata }))).toBeUndefined();
    expect(confirmStoredHash(GENESIS_HASH, 's-1', 0, 'A', dataText, '{}')).toBeUndefined();
  });
});
