import { SmsCodeRequestedResponse } from '@credit-bank/contracts';
import { IdentityErrorCodes, SMS_RESEND_INTERVAL_SECONDS, smsCodeDecider } from '@credit-bank/identity-domain';
import { DomainError, EVENT_STORE, EventStore, executeCommand, SMS_SENDER, SmsSender } from '@credit-bank/kernel';
import { contextOf } from '@credit-bank/platform';
import { Inject, Optional } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IDENTITY_OPTIONS, ResolvedIdentityOptions } from '../../identity-options';
import { SmsCodes } from '../../sms/sms-codes';
import { RequestSmsCodeCommand } from './request-sms-code.command';

/** Issues a code (the rate limits are the decider's), then sends it through the SMS port. */
@CommandHandler(RequestSmsCodeCommand)
export class RequestSmsCodeHandler implements ICommandHandler<RequestSmsCodeCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(IDENTITY_OPTIONS) private readonly options: ResolvedIdentityOptions,
    private readonly codes: SmsCodes,
    @Optional() @Inject(SMS_SENDER) private readonly sender?: SmsSender,
  ) {}

  async execute({ payload, meta }: RequestSmsCodeCommand): Promise<SmsCodeRequestedResponse> {
    if (!this.sender) throw new DomainError(IdentityErrorCodes.SMS_UNAVAILABLE, 'unavailable', 'No SMS gateway is configured.');
    const ctx = contextOf(meta);
    const { mobile, purpose } = payload;
    const code = this.codes.newCode();
    await executeCommand(
      this.store,
      this.codes.streamOf(mobile, purpose),
      smsCodeDecider,
      { type: 'IssueSmsCode', mobile, purpose, codeHash: this.codes.hash(mobile, purpose, code), ttlSeconds: this.options.smsCodeTtlSeconds, now: ctx.now },
      ctx,
    );
    await this.sender.send({ mobile, purpose, code, sentAt: ctx.now });
    return { expiresInSeconds: this.options.smsCodeTtlSeconds, resendAfterSeconds: SMS_RESEND_INTERVAL_SECONDS };
  }
}
