import { Actor } from '@credit-bank/contracts';
import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { FastifyRequest } from 'fastify';

export const IS_PUBLIC = 'credit-bank:isPublic';
/** Marks an endpoint that needs no access token. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

export type AuthenticatedRequest = FastifyRequest & { actor?: Actor };

/** The authenticated caller (set by JwtAuthGuard). */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor | null => {
  return ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor ?? null;
});

/** The request's correlation id (the `x-correlation-id` header, or one made by the gateway). */
export const CorrelationId = createParamDecorator((_: unknown, ctx: ExecutionContext): string => {
  return String(ctx.switchToHttp().getRequest<FastifyRequest>().id);
});
