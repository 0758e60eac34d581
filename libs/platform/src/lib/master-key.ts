import { deriveMasterKeys, MasterKeys, newMasterKeyText, parseMasterKey } from '@credit-bank/kernel';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Environment } from './environment';
import { PRIVATE_FILE_MODE, writePrivateFileOnce } from './private-files';

/** Where the embedded profile keeps the master key it generated (mode 600). */
export const MASTER_KEY_FILENAME = 'master-key';

/**
 * The master key's sub-keys: from MASTER_KEY (or MASTER_KEY_FILE, already read into it by
 * `loadEnvironment`), else from DATA_DIR/master-key — generated there once (mode 600) when
 * `generate` is set (the embedded profile, as the JWT secret), else an error saying what to set.
 */
export function masterKeysFor(env: Pick<Environment, 'MASTER_KEY'>, dataDir: string, options: { generate: boolean }): MasterKeys {
  if (env.MASTER_KEY) return deriveMasterKeys(parseMasterKey(env.MASTER_KEY));
  const file = join(dataDir, MASTER_KEY_FILENAME);
  if (!existsSync(file)) {
    if (!options.generate) throw new Error(`No master key: set MASTER_KEY or MASTER_KEY_FILE (or keep ${file})`);
    // 'wx': of two processes starting on one folder, one writes and the other reads that key.
    try {
      writePrivateFileOnce(file, `${newMasterKeyText()}\n`);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  chmodSync(file, PRIVATE_FILE_MODE);
  try {
    return deriveMasterKeys(parseMasterKey(readFileSync(file, 'utf8')));
  } catch (error) {
    throw new Error(`${file}: the master key ${(error as Error).message}`);
  }
}
