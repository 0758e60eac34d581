import { InstitutionView } from '@credit-bank/contracts';
import { accountDecider, accountStreamId } from '@credit-bank/identity-domain';
import { EVENT_STORE, EventStore, executeCommand, normalizeInstitutionName } from '@credit-bank/kernel';
import { contextOf, pendingAnswer, requireActor } from '@credit-bank/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InstitutionDirectory } from '../../projections/accounts/institution-directory';
import { IdentityProjectionsHost } from '../../projections/identity-projections.host';
import { UniqueValues } from '../../uniqueness/unique-values';
import { RejectInstitutionCommand } from './reject-institution.command';

/**
 * 机构审核 (rejection with a reason): the same refusals as the approval, and a reason of 1–500
 * characters. The institution's name is free again for another registration.
 */
@CommandHandler(RejectInstitutionCommand)
export class RejectInstitutionHandler implements ICommandHandler<RejectInstitutionCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: IdentityProjectionsHost,
    private readonly institutions: InstitutionDirectory,
    private readonly uniqueValues: UniqueValues,
  ) {}

  async execute({ payload, meta }: RejectInstitutionCommand): Promise<InstitutionView> {
    const actor = requireActor(meta);
    const ctx = contextOf(meta);
    const { position, events, state } = await executeCommand(
      this.store,
      accountStreamId(payload.id),
      accountDecider,
      { type: 'RejectInstitution', accountId: payload.id, reason: payload.reason, decidedBy: actor.accountId, deciderRole: actor.role, now: ctx.now },
      ctx,
    );
    if (events.length && state.status !== 'unregistered' && state.name) {
      await this.uniqueValues.releaseAll([{ kind: 'institution-name', value: normalizeInstitutionName(state.name) }], payload.id, ctx);
    }
    // The read model answers the view: the decision's own if it applied it in time, marked pending otherwise.
    const seen = await this.projections.waitFor(position);
    const view = await this.institutions.get(payload.id);
    return seen ? view : pendingAnswer(view);
  }
}
