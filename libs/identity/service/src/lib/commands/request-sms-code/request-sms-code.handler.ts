import { SmsCodeRequestedResponse } from '@credit-bank/contracts';
import { IdentityErrorCodes, SMS_RESEND_INTERVAL_SECONDS, smsBudgetDecider, smsBudgetStreamId, smsCodeDecider } from '@credit-bank/identity-domain';
import { DomainError, EVENT_STORE, EventStore, executeCommand, loadStream, SMS_SENDER, SmsSender } from '@credit-bank/kernel';
import { contextOf } from '@credit-bank/platform';
import { Inject, Optional } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IDENTITY_OPTIONS, ResolvedIdentityOptions } from '../../identity-options';
import { StreamQueue } from '../../security/stream-queue';
import { SmsCodes } from '../../sms/sms-codes';
import { RequestSmsCodeCommand } from './request-sms-code.command';

/**
 * Issues a code, then sends it through the SMS port. The mobile's own limits (the code decider's)
 * are looked at first, so a refused request costs the bank's hourly budget nothing; then the
 * budget is spent (durably, with the expected revision: 429 IDENTITY.SMS_BUDGET_EXHAUSTED when
 * SMS_GLOBAL_PER_HOUR codes went out this hour); then the code is issued and sent.
 */
@CommandHandler(RequestSmsCodeCommand)
export class RequestSmsCodeHandler implements ICommandHandler<RequestSmsCodeCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(IDENTITY_OPTIONS) private readonly options: ResolvedIdentityOptions,
    private readonly codes: SmsCodes,
    @Optional() @Inject(SMS_SENDER) private readonly sender?: SmsSender,
  ) {}

  private readonly budget = new StreamQueue();

  async execute({ payload, meta }: RequestSmsCodeCommand): Promise<SmsCodeRequestedResponse> {
    if (!this.sender) throw new DomainError(IdentityErrorCodes.SMS_UNAVAILABLE, 'unavailable', 'No SMS gateway is configured.');
    const ctx = contextOf(meta);
    const { mobile, purpose } = payload;
    const code = this.codes.newCode();
    const stream = this.codes.streamOf(mobile, purpose);
    const issue = { type: 'IssueSmsCode' as const, mobile, purpose, codeHash: this.codes.hash(mobile, purpose, code), ttlSeconds: this.options.smsCodeTtlSeconds, now: ctx.now };
    smsCodeDecider.decide(issue, (await loadStream(this.store, stream, smsCodeDecider)).state); // the mobile's limits: throws before the budget is touched
    const budgetStream = smsBudgetStreamId(ctx.now);
    await this.budget.run(budgetStream, () =>
      executeCommand(this.store, budgetStream, smsBudgetDecider, { type: 'SpendSms', perHour: this.options.smsGlobalPerHour, now: ctx.now }, ctx, { retries: 50 }),
    );
    await executeCommand(this.store, stream, smsCodeDecider, issue, ctx);
    await this.sender.send({ mobile, purpose, code, sentAt: ctx.now });
    return { expiresInSeconds: this.options.smsCodeTtlSeconds, resendAfterSeconds: SMS_RESEND_INTERVAL_SECONDS };
  }
}
