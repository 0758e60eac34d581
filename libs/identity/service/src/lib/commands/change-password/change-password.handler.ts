import { accountDecider, accountStreamId, passwordErrors, passwordInvalid } from '@credit-bank/identity-domain';
import { EVENT_STORE, EventStore, executeCommand, loadStream } from '@credit-bank/kernel';
import { contextOf, requireActor } from '@credit-bank/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IdentityProjectionsHost } from '../../projections/identity-projections.host';
import { PasswordHasher } from '../../security/password-hasher';
import { ChangePasswordCommand } from './change-password.command';

/** The signed-in account changes its password: policy → verify the current one → hash → append. */
@CommandHandler(ChangePasswordCommand)
export class ChangePasswordHandler implements ICommandHandler<ChangePasswordCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly hasher: PasswordHasher,
    private readonly projections: IdentityProjectionsHost,
  ) {}

  async execute({ payload, meta }: ChangePasswordCommand): Promise<void> {
    const actor = requireActor(meta);
    const ctx = contextOf(meta);
    const errors = passwordErrors(payload.newPassword, payload.newPasswordConfirmation, 'newPassword', 'newPasswordConfirmation');
    if (errors.length) throw passwordInvalid(errors);
    const stream = accountStreamId(actor.accountId);
    const { state } = await loadStream(this.store, stream, accountDecider);
    const currentPasswordMatches = state.status !== 'unregistered' && (await this.hasher.verify(state.passwordHash, payload.currentPassword));
    const newPasswordSameAsCurrent = currentPasswordMatches && payload.newPassword === payload.currentPassword;
    // Hash only when the change can succeed (argon2 costs); the decider refuses before using it.
    const newPasswordHash = currentPasswordMatches && !newPasswordSameAsCurrent ? await this.hasher.hash(payload.newPassword) : '';
    const { position } = await executeCommand(
      this.store,
      stream,
      accountDecider,
      { type: 'ChangePassword', accountId: actor.accountId, currentPasswordMatches, newPasswordSameAsCurrent, newPasswordHash, now: ctx.now },
      ctx,
    );
    await this.projections.waitFor(position);
  }
}
