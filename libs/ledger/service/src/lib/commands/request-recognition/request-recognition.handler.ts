import { RecognitionRequestedResponse } from '@credit-bank/contracts';
import { achievementDecider, achievementStreamId } from '@credit-bank/ledger-domain';
import { EVENT_STORE, EventStore, executeCommand } from '@credit-bank/kernel';
import { contextOf, requireActor } from '@credit-bank/platform';
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { LedgerProjectionsHost } from '../../projections/ledger-projections.host';
import { RequestRecognitionCommand } from './request-recognition.command';

/** 提交认定: sends the achievement to its responsible institution; from then on it is read-only. */
@CommandHandler(RequestRecognitionCommand)
export class RequestRecognitionHandler implements ICommandHandler<RequestRecognitionCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly projections: LedgerProjectionsHost,
  ) {}

  async execute({ payload, meta }: RequestRecognitionCommand): Promise<RecognitionRequestedResponse> {
    const actor = requireActor(meta, 'learner');
    const ctx = contextOf(meta);
    const result = await executeCommand(
      this.store,
      achievementStreamId(payload.id),
      achievementDecider,
      { type: 'RequestRecognition', achievementId: payload.id, ownerId: actor.accountId, now: ctx.now },
      ctx,
    );
    await this.projections.waitFor(result.position);
    return { id: payload.id, status: 'submitted', revision: result.revision };
  }
}
