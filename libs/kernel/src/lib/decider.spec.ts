import { ConcurrencyError, DomainError, fold, givenWhenThen } from '../index';

type E = { type: 'Added'; data: { n: number } };
const counter = {
  initialState: 0,
  evolve: (s: number, e: E) => s + e.data.n,
  decide: (c: { add: number }, s: number): E[] => {
    if (s + c.add > 10) throw new DomainError('TEST.TOO_MUCH', 'conflict', 'too much');
    return [{ type: 'Added', data: { n: c.add } }];
  },
};

describe('decider helpers', () => {
  it('folds events into state', () => {
    expect(fold(counter, [{ type: 'Added', data: { n: 2 } }, { type: 'Added', data: { n: 3 } }])).toBe(5);
  });
  it('given/when/then returns the decided events or throws the refusal', () => {
    expect(givenWhenThen(counter, [{ type: 'Added', data: { n: 2 } }], { add: 1 })).toEqual([{ type: 'Added', data: { n: 1 } }]);
    expect(() => givenWhenThen(counter, [{ type: 'Added', data: { n: 9 } }], { add: 2 })).toThrow('too much');
  });
  it('a concurrency error is a conflict with a stable code', () => {
    const e = new ConcurrencyError('s-1', 3, 4);
    expect(e.toPayload()).toMatchObject({ code: 'EVENT_STORE.WRONG_EXPECTED_REVISION', kind: 'conflict' });
  });
});
