import { SmsCodePurpose, smsCodeDecider, smsCodeInvalid, smsStreamId } from '@credit-bank/identity-domain';
import { CommandContext, EVENT_STORE, EventStore, executeCommand, loadStream } from '@credit-bank/kernel';
import { Pseudonyms, PSEUDONYMS } from '@credit-bank/platform';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { randomInt } from 'node:crypto';

/**
 * SMS verification codes: made here, stored only as a keyed hash (HMAC-SHA256 under the master
 * key's pseudonym sub-key, bound to the code's stream) in a stream named by the keyed hash of the
 * mobile: without the master key, neither the number nor the code can be found by trying
 * candidates. Codes issued before keyed names (minutes-long lives) are simply not found again:
 * the person asks for a new one.
 */
@Injectable()
export class SmsCodes {
  private readonly pseudonyms: Pseudonyms;

  constructor(@Inject(EVENT_STORE) private readonly store: EventStore, @Optional() @Inject(PSEUDONYMS) pseudonyms?: Pseudonyms) {
    this.pseudonyms = pseudonyms ?? new Pseudonyms();
  }

  /** A fresh 6-digit code from the CSPRNG. */
  newCode(): string {
    return randomInt(0, 1_000_000).toString().padStart(6, '0');
  }

  /** The keyed hash of the code bound to its stream, i.e. its mobile and purpose (a hash for one mobile fits no other). */
  hash(mobile: string, purpose: SmsCodePurpose, code: string): string {
    return this.pseudonyms.digest('sms-code', this.streamOf(mobile, purpose), code);
  }

  streamOf(mobile: string, purpose: SmsCodePurpose): string {
    return smsStreamId(this.pseudonyms.keyOf('mobile', mobile), purpose);
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
