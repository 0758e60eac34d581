import { DomainEvent } from './events';

/**
 * For audits: for each event type of an aggregate, the statuses of the state it may follow.
 * Deciders' `evolve` stays lenient (it never throws on a stored event); an auditor replaying a
 * stream checks each event against these rules to find events the domain would never have decided.
 */
export type TransitionRules<E extends DomainEvent = DomainEvent> = { readonly [T in E['type']]: readonly string[] };

/** Why `event` may not follow `state`, or undefined when it may. */
export function transitionError(rules: Record<string, readonly string[]>, state: { status: string }, event: { type: string }): string | undefined {
  const allowed = Object.prototype.hasOwnProperty.call(rules, event.type) ? rules[event.type] : undefined;
  if (!allowed) return `${event.type} is not an event of this stream`;
  if (!allowed.includes(state.status)) return `${event.type} cannot follow status '${state.status}' (allowed after: ${allowed.join(', ')})`;
  return undefined;
}
