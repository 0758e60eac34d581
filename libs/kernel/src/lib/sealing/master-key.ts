import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/** Length of the master key and of every key derived or wrapped with it (AES-256, HMAC-SHA256). */
export const KEY_BYTES = 32;

/**
 * The two sub-keys of the master key, derived with HKDF-SHA256 so that one secret in the
 * configuration never serves two purposes: `wrapping` encrypts the subjects' data keys in the key
 * store (AES-256-GCM), `pseudonyms` keys the HMAC of stream ids and uniqueness keys.
 */
export interface MasterKeys {
  wrapping: Buffer;
  pseudonyms: Buffer;
}

const SALT = Buffer.from('credit-bank/master-key/v1', 'utf8');

export function deriveMasterKeys(master: Buffer): MasterKeys {
  if (!Buffer.isBuffer(master) || master.length !== KEY_BYTES) throw new Error(`The master key must be ${KEY_BYTES} bytes`);
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', master, SALT, Buffer.from(info, 'utf8'), KEY_BYTES));
  return { wrapping: derive('credit-bank/subject-key-wrapping/v1'), pseudonyms: derive('credit-bank/pseudonyms/v1') };
}

/**
 * A master key as configured: 64 hex digits or the base64 (or base64url) of 32 bytes, white space
 * around it ignored. Throws a message that never repeats the value.
 */
export function parseMasterKey(text: string): Buffer {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) {
    const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === KEY_BYTES) return bytes;
  }
  throw new Error(`must be ${KEY_BYTES} bytes written as 64 hex digits or in base64 (e.g. \`openssl rand -base64 32\`)`);
}

/** A new random master key as base64 text (what is written to DATA_DIR/master-key when none is configured). */
export function newMasterKeyText(): string {
  return randomBytes(KEY_BYTES).toString('base64');
}

/** A keyed pseudonym: HMAC-SHA256 of `kind:value` under the pseudonym sub-key, as lowercase hex. */
export function keyedPseudonym(pseudonymKey: Buffer, kind: string, value: string): string {
  return createHmac('sha256', pseudonymKey).update(`${kind}:${value}`, 'utf8').digest('hex');
}

const WRAP_VERSION = 'w1';

/**
 * A subject's data key encrypted with the wrapping sub-key (AES-256-GCM, a random 96-bit IV, the
 * subject id as associated data, so a wrapped key moved to another subject does not open):
 * `w1.<iv>.<tag>.<ciphertext>`, base64url parts.
 */
export function wrapDataKey(wrappingKey: Buffer, subjectId: string, dataKey: Buffer): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', wrappingKey, iv);
  cipher.setAAD(Buffer.from(`subject-key:${subjectId}`, 'utf8'));
  const sealed = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return [WRAP_VERSION, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), sealed.toString('base64url')].join('.');
}

/** Opens what `wrapDataKey` made; throws when the master key (or the subject) is not the one it was wrapped with. */
export function unwrapDataKey(wrappingKey: Buffer, subjectId: string, wrapped: string): Buffer {
  const [version, iv, tag, sealed] = wrapped.split('.');
  if (version !== WRAP_VERSION || !iv || !tag || sealed === undefined) throw new Error(`Subject key of ${subjectId}: unknown wrapping`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', wrappingKey, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(`subject-key:${subjectId}`, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(sealed, 'base64url')), decipher.final()]);
  } catch {
    throw new Error(`Subject key of ${subjectId} does not open with this master key (MASTER_KEY differs from the one the key store was written with?)`);
  }
}

/** A new random data key for a subject. */
export function newDataKey(): Buffer {
  return randomBytes(KEY_BYTES);
}

/** What a key store accepts as a subject id (an account id): a non-empty string of at most 200 characters. */
export function assertSubjectId(subjectId: string): void {
  if (typeof subjectId !== 'string' || subjectId.length === 0 || subjectId.length > 200) throw new Error('A subject id must be a non-empty string of at most 200 characters');
}
