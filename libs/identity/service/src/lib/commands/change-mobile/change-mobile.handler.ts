import { ReadModelPending } from '@credit-bank/contracts';
import { accountDecider, accountStreamId, ChangeMobile, MobileChanged } from '@credit-bank/identity-domain';
import { EVENT_STORE, EventStore, loadStream, toNewEvents } from '@credit-bank/kernel';
import { contextOf, requireActor } from '@credit-bank/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IdentityProjectionsHost } from '../../projections/identity-projections.host';
import { SmsCodes } from '../../sms/sms-codes';
import { UniqueValue, UniqueValues } from '../../uniqueness/unique-values';
import { ChangeMobileCommand } from './change-mobile.command';

/**
 * 更换手机号: the domain rules first (pure: a refused change costs no SMS code) → the new number
 * must be free (read only) → the codes sent to the current and to the new number (purpose
 * `change-mobile`; a wrong one counts against its code's attempts) → reserve the new number → use
 * both codes up → append MobileChanged with the revision the plan was made on (a concurrent
 * change of the same account fails with 409 and releases the reservation) → release the old
 * number → wait for the read model, so sign-in by the new number works at once.
 */
@CommandHandler(ChangeMobileCommand)
export class ChangeMobileHandler implements ICommandHandler<ChangeMobileCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly codes: SmsCodes,
    private readonly uniqueValues: UniqueValues,
    private readonly projections: IdentityProjectionsHost,
  ) {}

  async execute({ payload, meta }: ChangeMobileCommand): Promise<ReadModelPending> {
    const actor = requireActor(meta);
    const ctx = contextOf(meta);
    const stream = accountStreamId(actor.accountId);
    const command: ChangeMobile = { type: 'ChangeMobile', accountId: actor.accountId, newMobile: payload.newMobile, now: ctx.now };
    const loaded = await loadStream(this.store, stream, accountDecider);
    const events = accountDecider.decide(command, loaded.state);
    const { mobile, previousMobile } = (events[0] as MobileChanged).data;
    const newMobile: UniqueValue = { kind: 'mobile', value: mobile };

    await this.uniqueValues.assertFree([newMobile], actor.accountId, ctx);
    await this.codes.verify(previousMobile, 'change-mobile', payload.smsCodeOld, ctx);
    await this.codes.verify(mobile, 'change-mobile', payload.smsCodeNew, ctx);
    const reserved = await this.uniqueValues.claim(newMobile, actor.accountId, ctx);
    let position: number;
    try {
      await this.codes.consume(previousMobile, 'change-mobile', payload.smsCodeOld, ctx);
      await this.codes.consume(mobile, 'change-mobile', payload.smsCodeNew, ctx);
      ({ position } = await this.store.append(stream, toNewEvents(events, ctx), { expectedRevision: loaded.revision }));
    } catch (error) {
      if (reserved) await this.uniqueValues.releaseAll([newMobile], actor.accountId, ctx);
      throw error;
    }
    await this.uniqueValues.releaseAll([{ kind: 'mobile', value: previousMobile }], actor.accountId, ctx);
    // Nothing to answer but whether the read model has it yet (202 if not).
    return this.projections.settle(position, {});
  }
}
