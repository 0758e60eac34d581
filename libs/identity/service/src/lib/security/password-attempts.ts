import { AttemptPolicy, attemptDecider, attemptsStreamId } from '@credit-bank/identity-domain';
import { CommandContext, EVENT_STORE, EventStore, executeCommand } from '@credit-bank/kernel';
import { Pseudonyms, PSEUDONYMS } from '@credit-bank/platform';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { IDENTITY_OPTIONS, ResolvedIdentityOptions } from '../identity-options';
import { StreamQueue } from './stream-queue';

/**
 * Whose attempts count: the account (whatever identifier named it), an identifier that names no
 * account (so unknown and known ones cost the same), and the client address (TRUST_PROXY decides
 * it at the gateway) — an address is shared by many people, so it gets more free attempts and a
 * correct password gives back only its own attempt.
 */
export type AttemptSubject = { kind: 'account' | 'identifier' | 'address'; value: string };

/** The reserved attempts of one password check: settle them when the password was right. */
export interface AttemptReservation {
  /** The password was correct: the account's (or identifier's) count is cleared, each address gets its attempt back. */
  succeeded(): Promise<void>;
}

/**
 * Password attempts (sign-in, password change, erasure), durable and atomic: each attempt is
 * reserved in the event store (password-attempts.decider.ts) BEFORE the password is checked, with
 * the stream's expected revision (a conflict retries), so 40 parallel guesses are counted as 40
 * and a restart forgets nothing. Within one process the reservations of one stream also queue
 * behind each other, so a burst does not spin on conflicts.
 */
@Injectable()
export class PasswordAttempts {
  private readonly pseudonyms: Pseudonyms;
  private readonly queue = new StreamQueue();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(IDENTITY_OPTIONS) private readonly options: ResolvedIdentityOptions,
    @Optional() @Inject(PSEUDONYMS) pseudonyms?: Pseudonyms,
  ) {
    this.pseudonyms = pseudonyms ?? new Pseudonyms();
  }

  /** The subject of a sign-in identifier that names no account: trimmed, case-insensitive. */
  static identifier(identifier: string): AttemptSubject {
    return { kind: 'identifier', value: identifier.trim().toLowerCase() };
  }

  /**
   * Reserves one attempt for each subject in order, or throws IDENTITY.TOO_MANY_ATTEMPTS (429,
   * `retryAfterSeconds`). Put the address first: an attacker's own address is refused before the
   * victim's account is charged.
   */
  async reserve(subjects: (AttemptSubject | undefined)[], ctx: CommandContext): Promise<AttemptReservation> {
    const reserved: { stream: string; subject: AttemptSubject }[] = [];
    for (const subject of subjects) {
      if (!subject || subject.value === '') continue;
      const stream = attemptsStreamId(this.pseudonyms.keyOf('password-attempts', `${subject.kind}:${subject.value}`), ctx.now);
      await this.queue.run(stream, () => executeCommand(this.store, stream, attemptDecider, { type: 'ReserveAttempt', policy: this.policyOf(subject), now: ctx.now }, ctx, { retries: 50 }));
      reserved.push({ stream, subject });
    }
    return {
      succeeded: async () => {
        for (const { stream, subject } of reserved) {
          const mode = subject.kind === 'address' ? 'refund' : 'clear';
          await this.queue.run(stream, () => executeCommand(this.store, stream, attemptDecider, { type: 'SettleAttempt', mode, now: ctx.now }, ctx, { retries: 50 }));
        }
      },
    };
  }

  private policyOf(subject: AttemptSubject): AttemptPolicy {
    const freeAttempts = subject.kind === 'address' ? this.options.loginFreeAttemptsPerAddress : this.options.loginFreeAttempts;
    return { freeAttempts, maxDelaySeconds: this.options.loginMaxDelaySeconds };
  }
}
