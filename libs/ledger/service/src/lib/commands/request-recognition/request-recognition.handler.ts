import { RecognitionRequestedResponse } from '@credit-bank/contracts';
import { achievementDecider, achievementStreamId, achievementSummary, ownedAchievement } from '@credit-bank/ledger-domain';
import { EVENT_STORE, EventStore, executeCommand, loadStream } from '@credit-bank/kernel';
import { contextOf, requireActor } from '@credit-bank/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { InstitutionsDirectory } from '../../projections/institutions/institutions-directory';
import { LedgerProjectionsHost } from '../../projections/ledger-projections.host';
import { RequestRecognitionCommand } from './request-recognition.command';

/**
 * 提交认定: sends the achievement to its directory institution's review queue when an approved
 * account reviews for it; otherwise (no such account, or an institution only named by hand) to
 * 管理中心's routing queue. From then on it is read-only.
 */
@CommandHandler(RequestRecognitionCommand)
export class RequestRecognitionHandler implements ICommandHandler<RequestRecognitionCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: LedgerProjectionsHost,
    private readonly institutions: InstitutionsDirectory,
  ) {}

  async execute({ payload, meta }: RequestRecognitionCommand): Promise<RecognitionRequestedResponse> {
    const actor = requireActor(meta, 'learner');
    const ctx = contextOf(meta);
    const stream = achievementStreamId(payload.id);
    const { state } = await loadStream(this.store, stream, achievementDecider);
    const institutionId = achievementSummary(ownedAchievement(state, actor.accountId).details).institutionId;
    const institutionHasReviewer = institutionId !== null && (await this.institutions.hasReviewer(institutionId));
    const result = await executeCommand(this.store, stream, achievementDecider, { type: 'RequestRecognition', achievementId: payload.id, ownerId: actor.accountId, institutionHasReviewer, now: ctx.now }, ctx);
    return this.projections.settle(result.position, {
      id: payload.id,
      status: result.state.status === 'awaiting-routing' ? ('awaiting-routing' as const) : ('submitted' as const),
      revision: result.revision,
    });
  }
}
