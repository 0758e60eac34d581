import { DomainError, ErrorPayload } from '@credit-bank/kernel';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { FastifyReply, FastifyRequest } from 'fastify';
import { AllowedMethods } from './allowed-methods';
import { negotiateProblemLanguage } from './i18n/accept-language';
import { localizeProblem } from './i18n/localize-problem';
import { ProblemException, STATUS_OF_KIND } from './problem';

const HTTP_CODES: Record<number, string> = {
  400: 'HTTP.BAD_REQUEST',
  401: 'AUTH.UNAUTHENTICATED',
  403: 'AUTH.FORBIDDEN',
  404: 'HTTP.NOT_FOUND',
  405: 'HTTP.METHOD_NOT_ALLOWED',
  406: 'HTTP.NOT_ACCEPTABLE',
  413: 'HTTP.PAYLOAD_TOO_LARGE',
  415: 'HTTP.UNSUPPORTED_MEDIA_TYPE',
  429: 'HTTP.TOO_MANY_REQUESTS',
};

/**
 * Every error leaves the gateway as RFC 9457 application/problem+json with a stable `code`, its
 * `title`, `detail` and field messages in the language Accept-Language asks for (zh-CN unless
 * English is preferred), named in Content-Language.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problems');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const request = ctx.getRequest<FastifyRequest>();
    const allow = this.allowedInstead(exception, request);
    const described: { status: number; payload: ErrorPayload } = allow
      ? { status: 405, payload: { code: 'HTTP.METHOD_NOT_ALLOWED', kind: 'validation', message: `${request.method} is not allowed here; allowed: ${allow.join(', ')}.` } }
      : this.describe(exception);
    const { status } = described;
    if (status >= 500) this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
    const language = negotiateProblemLanguage(request.headers['accept-language']);
    const payload = localizeProblem(described.payload, language);
    const body = {
      type: `https://credit-bank.dev/problems/${payload.code.toLowerCase().replace(/[._]/g, '-')}`,
      title: payload.message,
      status,
      code: payload.code,
      detail: payload.message,
      instance: request.url,
      // `params` only served the wording; each entry stays {field, code, message}.
      ...(payload.errors ? { errors: payload.errors.map(({ field, code, message }) => ({ field, code, message })) } : {}),
      ...(payload.details ? { details: payload.details } : {}),
    };
    if (allow) void reply.header('allow', allow.join(', '));
    // Every 429 and 503 says when to come back: the service's own figure, else the throttler's header, else a minute.
    if (status === 429 || status === 503) {
      const retryAfter = Number((payload.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds);
      if (Number.isFinite(retryAfter) && retryAfter > 0) void reply.header('retry-after', String(Math.ceil(retryAfter)));
      else if (!reply.hasHeader('retry-after')) void reply.header('retry-after', '60');
    }
    void reply
      .status(status)
      .header('content-type', 'application/problem+json; charset=utf-8')
      .header('content-language', language)
      .header('vary', 'Accept-Language')
      .send(body);
  }

  /** No route for this method, but the path has routes for others: those methods (answered 405). */
  private allowedInstead(exception: unknown, request: FastifyRequest): string[] | undefined {
    if (!request.is404) return undefined;
    const methods = AllowedMethods.of(request.server)?.methodsOf(request.url) ?? [];
    return methods.length && !methods.includes(request.method) ? methods : undefined;
  }

  private describe(exception: unknown): { status: number; payload: ErrorPayload } {
    if (exception instanceof ProblemException) return { status: exception.status, payload: exception.payload };
    if (exception instanceof DomainError) return { status: STATUS_OF_KIND[exception.kind], payload: exception.toPayload() };
    if (exception instanceof ThrottlerException) {
      return { status: 429, payload: { code: 'HTTP.TOO_MANY_REQUESTS', kind: 'rate_limited', message: 'Too many requests; try again later.' } };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const response = exception.getResponse();
      const message = typeof response === 'string' ? response : ((response as { message?: unknown }).message ?? exception.message);
      return {
        status,
        payload: { code: HTTP_CODES[status] ?? `HTTP.${status}`, kind: 'validation', message: Array.isArray(message) ? message.join('; ') : String(message) },
      };
    }
    const fastifyError = exception as { statusCode?: number; code?: string; message?: string };
    if (typeof fastifyError?.statusCode === 'number' && fastifyError.statusCode < 500) {
      const status = fastifyError.statusCode;
      // The gateway's own parse errors name their code (hardening.ts); Fastify's (FST_…) get the status's.
      const code = fastifyError.code?.startsWith('HTTP.') ? fastifyError.code : (HTTP_CODES[status] ?? `HTTP.${status}`);
      return { status, payload: { code, kind: 'validation', message: fastifyError.message ?? 'Bad request' } };
    }
    return { status: HttpStatus.INTERNAL_SERVER_ERROR, payload: { code: 'INTERNAL.UNEXPECTED', kind: 'unavailable', message: 'Unexpected error.' } };
  }
}
