import helmet from '@fastify/helmet';
import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { FastifyInstance, FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** A client's correlation id is kept only when it is short and plain: at most 64 of `[A-Za-z0-9._:-]`. */
const CORRELATION_ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** The request's correlation id: the client's `x-correlation-id` when well-formed, else a new UUID. */
export function correlationIdOf(request: Pick<IncomingMessage, 'headers'>): string {
  const given = request.headers['x-correlation-id'];
  return typeof given === 'string' && CORRELATION_ID.test(given) ? given : randomUUID();
}

/** Deepest nesting of objects and arrays a JSON body may have; deeper is 400, not a stack overflow. */
export const MAX_JSON_DEPTH = 32;

/** An error Fastify and the problem filter turn into a 4xx answer. */
function clientError(statusCode: number, code: string, message: string): Error {
  return Object.assign(new Error(message), { statusCode, code });
}

/**
 * The nesting depth of a JSON text, counted without parsing (strings skipped), stopping as soon
 * as it passes `limit`: a 5,000-deep body costs one linear scan and no recursion.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > limit) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

/**
 * JSON bodies: at most MAX_JSON_DEPTH levels, `__proto__` and `constructor.prototype` keys refused
 * (as Fastify's own parser does), any other syntax error a 400.
 */
function installJsonParser(fastify: FastifyInstance): void {
  fastify.removeContentTypeParser(['application/json']);
  fastify.addContentTypeParser('application/json', { parseAs: 'string' }, (_request: FastifyRequest, body: string | Buffer, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') return done(null, undefined);
    if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
      return done(clientError(400, 'HTTP.JSON_TOO_DEEP', `The JSON body is nested deeper than ${MAX_JSON_DEPTH} levels.`), undefined);
    }
    try {
      const parsed = JSON.parse(text, (key, value) => {
        if (key === '__proto__' || (key === 'constructor' && value && typeof value === 'object' && 'prototype' in value)) {
          throw clientError(400, 'HTTP.BAD_REQUEST', 'The JSON body holds a forbidden key.');
        }
        return value;
      });
      done(null, parsed);
    } catch (error) {
      done((error as { statusCode?: number }).statusCode ? (error as Error) : clientError(400, 'HTTP.BAD_REQUEST', 'The body is not valid JSON.'), undefined);
    }
  });
}

/**
 * Security headers on every answer (@fastify/helmet): nosniff, X-Frame-Options DENY and a CSP
 * that forbids framing and foreign scripts yet lets the OpenAPI page (/api/docs: its own scripts,
 * inline styles, data: images) work. API answers are not to be cached (`no-store`) unless a
 * route set its own Cache-Control; the OpenAPI page's static files keep theirs.
 */
async function installSecurityHeaders(app: NestFastifyApplication): Promise<void> {
  await app.register(helmet as never, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        baseUri: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        scriptSrcAttr: ["'none'"],
      },
    },
    frameguard: { action: 'deny' },
    // The gateway may be served over plain HTTP behind a proxy that terminates TLS; HSTS is that proxy's to send.
    strictTransportSecurity: false,
    crossOriginEmbedderPolicy: false,
  });
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  fastify.addHook('onSend', async (request, reply, payload) => {
    if (!reply.hasHeader('cache-control') && !request.url.startsWith('/api/docs/')) reply.header('cache-control', 'no-store');
    if (reply.statusCode === 429 && !reply.hasHeader('retry-after')) reply.header('retry-after', '60');
    return payload;
  });
}

/** RFC 2046: a boundary is 1–70 characters, quoted or a token. */
const MULTIPART_BOUNDARY = /;\s*boundary=(?:"[^"]{1,70}"|[^\s;"]{1,70})\s*(?:;|$)/i;

/** A multipart body without a usable boundary is refused before any parser meets it (busboy throws on it). */
function refuseMultipartWithoutBoundary(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', async (request) => {
    const type = request.headers['content-type'];
    if (typeof type === 'string' && /^\s*multipart\//i.test(type) && !MULTIPART_BOUNDARY.test(type)) {
      throw clientError(400, 'HTTP.BAD_REQUEST', 'A multipart body needs a boundary in its Content-Type.');
    }
  });
}

/**
 * What the gateway does to every request before a controller sees it: strict JSON parsing and
 * the security headers. Multipart and content-type errors become 4xx in the problem filter.
 */
export async function hardenGateway(app: NestFastifyApplication): Promise<void> {
  installJsonParser(app.getHttpAdapter().getInstance() as FastifyInstance);
  refuseMultipartWithoutBoundary(app.getHttpAdapter().getInstance() as FastifyInstance);
  await installSecurityHeaders(app);
}
