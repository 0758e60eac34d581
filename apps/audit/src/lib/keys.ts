import { deriveMasterKeys, parseMasterKey, SubjectKeyStore } from '@credit-bank/kernel';
import { MongoSubjectKeyStore } from '@credit-bank/mongodb';
import { MASTER_KEY_FILENAME } from '@credit-bank/platform';
import { SqliteSubjectKeyStore } from '@credit-bank/sqlite-key-store';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const KEYS_FILE = 'keys.sqlite';

/** The key store the audit opens sealed personal fields with, or why it has none (they then read as erased). */
export type AuditKeys = { keyStore: SubjectKeyStore; description: string } | { keyStore: undefined; reason: string };

/** The master key as the services get it: MASTER_KEY, MASTER_KEY_FILE, else DATA_DIR/master-key; undefined when none is found. */
function masterKeyText(dataDir: string, env: Record<string, string | undefined>): string | undefined {
  if (env.MASTER_KEY) return env.MASTER_KEY;
  if (env.MASTER_KEY_FILE) return readFileSync(env.MASTER_KEY_FILE, 'utf8');
  const file = join(dataDir, MASTER_KEY_FILENAME);
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/**
 * Opens the data subjects' key store the services wrote: DATA_DIR/keys.sqlite (embedded), or with
 * EVENTSTORE_URL and MONGODB_URI the `subject_keys` collection of `<MONGODB_DATABASE_PREFIX>keys`
 * (distributed). Never creates one.
 */
export function openAuditKeys(dataDir: string, env: Record<string, string | undefined>): AuditKeys {
  const text = masterKeyText(dataDir, env);
  if (!text) return { keyStore: undefined, reason: `no master key (MASTER_KEY, MASTER_KEY_FILE or ${join(dataDir, MASTER_KEY_FILENAME)})` };
  const { wrapping } = deriveMasterKeys(parseMasterKey(text));
  if (env.EVENTSTORE_URL && env.MONGODB_URI) {
    const dbName = `${env.MONGODB_DATABASE_PREFIX || 'credit-bank-'}keys`;
    return { keyStore: new MongoSubjectKeyStore({ uri: env.MONGODB_URI, dbName }, { wrappingKey: wrapping }), description: `MongoDB database ${dbName}` };
  }
  const file = join(dataDir, KEYS_FILE);
  if (!existsSync(file)) return { keyStore: undefined, reason: `no key store at ${file}` };
  return { keyStore: new SqliteSubjectKeyStore({ filename: file, wrappingKey: wrapping }), description: file };
}
