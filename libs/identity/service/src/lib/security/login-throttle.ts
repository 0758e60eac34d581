import { DomainError } from '@credit-bank/kernel';
import { IdentityErrorCodes } from '@credit-bank/identity-domain';

/**
 * Failed logins per identifier, in memory: after `maxFailures` failures within `windowMs`, the
 * identifier is refused (IDENTITY.TOO_MANY_ATTEMPTS) for `windowMs` from the last of them.
 *
 * It is per process: each identity-service instance counts on its own and a restart forgets. With
 * several instances behind the bus an attacker gets up to `maxFailures` tries on each; a shared
 * store (Redis, the read store) would be needed to make the limit global.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  private readonly lockedUntil = new Map<string, number>();

  constructor(
    private readonly maxFailures = 5,
    private readonly windowMs = 15 * 60_000,
    private readonly clock: () => number = Date.now,
    private readonly maxTracked = 100_000,
  ) {}

  /** Throws IDENTITY.TOO_MANY_ATTEMPTS while the identifier is locked. */
  check(identifier: string): void {
    const key = this.keyOf(identifier);
    const until = this.lockedUntil.get(key);
    if (until === undefined) return;
    const now = this.clock();
    if (until > now) {
      throw new DomainError(IdentityErrorCodes.TOO_MANY_ATTEMPTS, 'rate_limited', 'Too many failed sign-in attempts; try again later.', {
        retryAfterSeconds: Math.ceil((until - now) / 1000),
      });
    }
    this.lockedUntil.delete(key);
    this.failures.delete(key);
  }

  recordFailure(identifier: string): void {
    const key = this.keyOf(identifier);
    const now = this.clock();
    const recent = (this.failures.get(key) ?? []).filter((t) => t > now - this.windowMs);
    recent.push(now);
    this.failures.set(key, recent);
    if (recent.length >= this.maxFailures) this.lockedUntil.set(key, now + this.windowMs);
    if (this.failures.size > this.maxTracked) this.sweep(now);
  }

  recordSuccess(identifier: string): void {
    const key = this.keyOf(identifier);
    this.failures.delete(key);
    this.lockedUntil.delete(key);
  }

  private keyOf(identifier: string): string {
    return identifier.trim().toLowerCase();
  }

  private sweep(now: number): void {
    for (const [key, times] of this.failures) {
      if (!times.some((t) => t > now - this.windowMs) && !((this.lockedUntil.get(key) ?? 0) > now)) {
        this.failures.delete(key);
        this.lockedUntil.delete(key);
      }
    }
  }
}
