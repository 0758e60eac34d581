import { SubjectKeyStore } from '@credit-bank/kernel';
import { subjectKeyStoreContract } from '@credit-bank/testing';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { SqliteSubjectKeyStore } from './sqlite-subject-key-store';

subjectKeyStoreContract('SqliteSubjectKeyStore (a file of its own)', async (wrappingKey) => {
  const dir = mkdtempSync(join(tmpdir(), 'cb-keys-'));
  const filename = join(dir, 'keys.sqlite');
  const opened: SubjectKeyStore[] = [new SqliteSubjectKeyStore({ filename, wrappingKey })];
  return {
    store: opened[0],
    async open(key = wrappingKey) {
      const store = new SqliteSubjectKeyStore({ filename, wrappingKey: key });
      opened.push(store);
      return store;
    },
    async cleanup() {
      for (const store of opened) await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
    async storedBytes() {
      return Buffer.concat([filename, `${filename}-wal`, `${filename}-journal`].filter(existsSync).map((f) => readFileSync(f)));
    },
  };
});

describe('SqliteSubjectKeyStore specifics', () => {
  it('creates its file (and the write-ahead log) readable by the owner only', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cb-keys-'));
    const filename = join(dir, 'keys.sqlite');
    const store = new SqliteSubjectKeyStore({ filename, wrappingKey: randomBytes(32) });
    try {
      await store.keyFor('account-1');
      expect(statSync(filename).mode & 0o777).toBe(0o600);
      if (existsSync(`${filename}-wal`)) expect(statSync(`${filename}-wal`).mode & 0o777).toBe(0o600);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
