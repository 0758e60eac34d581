import { keyedPseudonym } from '@credit-bank/kernel';
import { createHash } from 'node:crypto';

/**
 * The unkeyed key of a personal value in a stream name, as releases before keyed pseudonyms wrote
 * it: sha256("kind:value"), 40 hex digits. Reversible by trying every candidate (a mobile number
 * is one of 10⁹), so new streams use `Pseudonyms.keyOf`; this stays only to find streams written
 * before (see `Pseudonyms.legacyKeyOf`).
 */
export function keyOf(kind: string, value: string): string {
  return createHash('sha256').update(`${kind}:${value}`).digest('hex').slice(0, 40);
}

/** Binds the pseudonym sub-key of the master key (`Infrastructure.pseudonymKey`). */
export const PSEUDONYMS = Symbol.for('credit-bank/Pseudonyms');

/**
 * Stable, non-reversible keys for personal values in stream names (unique claims, SMS code
 * streams) and for stored secrets derived from them: HMAC-SHA256 under the master key's pseudonym
 * sub-key, so that without the master key nobody can test candidates against them. Without a key
 * (a composition that gave none) it falls back to the legacy unkeyed hash.
 */
export class Pseudonyms {
  constructor(private readonly key?: Buffer) {}

  get keyed(): boolean {
    return this.key !== undefined;
  }

  /** The key of a value in a stream name: 40 hex digits. */
  keyOf(kind: string, value: string): string {
    return this.key ? keyedPseudonym(this.key, kind, value).slice(0, 40) : keyOf(kind, value);
  }

  /** What releases before keyed pseudonyms named the stream of this value; undefined when that is `keyOf` itself. */
  legacyKeyOf(kind: string, value: string): string | undefined {
    return this.key ? keyOf(kind, value) : undefined;
  }

  /** A secret bound to its stream (an SMS code in its code stream): 64 hex digits. */
  digest(kind: string, scope: string, secret: string): string {
    return this.key ? keyedPseudonym(this.key, kind, `${scope}:${secret}`) : createHash('sha256').update(`${kind}:${scope}:${secret}`).digest('hex');
  }
}
