import { ApiResponseOptions } from '@nestjs/swagger';

/** OpenAPI description of a problem+json answer. */
export function problemResponse(status: number, description: string): ApiResponseOptions {
  return {
    status,
    description: `${description} (application/problem+json with a stable \`code\`)`,
    content: {
      'application/problem+json': {
        schema: {
          type: 'object',
          properties: {
            type: { type: 'string' },
            title: { type: 'string' },
            status: { type: 'integer', example: status },
            code: { type: 'string' },
            detail: { type: 'string' },
            instance: { type: 'string' },
            errors: { type: 'array', items: { type: 'object', properties: { field: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } } } },
          },
        },
      },
    },
  };
}

/** The 'auth' throttler of gateway.module.ts: 30 requests a minute per client address and route. */
export const AUTH_THROTTLE = { auth: { limit: 30, ttl: 60_000 } };
