import { createHash } from 'node:crypto';

/** Stable, non-reversible key for a personal value used in a stream name (never the value itself). */
export function keyOf(kind: string, value: string): string {
  return createHash('sha256').update(`${kind}:${value}`).digest('hex').slice(0, 40);
}
