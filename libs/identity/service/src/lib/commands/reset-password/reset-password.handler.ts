import { ReadModelPending } from '@credit-bank/contracts';
import { accountDecider, accountStreamId, passwordErrors, passwordInvalid, smsCodeInvalid } from '@credit-bank/identity-domain';
import { EVENT_STORE, EventStore, executeCommand } from '@credit-bank/kernel';
import { contextOf } from '@credit-bank/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AccountLookup } from '../../projections/accounts/account-lookup';
import { IdentityProjectionsHost } from '../../projections/identity-projections.host';
import { PasswordHasher } from '../../security/password-hasher';
import { SmsCodes } from '../../sms/sms-codes';
import { ResetPasswordCommand } from './reset-password.command';

/**
 * 忘记密码: policy → the SMS code (purpose `reset-password`) → the account with that mobile →
 * hash → use the code up → append PasswordReset (every earlier token is revoked by it) → wait for
 * the read models. The code is checked before the account is looked up, so a wrong code counts
 * against the code's attempts whether or not the mobile has an account, and an unknown mobile
 * gets the very answer of a wrong code (IDENTITY.SMS_CODE_INVALID).
 */
@CommandHandler(ResetPasswordCommand)
export class ResetPasswordHandler implements ICommandHandler<ResetPasswordCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly lookup: AccountLookup,
    private readonly hasher: PasswordHasher,
    private readonly codes: SmsCodes,
    private readonly projections: IdentityProjectionsHost,
  ) {}

  async execute({ payload, meta }: ResetPasswordCommand): Promise<ReadModelPending> {
    const ctx = contextOf(meta);
    const { mobile, smsCode } = payload;
    const errors = passwordErrors(payload.newPassword, payload.newPasswordConfirmation, 'newPassword', 'newPasswordConfirmation');
    if (errors.length) throw passwordInvalid(errors);
    await this.codes.verify(mobile, 'reset-password', smsCode, ctx);
    const account = await this.lookup.byIdentifier(mobile);
    if (!account) {
      // Only whoever holds this phone got the code; still, it is used up like any other.
      await this.codes.consume(mobile, 'reset-password', smsCode, ctx);
      throw smsCodeInvalid();
    }
    const newPasswordHash = await this.hasher.hash(payload.newPassword);
    await this.codes.consume(mobile, 'reset-password', smsCode, ctx);
    // The account acts: it proved to hold the account's mobile.
    const { position } = await executeCommand(
      this.store,
      accountStreamId(account.id),
      accountDecider,
      { type: 'ResetPassword', accountId: account.id, newPasswordHash, now: ctx.now },
      { ...ctx, actor: account.id },
    );
    // Nothing to answer but whether the read model has it yet (202 if not).
    return this.projections.settle(position, {});
  }
}
