import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvironmentError, loadEnvironment, trustProxyOf } from './environment';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadEnvironment(env);
  } catch (e) {
    if (e instanceof EnvironmentError) return e.problems;
    throw e;
  }
  return [];
}

describe('loadEnvironment', () => {
  it('applies the documented defaults', () => {
    const env = loadEnvironment({});
    expect(env).toMatchObject({ PORT: 3000, DATA_DIR: './data', JWT_TTL_SECONDS: 3600, SQLITE_SYNCHRONOUS: 'FULL', LOG_LEVEL: 'info' });
  });
  it('reads valid values', () => {
    expect(loadEnvironment({ PORT: '8080', DATA_DIR: '/tmp/x' })).toMatchObject({ PORT: 8080, DATA_DIR: '/tmp/x' });
  });
  it('names every mistake', () => {
    let error: unknown;
    try {
      loadEnvironment({ PORT: 'abc', SQLITE_SYNCHRONOUS: 'OFF', JWT_SECRET: 'short' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvironmentError);
    const problems = (error as EnvironmentError).problems.join('\n');
    expect(problems).toMatch(/PORT must be an integer/);
    expect(problems).toMatch(/SQLITE_SYNCHRONOUS must be FULL or NORMAL/);
    expect(problems).toMatch(/JWT_SECRET must be at least 32/);
    expect((error as EnvironmentError).problems).toHaveLength(3);
  });
});

describe('loadEnvironment: the first administrator', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'cb-env-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('has none by default: there is no default password', () => {
    const env = loadEnvironment({});
    expect(env.ADMIN_USERNAME).toBeUndefined();
    expect(env.ADMIN_PASSWORD).toBeUndefined();
  });

  it('reads the username and the password', () => {
    expect(loadEnvironment({ ADMIN_USERNAME: 'chief_admin', ADMIN_PASSWORD: 'Adm1n-secret' })).toMatchObject({ ADMIN_USERNAME: 'chief_admin', ADMIN_PASSWORD: 'Adm1n-secret' });
  });

  it('reads the password from ADMIN_PASSWORD_FILE without its trailing line break', () => {
    const file = join(dir, 'admin-password');
    writeFileSync(file, 'Adm1n-from-file\n');
    expect(loadEnvironment({ ADMIN_USERNAME: 'chief_admin', ADMIN_PASSWORD_FILE: file }).ADMIN_PASSWORD).toBe('Adm1n-from-file');
  });

  it('wants both or neither', () => {
    expect(problemsOf({ ADMIN_USERNAME: 'chief_admin' })).toEqual(['ADMIN_USERNAME and ADMIN_PASSWORD (or ADMIN_PASSWORD_FILE) must be set together, or neither']);
    expect(problemsOf({ ADMIN_PASSWORD: 'Adm1n-secret' })).toHaveLength(1);
  });

  it('refuses a password breaking the account policy, without repeating it', () => {
    for (const password of ['short1', 'no-digits-here', '1234567890', 'a1'.repeat(33)]) {
      const problems = problemsOf({ ADMIN_USERNAME: 'chief_admin', ADMIN_PASSWORD: password });
      expect(problems).toEqual(['ADMIN_PASSWORD must be 8 to 64 characters with at least one letter and one digit (got a value not shown)']);
    }
  });

  it('refuses a username breaking the account rules', () => {
    for (const username of ['adm', '12345678', 'admin@example.cn', '管理员管理员']) {
      expect(problemsOf({ ADMIN_USERNAME: username, ADMIN_PASSWORD: 'Adm1n-secret' })[0]).toMatch(/^ADMIN_USERNAME must be 4 to 32 letters/);
    }
  });

  it('refuses both ADMIN_PASSWORD and ADMIN_PASSWORD_FILE, and a file that cannot be read', () => {
    const file = join(dir, 'other');
    writeFileSync(file, 'Adm1n-from-file');
    expect(problemsOf({ ADMIN_USERNAME: 'chief_admin', ADMIN_PASSWORD: 'Adm1n-secret', ADMIN_PASSWORD_FILE: file })).toEqual(['ADMIN_PASSWORD and ADMIN_PASSWORD_FILE must not both be set']);
    expect(problemsOf({ ADMIN_USERNAME: 'chief_admin', ADMIN_PASSWORD_FILE: join(dir, 'missing') })[0]).toMatch(/ADMIN_PASSWORD_FILE cannot be read .*ENOENT/);
  });

  it('never repeats a secret in its messages', () => {
    const problems = problemsOf({ JWT_SECRET: 'short-secret', ADMIN_USERNAME: 'chief_admin', ADMIN_PASSWORD: 'weakpassword' }).join('\n');
    expect(problems).not.toMatch(/short-secret|weakpassword/);
  });
  describe('MASTER_KEY', () => {
    const hex = 'a1'.repeat(32);
    const base64 = Buffer.alloc(32, 7).toString('base64');

    it('takes 32 bytes as hex or base64, or from MASTER_KEY_FILE (trimmed)', () => {
      expect(loadEnvironment({ MASTER_KEY: hex }).MASTER_KEY).toBe(hex);
      expect(loadEnvironment({ MASTER_KEY: base64 }).MASTER_KEY).toBe(base64);
      const file = join(dir, 'master-key');
      writeFileSync(file, `${base64}\n`);
      expect(loadEnvironment({ MASTER_KEY_FILE: file }).MASTER_KEY).toBe(base64);
      expect(loadEnvironment({}).MASTER_KEY).toBeUndefined();
    });

    it('refuses a key of another length, both settings at once, an unreadable file, without repeating the key', () => {
      expect(problemsOf({ MASTER_KEY: 'a1'.repeat(16) })).toEqual([expect.stringMatching(/^MASTER_KEY must be 32 bytes .*\(got a value not shown\)$/)]);
      expect(problemsOf({ MASTER_KEY: hex, MASTER_KEY_FILE: join(dir, 'master-key') })).toEqual(['MASTER_KEY and MASTER_KEY_FILE must not both be set']);
      expect(problemsOf({ MASTER_KEY_FILE: join(dir, 'missing') })).toEqual([expect.stringMatching(/^MASTER_KEY_FILE cannot be read .*ENOENT/)]);
      expect(problemsOf({ MASTER_KEY: 'secret-key-text' }).join('\n')).not.toContain('secret-key-text');
    });
  });
});

describe('loadEnvironment: abuse limits', () => {
  it('has defaults: no proxy trusted, 1000 SMS an hour, 5 free sign-in attempts an account, 20 an address, waits up to 300 s', () => {
    const env = loadEnvironment({});
    expect(env).toMatchObject({ TRUST_PROXY: 'none', SMS_GLOBAL_PER_HOUR: 1000, LOGIN_FREE_ATTEMPTS: 5, LOGIN_FREE_ATTEMPTS_PER_ADDRESS: 20, LOGIN_MAX_DELAY_SECONDS: 300 });
    expect(trustProxyOf(env)).toBe(false);
  });
  it('reads TRUST_PROXY as a hop count or a list of addresses and CIDRs', () => {
    expect(trustProxyOf(loadEnvironment({ TRUST_PROXY: '2' }))).toBe(2);
    expect(trustProxyOf(loadEnvironment({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1,loopback' }))).toEqual(['10.0.0.0/8', '127.0.0.1', '::1', 'loopback']);
  });
  it('refuses a TRUST_PROXY that is neither', () => {
    for (const bad of ['yes', '0', '11', '10.0.0.0/33', '300.1.1.1', '10.0.0.1/8/2']) {
      expect(problemsOf({ TRUST_PROXY: bad }).join('\n')).toMatch(/TRUST_PROXY must|TRUST_PROXY as a hop count/);
    }
  });
  it('refuses limits out of range', () => {
    const problems = problemsOf({ SMS_GLOBAL_PER_HOUR: '0', LOGIN_FREE_ATTEMPTS: 'many', LOGIN_MAX_DELAY_SECONDS: '7200' }).join('\n');
    expect(problems).toMatch(/SMS_GLOBAL_PER_HOUR must be/);
    expect(problems).toMatch(/LOGIN_FREE_ATTEMPTS must be/);
    expect(problems).toMatch(/LOGIN_MAX_DELAY_SECONDS must be/);
  });
});
