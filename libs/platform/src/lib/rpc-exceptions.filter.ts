import { DomainError, ErrorPayload } from '@credit-bank/kernel';
import { ArgumentsHost, Catch, Logger, RpcExceptionFilter } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import { Observable, throwError } from 'rxjs';

/**
 * Inside a service: every error leaves as a plain ErrorPayload, so it crosses any transport.
 * Unexpected errors are logged here and reach the caller without internals.
 */
@Catch()
export class RpcErrorsFilter implements RpcExceptionFilter<unknown> {
  private readonly logger = new Logger('RpcErrors');

  catch(exception: unknown, host: ArgumentsHost): Observable<ErrorPayload> {
    // A transport that parks failing events (Kafka's dead-letter topic) wants the original error.
    const context = host.getType() === 'rpc' ? (host.switchToRpc().getContext() as { reportError?: (error: unknown) => void } | undefined) : undefined;
    context?.reportError?.(exception);
    return throwError(() => toErrorPayload(exception, this.logger));
  }
}

export function toErrorPayload(exception: unknown, logger?: Logger): ErrorPayload {
  if (exception instanceof DomainError) return exception.toPayload();
  if (exception instanceof RpcException) {
    const inner = exception.getError();
    if (DomainError.isPayload(inner)) return inner;
  }
  if (DomainError.isPayload(exception)) return exception;
  logger?.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
  return { code: 'INTERNAL.UNEXPECTED', kind: 'unavailable', message: 'The service could not complete the request.' };
}
