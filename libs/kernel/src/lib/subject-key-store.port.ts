/**
 * Crypto-shredding: every data subject (a person's account) has a data key of its own, and
 * personal data enters an event only encrypted with it. Destroying the key erases the person from
 * the immutable history without touching it (the hash chain still verifies: it covers ciphertext).
 *
 * Adapters keep keys wrapped by the master key given by configuration; this port hands out the
 * unwrapped 32-byte key.
 */
export interface SubjectKeyStore {
  /** The subject's key, created on first use; null when the key was destroyed (the subject was erased). */
  keyFor(subjectId: string): Promise<Buffer | null>;
  /** The subject's key without creating one: undefined when it never had one, null when destroyed. */
  find(subjectId: string): Promise<Buffer | null | undefined>;
  /** Destroys the key for good (idempotent); what it encrypted can no longer be read by anyone. */
  destroy(subjectId: string): Promise<void>;
  close(): Promise<void>;
}

export const SUBJECT_KEY_STORE = Symbol.for('credit-bank/SubjectKeyStore');
