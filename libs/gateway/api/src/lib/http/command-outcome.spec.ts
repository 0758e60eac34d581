import { idempotencyKeyOf } from './command-outcome';
import { ProblemException } from './problem';

describe('Idempotency-Key', () => {
  it('takes the client’s well-formed key as it is', () => {
    expect(idempotencyKeyOf('3f2b8c1e-6d1a-4b0e-9a43-0c5c1f0e7a21')).toBe('3f2b8c1e-6d1a-4b0e-9a43-0c5c1f0e7a21');
    expect(idempotencyKeyOf('order:2024.06_30-1')).toBe('order:2024.06_30-1');
    expect(idempotencyKeyOf('k'.repeat(64))).toBe('k'.repeat(64));
  });

  it('makes a new one (a UUID) when the client sent none', () => {
    const made = idempotencyKeyOf(undefined);
    expect(made).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(idempotencyKeyOf(undefined)).not.toBe(made);
  });

  it.each([[''], ['k'.repeat(65)], ['has space'], ['中文键'], ['a/b'], [['a', 'b']]])('refuses %j (400 GATEWAY.IDEMPOTENCY_KEY_INVALID)', (header) => {
    let thrown: unknown;
    try {
      idempotencyKeyOf(header as string | string[]);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ProblemException);
    expect({ status: (thrown as ProblemException).status, code: (thrown as ProblemException).payload.code }).toEqual({ status: 400, code: 'GATEWAY.IDEMPOTENCY_KEY_INVALID' });
  });
});
