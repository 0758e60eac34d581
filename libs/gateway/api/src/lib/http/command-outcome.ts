import { READ_MODEL_PENDING } from '@credit-bank/contracts';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { Observable, tap } from 'rxjs';
import { problem } from './problem';

/** What the gateway knows of the command a POST, PUT, PATCH or DELETE request carries. */
export interface CommandRequest {
  /** The client's Idempotency-Key, else one made here; goes in the meta of every service call of the request. */
  readonly idempotencyKey: string;
  /** A service answered that the command was stored but its read model had not applied it in time. */
  readModelPending: boolean;
}

const commandRequests = new AsyncLocalStorage<CommandRequest>();

/** The command of the request being handled (undefined for GET, HEAD and outside a request). */
export function currentCommand(): CommandRequest | undefined {
  return commandRequests.getStore();
}

/** A key the client chose: 1–64 letters, digits, `-`, `_`, `.`, `:` (a UUID is the usual one). */
export const IDEMPOTENCY_KEY_PATTERN = '^[A-Za-z0-9._:-]{1,64}$';
const IDEMPOTENCY_KEY = new RegExp(IDEMPOTENCY_KEY_PATTERN);

export function idempotencyKeyOf(header: string | string[] | undefined): string {
  if (header === undefined) return randomUUID();
  if (typeof header !== 'string' || !IDEMPOTENCY_KEY.test(header)) {
    throw problem('GATEWAY.IDEMPOTENCY_KEY_INVALID', 'validation', 'Idempotency-Key must be one value of 1–64 letters, digits, "-", "_", "." or ":" (a UUID, say).');
  }
  return header;
}

/**
 * Every command (a request other than GET/HEAD/OPTIONS) runs with its idempotency key — the
 * client's `Idempotency-Key`, else a new one, echoed in the answer's `Idempotency-Key` so a
 * client may retry with it. When a service says the read model had not applied the command in
 * time, the answer is 202 Accepted with `Location` (the route's own, else the request's path)
 * and `Retry-After`: stored, poll before you read it — never a 201 the next read contradicts.
 */
@Injectable()
export class CommandOutcomeInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return next.handle();
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    const command: CommandRequest = { idempotencyKey: idempotencyKeyOf(request.headers['idempotency-key']), readModelPending: false };
    void reply.header('idempotency-key', command.idempotencyKey);
    return new Observable((subscriber) =>
      commandRequests.run(command, () =>
        next
          .handle()
          .pipe(
            tap(() => {
              if (!command.readModelPending) return;
              void reply.status(202).header('retry-after', '1');
              if (!reply.hasHeader('location')) void reply.header('location', request.url);
            }),
          )
          .subscribe(subscriber),
      ),
    );
  }
}

/** Takes the service's `readModelPending` mark off an answer, noting it for the interceptor. */
export function notePending<R>(result: R): R {
  if (result && typeof result === 'object' && (result as Record<string, unknown>)[READ_MODEL_PENDING] === true) {
    delete (result as Record<string, unknown>)[READ_MODEL_PENDING];
    const command = currentCommand();
    if (command) command.readModelPending = true;
  }
  return result;
}
