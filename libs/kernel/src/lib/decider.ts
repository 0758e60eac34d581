import { DomainEvent } from './events';

/**
 * An aggregate as three pure functions (emmett style). `decide` throws a DomainError to refuse.
 * Time and ids arrive inside the command.
 */
export interface Decider<C, E extends DomainEvent, S> {
  initialState: S;
  evolve(state: S, event: E): S;
  decide(command: C, state: S): E[];
}

export function fold<E extends DomainEvent, S>(decider: Pick<Decider<unknown, E, S>, 'initialState' | 'evolve'>, events: Iterable<E>): S {
  let state = decider.initialState;
  for (const e of events) state = decider.evolve(state, e);
  return state;
}

/** given/when/then for decider specs: no framework, plain data. */
export function givenWhenThen<C, E extends DomainEvent, S>(decider: Decider<C, E, S>, given: E[], when: C): E[] {
  return decider.decide(when, fold(decider, given));
}
