import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, validateSync } from 'class-validator';
import { readFileSync } from 'node:fs';
import { parseMasterKey } from '@credit-bank/kernel';
import { isIP } from 'node:net';

/** As the identity domain's rules for accounts: 4–32 letters, digits or underscores, not all digits. */
const ADMIN_USERNAME_RULE = /^(?!\d+$)[A-Za-z0-9_]{4,32}$/;
/** As the identity domain's password policy: 8–64 characters with at least one letter and one digit. */
const ADMIN_PASSWORD_RULE = /^(?=[\s\S]*[A-Za-z])(?=[\s\S]*\d)[\s\S]{8,64}$/;
const int = (fallback: number) => ({ value }: { value: unknown }) => (value === undefined || value === '' ? fallback : Number(value));

/** Values never repeated in an error message. */
const SECRETS = new Set(['JWT_SECRET', 'ADMIN_PASSWORD', 'ADMIN_PASSWORD_FILE', 'MASTER_KEY']);

/**
 * Every setting comes from an environment variable, validated at start with one clear message
 * per mistake. Documented in the README's "Configuration" table.
 */
export class Environment {
  @Transform(({ value }) => (value === undefined || value === '' ? 3000 : Number(value)))
  @IsInt({ message: 'PORT must be an integer between 0 and 65535 (0: any free port)' })
  @Min(0, { message: 'PORT must be an integer between 0 and 65535 (0: any free port)' })
  @Max(65535, { message: 'PORT must be an integer between 0 and 65535 (0: any free port)' })
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @IsString()
  @MinLength(1, { message: 'DATA_DIR must be a folder path' })
  DATA_DIR = './data';

  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters (or unset it to have one generated under DATA_DIR)' })
  JWT_SECRET?: string;

  @Transform(({ value }) => (value === undefined || value === '' ? 3600 : Number(value)))
  @IsInt({ message: 'JWT_TTL_SECONDS must be an integer between 60 and 86400' })
  @Min(60, { message: 'JWT_TTL_SECONDS must be an integer between 60 and 86400' })
  @Max(86400, { message: 'JWT_TTL_SECONDS must be an integer between 60 and 86400' })
  JWT_TTL_SECONDS = 3600;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { message: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent' })
  LOG_LEVEL = 'info';

  @IsIn(['FULL', 'NORMAL'], { message: 'SQLITE_SYNCHRONOUS must be FULL or NORMAL' })
  SQLITE_SYNCHRONOUS: 'FULL' | 'NORMAL' = 'FULL';

  @IsOptional()
  @IsString()
  SMS_OUTBOX?: string;

  /**
   * Which proxies' X-Forwarded-For the gateway believes, and so the client address every limit
   * counts: `none` (the socket's peer is the client), a hop count, or proxy addresses/CIDRs
   * (comma-separated; `loopback`, `linklocal`, `uniquelocal` name those ranges).
   */
  @IsString()
  TRUST_PROXY = 'none';

  /** SMS codes the whole bank sends in one clock hour (besides the per-mobile and per-address limits). */
  @Transform(int(1000))
  @IsInt({ message: 'SMS_GLOBAL_PER_HOUR must be an integer between 1 and 10000000' })
  @Min(1, { message: 'SMS_GLOBAL_PER_HOUR must be an integer between 1 and 10000000' })
  @Max(10_000_000, { message: 'SMS_GLOBAL_PER_HOUR must be an integer between 1 and 10000000' })
  SMS_GLOBAL_PER_HOUR = 1000;

  /** Password attempts on one account (or unknown identifier) in a clock hour before waits begin. */
  @Transform(int(5))
  @IsInt({ message: 'LOGIN_FREE_ATTEMPTS must be an integer between 1 and 100' })
  @Min(1, { message: 'LOGIN_FREE_ATTEMPTS must be an integer between 1 and 100' })
  @Max(100, { message: 'LOGIN_FREE_ATTEMPTS must be an integer between 1 and 100' })
  LOGIN_FREE_ATTEMPTS = 5;

  /** Password attempts from one client address in a clock hour (whatever account) before waits begin. */
  @Transform(int(20))
  @IsInt({ message: 'LOGIN_FREE_ATTEMPTS_PER_ADDRESS must be an integer between 1 and 10000' })
  @Min(1, { message: 'LOGIN_FREE_ATTEMPTS_PER_ADDRESS must be an integer between 1 and 10000' })
  @Max(10_000, { message: 'LOGIN_FREE_ATTEMPTS_PER_ADDRESS must be an integer between 1 and 10000' })
  LOGIN_FREE_ATTEMPTS_PER_ADDRESS = 20;

  /** The longest wait between password attempts once the free ones are used (they double from 1 s up to this). */
  @Transform(int(300))
  @IsInt({ message: 'LOGIN_MAX_DELAY_SECONDS must be an integer between 1 and 3600' })
  @Min(1, { message: 'LOGIN_MAX_DELAY_SECONDS must be an integer between 1 and 3600' })
  @Max(3600, { message: 'LOGIN_MAX_DELAY_SECONDS must be an integer between 1 and 3600' })
  LOGIN_MAX_DELAY_SECONDS = 300;

  /** The first administrator (管理中心), registered at start when no account has this username. */
  @IsOptional()
  @Matches(ADMIN_USERNAME_RULE, { message: 'ADMIN_USERNAME must be 4 to 32 letters, digits or underscores, not all digits' })
  ADMIN_USERNAME?: string;

  /** The administrator's password, or read from ADMIN_PASSWORD_FILE; there is no default. */
  @IsOptional()
  @Matches(ADMIN_PASSWORD_RULE, { message: 'ADMIN_PASSWORD must be 8 to 64 characters with at least one letter and one digit' })
  ADMIN_PASSWORD?: string;

  /**
   * The master key wrapping every data subject's key (crypto-shredding) and keying the pseudonyms:
   * 32 bytes as 64 hex digits or base64, or read from MASTER_KEY_FILE. Unset in the embedded
   * profile: generated once into DATA_DIR/master-key (mode 600).
   */
  @IsOptional()
  @IsString()
  MASTER_KEY?: string;

  /** The storage quota of each learner's evidence files, bytes (default 200 MiB; at least 1 KiB). */
  @Transform(({ value }) => (value === undefined || value === '' ? 200 * 1024 * 1024 : Number(value)))
  @IsInt({ message: 'EVIDENCE_QUOTA_BYTES must be an integer between 1024 and 2^53 - 1 (bytes)' })
  @Min(1024, { message: 'EVIDENCE_QUOTA_BYTES must be an integer between 1024 and 2^53 - 1 (bytes)' })
  @Max(Number.MAX_SAFE_INTEGER, { message: 'EVIDENCE_QUOTA_BYTES must be an integer between 1024 and 2^53 - 1 (bytes)' })
  EVIDENCE_QUOTA_BYTES = 200 * 1024 * 1024;

  /** An evidence file that backs no achievement this long is deleted (default 86400: 24 hours). */
  @Transform(({ value }) => (value === undefined || value === '' ? 86_400 : Number(value)))
  @IsInt({ message: 'EVIDENCE_UNATTACHED_MAX_AGE_SECONDS must be an integer between 1 and 31536000 (a year)' })
  @Min(1, { message: 'EVIDENCE_UNATTACHED_MAX_AGE_SECONDS must be an integer between 1 and 31536000 (a year)' })
  @Max(31_536_000, { message: 'EVIDENCE_UNATTACHED_MAX_AGE_SECONDS must be an integer between 1 and 31536000 (a year)' })
  EVIDENCE_UNATTACHED_MAX_AGE_SECONDS = 86_400;

  /** How often the ledger sweeps for such files, seconds (default 600). */
  @Transform(({ value }) => (value === undefined || value === '' ? 600 : Number(value)))
  @IsInt({ message: 'EVIDENCE_SWEEP_INTERVAL_SECONDS must be an integer between 1 and 86400' })
  @Min(1, { message: 'EVIDENCE_SWEEP_INTERVAL_SECONDS must be an integer between 1 and 86400' })
  @Max(86_400, { message: 'EVIDENCE_SWEEP_INTERVAL_SECONDS must be an integer between 1 and 86400' })
  EVIDENCE_SWEEP_INTERVAL_SECONDS = 600;
}

export class EnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvironmentError';
  }
}

/** Reads and validates the environment; throws EnvironmentError listing every mistake. */
export function loadEnvironment(env: Record<string, string | undefined> = process.env): Environment {
  const known = Object.keys(new Environment()).concat(['JWT_SECRET', 'SMS_OUTBOX', 'ADMIN_USERNAME', 'ADMIN_PASSWORD', 'MASTER_KEY']);
  const picked: Record<string, string> = {};
  for (const key of known) {
    const v = env[key];
    if (v !== undefined && v !== '') picked[key] = v;
  }
  const problems = [...adminPasswordFromFile(env, picked), ...masterKeyFromFile(env, picked)];
  const config = plainToInstance(Environment, picked, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false });
  problems.push(
    ...errors.flatMap((e) => {
      const messages = Object.values(e.constraints ?? {});
      const got = SECRETS.has(e.property) ? 'a value not shown' : JSON.stringify(env[e.property]);
      return [...new Set(messages)].map((m) => `${m} (got ${got})`);
    }),
  );
  if (picked.MASTER_KEY !== undefined) {
    try {
      parseMasterKey(picked.MASTER_KEY);
    } catch (error) {
      problems.push(`${env.MASTER_KEY_FILE ? 'MASTER_KEY_FILE' : 'MASTER_KEY'} ${(error as Error).message} (got a value not shown)`);
    }
  }
  const trustProxy = parseTrustProxy(config.TRUST_PROXY);
  if (typeof trustProxy === 'string') problems.push(`${trustProxy} (got ${JSON.stringify(env.TRUST_PROXY)})`);
  if (Boolean(picked.ADMIN_USERNAME) !== Boolean(picked.ADMIN_PASSWORD)) {
    problems.push('ADMIN_USERNAME and ADMIN_PASSWORD (or ADMIN_PASSWORD_FILE) must be set together, or neither');
  }
  if (problems.length) throw new EnvironmentError(problems);
  return config;
}

/**
 * ADMIN_PASSWORD_FILE (e.g. a Docker or Kubernetes secret) becomes ADMIN_PASSWORD: the file's
 * content without one trailing line break. Setting both is a mistake.
 */
function adminPasswordFromFile(env: Record<string, string | undefined>, picked: Record<string, string>): string[] {
  const file = env.ADMIN_PASSWORD_FILE;
  if (file === undefined || file === '') return [];
  if (picked.ADMIN_PASSWORD !== undefined) return ['ADMIN_PASSWORD and ADMIN_PASSWORD_FILE must not both be set'];
  try {
    const password = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    if (password !== '') picked.ADMIN_PASSWORD = password;
    return password === '' ? [`ADMIN_PASSWORD_FILE names an empty file (${file})`] : [];
  } catch (error) {
    return [`ADMIN_PASSWORD_FILE cannot be read (${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'})`];
  }
}

/** MASTER_KEY_FILE (a Docker or Kubernetes secret) becomes MASTER_KEY; setting both is a mistake. */
function masterKeyFromFile(env: Record<string, string | undefined>, picked: Record<string, string>): string[] {
  const file = env.MASTER_KEY_FILE;
  if (file === undefined || file === '') return [];
  if (picked.MASTER_KEY !== undefined) return ['MASTER_KEY and MASTER_KEY_FILE must not both be set'];
  try {
    const key = readFileSync(file, 'utf8').trim();
    if (key !== '') picked.MASTER_KEY = key;
    return key === '' ? [`MASTER_KEY_FILE names an empty file (${file})`] : [];
  } catch (error) {
    return [`MASTER_KEY_FILE cannot be read (${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'})`];
  }
}

/** Fastify's `trustProxy`: false (none), a hop count, or the trusted proxies' addresses and CIDRs. */
export type TrustProxy = false | number | string[];

const PROXY_RANGES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** TRUST_PROXY as Fastify takes it, or a message saying what is wrong with it. */
export function parseTrustProxy(value: string): TrustProxy | string {
  const text = value.trim();
  if (text === '' || text === 'none' || text === 'false') return false;
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    return hops >= 1 && hops <= 10 ? hops : 'TRUST_PROXY as a hop count must be between 1 and 10 (or none)';
  }
  const entries = text.split(',').map((e) => e.trim()).filter(Boolean);
  const bad = entries.filter((entry) => {
    if (PROXY_RANGES.has(entry)) return false;
    const [address, prefix, ...rest] = entry.split('/');
    const family = isIP(address);
    if (!family || rest.length) return true;
    return prefix !== undefined && !(/^\d+$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
  });
  return bad.length || !entries.length
    ? 'TRUST_PROXY must be none, a hop count (1-10), or comma-separated proxy addresses/CIDRs (loopback, linklocal, uniquelocal allowed)'
    : entries;
}

/** The validated TRUST_PROXY of a loaded environment. */
export function trustProxyOf(env: Pick<Environment, 'TRUST_PROXY'>): TrustProxy {
  const parsed = parseTrustProxy(env.TRUST_PROXY);
  if (typeof parsed === 'string') throw new EnvironmentError([parsed]);
  return parsed;
}
