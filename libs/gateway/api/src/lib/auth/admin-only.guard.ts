import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { problem } from '../http/problem';
import { AuthenticatedRequest } from './auth.decorators';

/**
 * 管理中心 endpoints: roles other than `admin` get 403 AUTH.FORBIDDEN here, before the body is
 * validated (the owning service checks the role again).
 */
@Injectable()
export class AdminOnlyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
    if (!actor) throw problem('AUTH.UNAUTHENTICATED', 'unauthorized', 'Authentication is required.');
    if (actor.role !== 'admin') throw problem('AUTH.FORBIDDEN', 'forbidden', 'This account may not do that.');
    return true;
  }
}
