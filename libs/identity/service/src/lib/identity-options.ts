import { SMS_CODE_DEFAULT_TTL_SECONDS } from '@credit-bank/identity-domain';

export interface IdentityServiceOptions {
  /** HS256 secret shared with the gateway, which verifies the tokens. */
  jwtSecret: string;
  /** Lifetime of an access token, seconds. */
  jwtTtlSeconds: number;
  /** Lifetime of an SMS verification code, seconds (default 300). */
  smsCodeTtlSeconds?: number;
  /** Password attempts on one account (or unknown identifier) in a clock hour before waits begin (LOGIN_FREE_ATTEMPTS, default 5). */
  loginFreeAttempts?: number;
  /** Password attempts from one client address in a clock hour before waits begin (LOGIN_FREE_ATTEMPTS_PER_ADDRESS, default 20). */
  loginFreeAttemptsPerAddress?: number;
  /** The longest wait between attempts once the free ones are used, seconds (LOGIN_MAX_DELAY_SECONDS, default 300). */
  loginMaxDelaySeconds?: number;
  /** SMS codes the bank sends in one clock hour, whoever asks (SMS_GLOBAL_PER_HOUR, default 1000). */
  smsGlobalPerHour?: number;
  /**
   * The first administrator (ADMIN_USERNAME / ADMIN_PASSWORD): registered at start unless an
   * account with this username exists. Absent: none is registered (a warning says so).
   */
  administrator?: { username: string; password: string };
  /** How long a request to the catalog (its directory of institutions) may take, ms (default 5000; the distributed profile passes REQUEST_TIMEOUT_MS). */
  catalogRequestTimeoutMs?: number;
}

export type ResolvedIdentityOptions = Required<Omit<IdentityServiceOptions, 'administrator'>> & Pick<IdentityServiceOptions, 'administrator'>;

export const IDENTITY_OPTIONS = Symbol.for('credit-bank/IdentityOptions');

export function resolveIdentityOptions(options: IdentityServiceOptions): ResolvedIdentityOptions {
  if (!options?.jwtSecret) throw new Error('IdentityServiceModule: jwtSecret is required');
  if (!(options.jwtTtlSeconds > 0)) throw new Error('IdentityServiceModule: jwtTtlSeconds must be positive');
  return {
    jwtSecret: options.jwtSecret,
    jwtTtlSeconds: options.jwtTtlSeconds,
    smsCodeTtlSeconds: options.smsCodeTtlSeconds ?? SMS_CODE_DEFAULT_TTL_SECONDS,
    loginFreeAttempts: options.loginFreeAttempts ?? 5,
    loginFreeAttemptsPerAddress: options.loginFreeAttemptsPerAddress ?? 20,
    loginMaxDelaySeconds: options.loginMaxDelaySeconds ?? 300,
    smsGlobalPerHour: options.smsGlobalPerHour ?? 1000,
    administrator: options.administrator,
    catalogRequestTimeoutMs: options.catalogRequestTimeoutMs ?? 5000,
  };
}
