/**
 * Errors that cross layers carry a stable code (`LEDGER.ACHIEVEMENT_ALREADY_SUBMITTED`) and a
 * kind; only the HTTP edge turns the kind into a status and the whole into problem+json.
 */
export type ErrorKind =
  | 'validation' // 400
  | 'unauthorized' // 401
  | 'forbidden' // 403
  | 'not_found' // 404
  | 'conflict' // 409
  | 'precondition_failed' // 412
  | 'payload_too_large' // 413
  | 'unsupported_media_type' // 415
  | 'rate_limited' // 429
  | 'unavailable'; // 503

export interface FieldError {
  field: string;
  code: string;
  /** In English; the HTTP edge words it in the client's language from `code` and `params`. */
  message: string;
  /** Values the message carries (a length limit, the allowed values…), for wording it in another language. */
  params?: Record<string, string | number>;
}

export interface ErrorPayload {
  code: string;
  kind: ErrorKind;
  message: string;
  errors?: FieldError[];
  details?: Record<string, unknown>;
}

export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: ErrorKind,
    message: string,
    readonly details?: Record<string, unknown>,
    readonly errors?: FieldError[],
  ) {
    super(message);
    this.name = 'DomainError';
  }

  toPayload(): ErrorPayload {
    return {
      code: this.code,
      kind: this.kind,
      message: this.message,
      ...(this.errors ? { errors: this.errors } : {}),
      ...(this.details ? { details: this.details } : {}),
    };
  }

  static isPayload(value: unknown): value is ErrorPayload {
    return (
      typeof value === 'object' &&
      value !== null &&
      typeof (value as ErrorPayload).code === 'string' &&
      typeof (value as ErrorPayload).kind === 'string'
    );
  }
}

/** The store refused an append because the stream is not at the expected revision. */
export class ConcurrencyError extends DomainError {
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevisionLike,
    readonly actual: number | 'no_stream',
  ) {
    super('EVENT_STORE.WRONG_EXPECTED_REVISION', 'conflict', `Stream ${streamId} is at ${actual}, expected ${String(expected)}`, {
      streamId,
      expected: String(expected),
      actual: String(actual),
    });
    this.name = 'ConcurrencyError';
  }
}

type ExpectedRevisionLike = number | string;

export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
