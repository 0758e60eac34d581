import { ErrorKind, ErrorPayload, FieldError } from '@credit-bank/kernel';

export const STATUS_OF_KIND: Record<ErrorKind, number> = {
  validation: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  precondition_failed: 412,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  unavailable: 503,
};

/** An error that has crossed the bus (or arisen at the edge) on its way to problem+json. */
export class ProblemException extends Error {
  constructor(readonly payload: ErrorPayload) {
    super(payload.message);
  }
  get status(): number {
    return STATUS_OF_KIND[this.payload.kind] ?? 500;
  }
}

export function problem(code: string, kind: ErrorKind, message: string, errors?: FieldError[]): ProblemException {
  return new ProblemException({ code, kind, message, ...(errors ? { errors } : {}) });
}
