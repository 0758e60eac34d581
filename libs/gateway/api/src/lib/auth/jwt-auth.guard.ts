import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, Actor, CheckSessionDto, IDENTITY_PATTERNS, Role, SessionCheckResponse } from '@credit-bank/contracts';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService, JwtVerifyOptions } from '@nestjs/jwt';
import { problem, ProblemException } from '../http/problem';
import { ServiceBus } from '../http/service-bus';
import { AuthenticatedRequest, IS_PUBLIC } from './auth.decorators';

const ROLES: Role[] = ['learner', 'institution', 'admin'];

/** HS256 only, from the identity service, for this API; a token without `exp` is refused below. */
export const ACCESS_TOKEN_VERIFY_OPTIONS: JwtVerifyOptions = { algorithms: ['HS256'], issuer: ACCESS_TOKEN_ISSUER, audience: ACCESS_TOKEN_AUDIENCE };

const invalid = () => problem('AUTH.TOKEN_INVALID', 'unauthorized', 'The access token is invalid or has expired.');

/**
 * Every endpoint needs a bearer token unless marked @Public(). Tokens are verified with an
 * algorithm allow-list (HS256 only), their issuer and audience, and a required expiry; the claims
 * become the request's actor.
 * Then the identity service is asked whether the token's session still stands (it was not
 * signed out, and no password change or reset came after it): that state lives in the identity
 * service's read model, so a sign-out holds at once for every gateway instance. Should the
 * identity service not answer, the request fails (503) rather than pass unchecked.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly bus: ServiceBus,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw problem('AUTH.TOKEN_MISSING', 'unauthorized', 'A bearer access token is required.');
    let claims: { sub?: unknown; role?: unknown; sid?: unknown; rev?: unknown; exp?: unknown };
    try {
      claims = await this.jwt.verifyAsync(match[1], ACCESS_TOKEN_VERIFY_OPTIONS);
    } catch {
      throw invalid();
    }
    const { sub, role, sid, rev, exp } = claims;
    if (typeof sub !== 'string' || !ROLES.includes(role as Role)) throw invalid();
    // Tokens without a session (issued before sessions existed) cannot be revoked: refused.
    if (typeof sid !== 'string' || sid === '' || !Number.isSafeInteger(rev) || (rev as number) < 0 || typeof exp !== 'number') throw invalid();
    const actor: Actor = { accountId: sub, role: role as Role };
    const check: CheckSessionDto = { sessionId: sid, revision: rev as number };
    const verdict = await this.bus.call<SessionCheckResponse>('identity', IDENTITY_PATTERNS.checkSession, check, actor, String(request.id));
    if (!verdict.active) {
      throw new ProblemException({
        code: 'AUTH.TOKEN_REVOKED',
        kind: 'unauthorized',
        message: 'The access token was revoked (signed out, the password changed since, or the account was erased).',
        ...(verdict.reason ? { details: { reason: verdict.reason } } : {}),
      });
    }
    request.actor = actor;
    request.session = { sessionId: sid, revision: rev as number, expiresAt: new Date(exp * 1000).toISOString() };
    return true;
  }
}
