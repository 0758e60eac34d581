import { correlationIdOf, jsonDepthExceeds, MAX_JSON_DEPTH } from './hardening';

describe('jsonDepthExceeds', () => {
  const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

  it('counts objects and arrays, and stops at the limit', () => {
    expect(jsonDepthExceeds(nested(MAX_JSON_DEPTH), MAX_JSON_DEPTH)).toBe(false);
    expect(jsonDepthExceeds(nested(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH)).toBe(true);
    expect(jsonDepthExceeds(`${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`, MAX_JSON_DEPTH)).toBe(true);
    // Siblings do not add up: depth, not count.
    expect(jsonDepthExceeds(`[${Array.from({ length: 100 }, () => '{"a":[1]}').join(',')}]`, 3)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonDepthExceeds(JSON.stringify({ text: '[[[[[[{{{{{' }), 2)).toBe(false);
    expect(jsonDepthExceeds(JSON.stringify({ text: 'a \\" [[[[[ " {{{{' }), 2)).toBe(false);
    // A string ending in an escaped backslash ends there: the brackets after it count.
    expect(jsonDepthExceeds(JSON.stringify({ a: 'back\\', b: [[[1]]] }), 3)).toBe(true);
  });
});

describe('correlationIdOf', () => {
  it('keeps a short id of [A-Za-z0-9._:-], and makes a new UUID for anything else', () => {
    expect(correlationIdOf({ headers: { 'x-correlation-id': 'order-42:retry.1_a' } })).toBe('order-42:retry.1_a');
    expect(correlationIdOf({ headers: { 'x-correlation-id': 'x'.repeat(64) } })).toBe('x'.repeat(64));
    for (const bad of ['x'.repeat(65), 'x'.repeat(8192), 'a b', 'a\nb', '<script>', '', '日本']) {
      expect(correlationIdOf({ headers: { 'x-correlation-id': bad } })).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(correlationIdOf({ headers: {} })).toMatch(/^[0-9a-f-]{36}$/);
    expect(correlationIdOf({ headers: { 'x-correlation-id': ['a', 'b'] as never } })).toMatch(/^[0-9a-f-]{36}$/);
  });
});
