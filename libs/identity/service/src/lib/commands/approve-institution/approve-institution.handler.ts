import { InstitutionView } from '@credit-bank/contracts';
import { accountDecider, accountStreamId } from '@credit-bank/identity-domain';
import { EVENT_STORE, EventStore, executeCommand } from '@credit-bank/kernel';
import { contextOf, requireActor } from '@credit-bank/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InstitutionDirectory } from '../../projections/accounts/institution-directory';
import { IdentityProjectionsHost } from '../../projections/identity-projections.host';
import { ApproveInstitutionCommand } from './approve-institution.command';

/**
 * 机构审核 (approval): the decider refuses a caller who is not an administrator (403), an account
 * that is not an institution (404) and a decided institution (409); of two administrators
 * deciding at once, the second is retried on the revision conflict and refused with 409.
 */
@CommandHandler(ApproveInstitutionCommand)
export class ApproveInstitutionHandler implements ICommandHandler<ApproveInstitutionCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: IdentityProjectionsHost,
    private readonly institutions: InstitutionDirectory,
  ) {}

  async execute({ payload, meta }: ApproveInstitutionCommand): Promise<InstitutionView> {
    const actor = requireActor(meta);
    const ctx = contextOf(meta);
    const { position } = await executeCommand(
      this.store,
      accountStreamId(payload.id),
      accountDecider,
      { type: 'ApproveInstitution', accountId: payload.id, decidedBy: actor.accountId, deciderRole: actor.role, now: ctx.now },
      ctx,
    );
    await this.projections.waitFor(position);
    return this.institutions.get(payload.id);
  }
}
