import { AchievementIdDto, MessageMeta, ReviewDecisionResponse } from '@credit-bank/contracts';
import { Command } from '@nestjs/cqrs';

export class ClaimRecognitionCommand extends Command<ReviewDecisionResponse> {
  constructor(
    readonly payload: AchievementIdDto,
    readonly meta: MessageMeta,
  ) {
    super();
  }
}
