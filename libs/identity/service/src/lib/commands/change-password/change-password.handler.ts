import { ReadModelPending } from '@credit-bank/contracts';
import { accountDecider, accountStreamId, passwordErrors, passwordInvalid } from '@credit-bank/identity-domain';
import { EVENT_STORE, EventStore, executeCommand, loadStream } from '@credit-bank/kernel';
import { contextOf, requireActor } from '@credit-bank/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IdentityProjectionsHost } from '../../projections/identity-projections.host';
import { PasswordAttempts } from '../../security/password-attempts';
import { PasswordHasher } from '../../security/password-hasher';
import { ChangePasswordCommand } from './change-password.command';

/** The signed-in account changes its password: policy → reserve an attempt → verify the current one → hash → append. */
@CommandHandler(ChangePasswordCommand)
export class ChangePasswordHandler implements ICommandHandler<ChangePasswordCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly hasher: PasswordHasher,
    private readonly attempts: PasswordAttempts,
    private readonly projections: IdentityProjectionsHost,
  ) {}

  async execute({ payload, meta }: ChangePasswordCommand): Promise<ReadModelPending> {
    const actor = requireActor(meta);
    const ctx = contextOf(meta);
    const errors = passwordErrors(payload.newPassword, payload.newPasswordConfirmation, 'newPassword', 'newPasswordConfirmation');
    if (errors.length) throw passwordInvalid(errors);
    const stream = accountStreamId(actor.accountId);
    const { state } = await loadStream(this.store, stream, accountDecider);
    // Guessing the current password with a stolen token is throttled like sign-in, per account.
    const reservation = await this.attempts.reserve([meta.clientAddress ? { kind: 'address', value: meta.clientAddress } : undefined, { kind: 'account', value: actor.accountId }], ctx);
    const currentPasswordMatches = state.status !== 'unregistered' && (await this.hasher.verify(state.passwordHash, payload.currentPassword));
    if (currentPasswordMatches) await reservation.succeeded();
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
    // Nothing to answer but whether the read model has it yet (202 if not).
    return this.projections.settle(position, {});
  }
}
