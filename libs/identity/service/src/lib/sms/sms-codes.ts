import { SmsCodePurpose, smsCodeDecider, smsCodeInvalid, smsStreamId } from '@credit-bank/identity-domain';
import { CommandContext, EVENT_STORE, EventStore, executeCommand, loadStream } from '@credit-bank/kernel';
import { keyOf } from '@credit-bank/platform';
import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomInt } from 'node:crypto';

/** SMS verification codes: made here, stored only as a SHA-256 hash in the mobile's code stream. */
@Injectable()
export class SmsCodes {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** A fresh 6-digit code from the CSPRNG. */
  newCode(): string {
    return randomInt(0, 1_000_000).toString().padStart(6, '0');
  }

  /** SHA-256 of the code bound to its mobile and purpose (a hash for one mobile fits no other). */
  hash(mobile: string, purpose: SmsCodePurpose, code: string): string {
    return createHash('sha256').update(`${purpose}:${mobile}:${code}`).digest('hex');
  }

  streamOf(mobile: string, purpose: SmsCodePurpose): string {
    return smsStreamId(keyOf('mobile', mobile), purpose);
  }

  /**
   * Checks a code without using it up. A wrong code is recorded (it counts towards the 5 wrong
   * attempts) and refused; an expired, used or dead code is refused.
   */
  async verify(mobile: string, purpose: SmsCodePurpose, code: string, ctx: CommandContext): Promise<void> {
    const stream = this.streamOf(mobile, purpose);
    const codeHash = this.hash(mobile, purpose, code);
    const { state } = await loadStream(this.store, stream, smsCodeDecider);
    const [outcome] = smsCodeDecider.decide({ type: 'ConsumeSmsCode', codeHash, now: ctx.now }, state);
    if (outcome?.type === 'SmsCodeConsumed') return;
    // Wrong: record the attempt against the stream as it is now, then refuse.
    await executeCommand(this.store, stream, smsCodeDecider, { type: 'ConsumeSmsCode', codeHash, now: ctx.now }, ctx);
    throw smsCodeInvalid();
  }

  /** Uses the code up (single use); refuses like `verify`. */
  async consume(mobile: string, purpose: SmsCodePurpose, code: string, ctx: CommandContext): Promise<void> {
    const stream = this.streamOf(mobile, purpose);
    const result = await executeCommand(this.store, stream, smsCodeDecider, { type: 'ConsumeSmsCode', codeHash: this.hash(mobile, purpose, code), now: ctx.now }, ctx);
    if (result.events[0]?.type !== 'SmsCodeConsumed') throw smsCodeInvalid();
  }
}
