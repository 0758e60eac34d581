import { ApiResponseOptions } from '@nestjs/swagger';

/** OpenAPI schema of the RFC 9457 problem document every error of the API is written as. */
export const PROBLEM_CONTENT = {
  'application/problem+json': {
    schema: {
      type: 'object',
      required: ['type', 'title', 'status', 'code'],
      properties: {
        type: { type: 'string' },
        title: { type: 'string' },
        status: { type: 'integer' },
        code: { type: 'string', description: 'Stable error code, e.g. LEDGER.ACHIEVEMENT_ALREADY_SUBMITTED' },
        detail: { type: 'string' },
        instance: { type: 'string' },
        errors: {
          type: 'array',
          items: { type: 'object', properties: { field: { type: 'string' }, code: { type: 'string' }, message: { type: 'string' } } },
        },
        details: { type: 'object' },
      },
    },
  },
};

/** OpenAPI description of a problem+json answer with the given status. */
export function problemResponse(status: number, description: string): ApiResponseOptions {
  return {
    status,
    description: `${description} (application/problem+json with a stable \`code\`; texts in zh-CN, or English with Accept-Language: en)`,
    headers: { 'Content-Language': { description: 'zh-CN or en: the language of title, detail and the field messages', schema: { type: 'string' } } },
    content: PROBLEM_CONTENT,
  };
}
