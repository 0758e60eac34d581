import { Actor, Role } from '@credit-bank/contracts';
import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { problem } from '../http/problem';
import { AuthenticatedRequest, IS_PUBLIC } from './auth.decorators';

const ROLES: Role[] = ['learner', 'institution', 'admin'];

/**
 * Every endpoint needs a bearer token unless marked @Public(). Tokens are verified with an
 * algorithm allow-list (HS256 only) and their expiry; the claims become the request's actor.
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw problem('AUTH.TOKEN_MISSING', 'unauthorized', 'A bearer access token is required.');
    let claims: { sub?: unknown; role?: unknown };
    try {
      claims = await this.jwt.verifyAsync(match[1], { algorithms: ['HS256'] });
    } catch {
      throw problem('AUTH.TOKEN_INVALID', 'unauthorized', 'The access token is invalid or has expired.');
    }
    if (typeof claims.sub !== 'string' || !ROLES.includes(claims.role as Role)) {
      throw problem('AUTH.TOKEN_INVALID', 'unauthorized', 'The access token is invalid or has expired.');
    }
    request.actor = { accountId: claims.sub, role: claims.role as Role } satisfies Actor;
    return true;
  }
}
