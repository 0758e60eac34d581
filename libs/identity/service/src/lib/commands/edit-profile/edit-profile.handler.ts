import { ReadModelPending } from '@credit-bank/contracts';
import { accountDecider, accountStreamId, EditProfile, EmailChanged } from '@credit-bank/identity-domain';
import { EVENT_STORE, EventStore, loadStream, toNewEvents } from '@credit-bank/kernel';
import { contextOf, requireActor } from '@credit-bank/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IdentityProjectionsHost } from '../../projections/identity-projections.host';
import { UniqueValue, UniqueValues } from '../../uniqueness/unique-values';
import { EditProfileCommand } from './edit-profile.command';

/**
 * PATCH /me: decide on the account as loaded (every bad field at once, nothing reserved yet) →
 * reserve a new email (409 IDENTITY.EMAIL_TAKEN) → append with the revision the plan was made on
 * (a concurrent change of the same account fails with 409 and releases the reservation) → release
 * the old email → wait for the read model. Nothing that differs: nothing is written.
 */
@CommandHandler(EditProfileCommand)
export class EditProfileHandler implements ICommandHandler<EditProfileCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly uniqueValues: UniqueValues,
    private readonly projections: IdentityProjectionsHost,
  ) {}

  async execute({ payload, meta }: EditProfileCommand): Promise<ReadModelPending> {
    const actor = requireActor(meta);
    const ctx = contextOf(meta);
    const stream = accountStreamId(actor.accountId);
    const command: EditProfile = {
      type: 'EditProfile',
      accountId: actor.accountId,
      ...(payload.email !== undefined ? { email: payload.email } : {}),
      ...(payload.address !== undefined ? { address: payload.address } : {}),
      now: ctx.now,
    };
    const loaded = await loadStream(this.store, stream, accountDecider);
    const events = accountDecider.decide(command, loaded.state);
    if (!events.length) return {};
    const emailChanged = events.find((e): e is EmailChanged => e.type === 'EmailChanged');
    const newEmail: UniqueValue | undefined = emailChanged && { kind: 'email', value: emailChanged.data.email };

    const reserved = newEmail ? await this.uniqueValues.claim(newEmail, actor.accountId, ctx) : false;
    let position: number;
    try {
      ({ position } = await this.store.append(stream, toNewEvents(events, ctx), { expectedRevision: loaded.revision }));
    } catch (error) {
      if (newEmail && reserved) await this.uniqueValues.releaseAll([newEmail], actor.accountId, ctx);
      throw error;
    }
    if (emailChanged) await this.uniqueValues.releaseAll([{ kind: 'email', value: emailChanged.data.previousEmail }], actor.accountId, ctx);
    // Nothing to answer but whether the read model has it yet (202 if not).
    return this.projections.settle(position, {});
  }
}
