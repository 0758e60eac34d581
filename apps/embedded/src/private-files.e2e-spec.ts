import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '@credit-bank/platform';
import { chmodSync, lstatSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { randomUUID } from 'node:crypto';
import { PNG_EVIDENCE } from '@credit-bank/testing';
import { announceLearner, httpClient, startTestSystem, TestSystem, tokenFor } from './testing/e2e-support';

/** Every entry under `root` with its permission bits, as `relative/path: 0o600`. */
function modesUnder(root: string): Record<string, string> {
  const modes: Record<string, string> = {};
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const stat = lstatSync(path);
      modes[relative(root, path) + (stat.isDirectory() ? '/' : '')] = `0o${(stat.mode & 0o777).toString(8)}`;
      if (stat.isDirectory()) walk(path);
    }
  };
  modes['./'] = `0o${(lstatSync(root).mode & 0o777).toString(8)}`;
  walk(root);
  return modes;
}

const onlyPrivate = (modes: Record<string, string>) =>
  Object.fromEntries(Object.keys(modes).map((path) => [path, path.endsWith('/') ? `0o${PRIVATE_DIR_MODE.toString(8)}` : `0o${PRIVATE_FILE_MODE.toString(8)}`]));

/**
 * Issue 10, point 3: every file the bank writes under DATA_DIR is readable by its own user only
 * (600) and every folder likewise (700) — the event store and read models with their -wal/-shm
 * files, the key store and the generated master key, the evidence folder and files, the generated
 * JWT secret, the SMS outbox — whatever the
 * umask, and also for a DATA_DIR an older version left world-readable.
 */
describe('private files under DATA_DIR (embedded profile)', () => {
  let system: TestSystem | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'credit-bank-private-'));

  afterAll(async () => {
    await system?.dispose({ keep: true });
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function journey(running: TestSystem, mobile: string): Promise<void> {
    const api = httpClient(`${running.url}/api/v1`);
    const learner = randomUUID();
    await announceLearner(running, learner, '张三');
    const token = tokenFor(running, { accountId: learner, role: 'learner' });
    const form = new FormData();
    form.append('file', new Blob([PNG_EVIDENCE], { type: 'image/png' }), 'scan.png');
    expect((await api('POST', '/evidence', { token, form })).status).toBe(201);
    expect((await api('POST', '/sms-codes', { body: { mobile, purpose: 'register' } })).status).toBe(202);
  }

  it('are 600 and their folders 700 after a journey, while running and after a restart', async () => {
    // The umask most systems have: files would be 644 and folders 755 without the helpers.
    expect(process.umask() & 0o077).toBeLessThanOrEqual(0o022);
    system = await startTestSystem({ DATA_DIR: dataDir });
    await journey(system, '13912345670');

    const running = modesUnder(dataDir);
    for (const expected of ['events.sqlite', 'events.sqlite-wal', 'events.sqlite-shm', 'read-models.sqlite', 'read-models.sqlite-wal', 'jwt-secret', 'master-key', 'keys.sqlite', 'evidence/', 'sms-outbox.jsonl']) {
      expect(Object.keys(running)).toContain(expected);
    }
    expect(Object.keys(running).filter((p) => p.startsWith('evidence/') && p !== 'evidence/')).toHaveLength(1);
    expect(running).toEqual(onlyPrivate(running));

    await system.close();
    system = undefined;
    expect(modesUnder(dataDir)).toEqual(onlyPrivate(modesUnder(dataDir)));
  });

  it('tightens what an older version left readable to others', async () => {
    const modes = modesUnder(dataDir);
    for (const path of Object.keys(modes)) chmodSync(join(dataDir, path), path.endsWith('/') ? 0o755 : 0o644);

    system = await startTestSystem({ DATA_DIR: dataDir });
    await journey(system, '13912345671');
    const after = modesUnder(dataDir);
    expect(after).toEqual(onlyPrivate(after));
  });
});
