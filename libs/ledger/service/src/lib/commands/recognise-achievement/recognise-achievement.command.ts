import { MessageMeta, RecogniseAchievementMessageDto, ReviewDecisionResponse } from '@credit-bank/contracts';
import { Command } from '@nestjs/cqrs';

export class RecogniseAchievementCommand extends Command<ReviewDecisionResponse> {
  constructor(
    readonly payload: RecogniseAchievementMessageDto,
    readonly meta: MessageMeta,
  ) {
    super();
  }
}
