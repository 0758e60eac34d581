import { SMS_CODE_DEFAULT_TTL_SECONDS } from '@credit-bank/identity-domain';

export interface IdentityServiceOptions {
  /** HS256 secret shared with the gateway, which verifies the tokens. */
  jwtSecret: string;
  /** Lifetime of an access token, seconds. */
  jwtTtlSeconds: number;
  /** Lifetime of an SMS verification code, seconds (default 300). */
  smsCodeTtlSeconds?: number;
  /** Failed logins for one identifier before further attempts are refused (default 5). */
  loginMaxFailures?: number;
  /** Window of those failures and length of the refusal, seconds (default 900). */
  loginLockSeconds?: number;
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
    loginMaxFailures: options.loginMaxFailures ?? 5,
    loginLockSeconds: options.loginLockSeconds ?? 15 * 60,
    administrator: options.administrator,
    catalogRequestTimeoutMs: options.catalogRequestTimeoutMs ?? 5000,
  };
}
