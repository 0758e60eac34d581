import { createHash } from 'node:crypto';

/**
 * A UUID derived from a key: the first 16 bytes of SHA-256(`key`) with the version set to 8
 * (RFC 9562 "custom") and the RFC variant, so the same key always gives the same id (seeds find
 * what they made; old events naming an institution map to the same directory id).
 */
export function uuidFromKey(key: string): string {
  const bytes = createHash('sha256').update(key, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** An institution's name as compared and keyed: NFKC, inner white space collapsed, trimmed. */
export function normalizeInstitutionName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

/**
 * The directory id of an institution known only by name: how events written before institutions
 * had ids (catalogue entries, conversion rules, recognition requests naming an institution) are
 * upcast, and the id the catalogue lists such an institution under, so the two meet. A name maps
 * to an id, never to authority: an account reviews for an institution only once the
 * administrator linked it to that id.
 */
export function institutionIdForName(name: string): string {
  return uuidFromKey(`credit-bank:institution-name:${normalizeInstitutionName(name)}`);
}
