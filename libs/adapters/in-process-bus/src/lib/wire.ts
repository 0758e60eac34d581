import { DomainError } from '@credit-bank/kernel';
import { RpcException } from '@nestjs/microservices';

/**
 * Everything that crosses the in-process transport goes through JSON, as it would over a network:
 * no shared references, `Date`s arrive as strings, `undefined` fields and functions disappear.
 */

/** A payload serialized when the client was called, so later changes by the caller are not sent. */
export class SerializedPayload {
  private constructor(readonly json: string | undefined) {}

  static of(value: unknown): SerializedPayload {
    return value instanceof SerializedPayload ? value : new SerializedPayload(JSON.stringify(value));
  }
}

/** JSON text of a payload (`undefined` stays `undefined`, as JSON drops it from a packet). */
export function toJson(value: unknown): string | undefined {
  return value instanceof SerializedPayload ? value.json : JSON.stringify(value);
}

export function fromJson(json: string | undefined): unknown {
  return json === undefined ? undefined : JSON.parse(json);
}

/** A deep copy through JSON. */
export function jsonCopy<T>(value: T): T {
  const json = JSON.stringify(value);
  return json === undefined ? (undefined as T) : (JSON.parse(json) as T);
}

/**
 * The error a server sends back, as Nest's RPC exception filter shapes it: an RpcException's
 * `getError()` object (a string becomes `{ status: 'error', message }`), a DomainError's payload,
 * any other Error as `{ status: 'error', message }`; plain values are sent as they are.
 */
export function errorToWire(error: unknown): unknown {
  if (error instanceof RpcException) {
    const inner = error.getError();
    return typeof inner === 'object' && inner !== null ? inner : { status: 'error', message: inner };
  }
  if (error instanceof DomainError) return error.toPayload();
  if (error instanceof Error) return { status: 'error', message: error.message };
  return error;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') return (error as { message: string }).message;
  try {
    return JSON.stringify(error) ?? String(error);
  } catch {
    return String(error);
  }
}
