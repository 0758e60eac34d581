import { createHash } from 'node:crypto';

/**
 * A UUID derived from a seed key: the first 16 bytes of SHA-256(`key`) with the version set to 8
 * (RFC 9562 "custom") and the RFC variant, so the same key always gives the same id and reseeding
 * finds the entries it already made.
 */
export function uuidFromKey(key: string): string {
  const bytes = createHash('sha256').update(key, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
