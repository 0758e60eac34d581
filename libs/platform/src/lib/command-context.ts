import { Actor, MessageMeta, Role } from '@credit-bank/contracts';
import { CommandContext, DomainError } from '@credit-bank/kernel';

export function contextOf(meta: MessageMeta, now: Date = new Date()): CommandContext {
  return { actor: meta.actor?.accountId ?? 'anonymous', correlationId: meta.correlationId, now: now.toISOString() };
}

/** Authorisation is checked in the service that owns the data, not only at the gateway. */
export function requireActor(meta: MessageMeta, ...roles: Role[]): Actor {
  if (!meta.actor) throw new DomainError('AUTH.UNAUTHENTICATED', 'unauthorized', 'Authentication is required.');
  if (roles.length && !roles.includes(meta.actor.role)) {
    throw new DomainError('AUTH.FORBIDDEN', 'forbidden', 'This account may not do that.');
  }
  return meta.actor;
}
