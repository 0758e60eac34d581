import { AchievementRevisionResponse, AmendAchievementMessageDto, MessageMeta } from '@credit-bank/contracts';
import { Command } from '@nestjs/cqrs';

export class AmendAchievementCommand extends Command<AchievementRevisionResponse> {
  constructor(
    readonly payload: AmendAchievementMessageDto,
    readonly meta: MessageMeta,
  ) {
    super();
  }
}
