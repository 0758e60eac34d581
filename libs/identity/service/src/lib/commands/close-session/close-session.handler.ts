import { ReadModelPending } from '@credit-bank/contracts';
import { accountDecider, accountStreamId } from '@credit-bank/identity-domain';
import { EVENT_STORE, EventStore, executeCommand } from '@credit-bank/kernel';
import { contextOf, requireActor } from '@credit-bank/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { IdentityProjectionsHost } from '../../projections/identity-projections.host';
import { CloseSessionCommand } from './close-session.command';

/**
 * 安全退出: appends SignedOut for the caller's session (the `sid` of the token the gateway
 * verified), then waits for the sessions read model, so the very next request with that token is
 * refused, by whichever gateway and identity instance it reaches.
 */
@CommandHandler(CloseSessionCommand)
export class CloseSessionHandler implements ICommandHandler<CloseSessionCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: IdentityProjectionsHost,
  ) {}

  async execute({ payload, meta }: CloseSessionCommand): Promise<ReadModelPending> {
    const actor = requireActor(meta);
    const ctx = contextOf(meta);
    const { position } = await executeCommand(
      this.store,
      accountStreamId(actor.accountId),
      accountDecider,
      { type: 'SignOut', accountId: actor.accountId, sessionId: payload.sessionId, tokenExpiresAt: new Date(payload.expiresAt).toISOString(), now: ctx.now },
      ctx,
    );
    // Nothing to answer but whether the read model has it yet (202 if not).
    return this.projections.settle(position, {});
  }
}
