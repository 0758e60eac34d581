import { Actor } from '@credit-bank/contracts';
import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { FastifyRequest } from 'fastify';

export const IS_PUBLIC = 'credit-bank:isPublic';
/** Marks an endpoint that needs no access token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/** The session of the access token a request came with (its `sid`, `rev` and `exp` claims). */
export interface SessionClaims {
  sessionId: string;
  /** Revision of the account's stream when the token was issued. */
  revision: number;
  /** ISO date-time of the token's expiry. */
  expiresAt: string;
}

export type AuthenticatedRequest = FastifyRequest & { actor?: Actor; session?: SessionClaims };

/** The session of the caller's token (set by JwtAuthGuard), for 安全退出. */
export const CurrentSession = createParamDecorator((_: unknown, ctx: ExecutionContext): SessionClaims | null => {
  return ctx.switchToHttp().getRequest<AuthenticatedRequest>().session ?? null;
});

/** The authenticated caller (set by JwtAuthGuard). */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor | null => {
  return ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor ?? null;
});

/**
 * The client's address: the socket's peer, or what X-Forwarded-For says when that peer is a
 * proxy TRUST_PROXY names (Fastify's request.ip). Every per-address limit counts this.
 */
export const ClientAddress = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  return ctx.switchToHttp().getRequest<FastifyRequest>().ip;
});

/** The request's correlation id (the `x-correlation-id` header, or one made by the gateway). */
export const CorrelationId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  return String(ctx.switchToHttp().getRequest<FastifyRequest>().id);
});
