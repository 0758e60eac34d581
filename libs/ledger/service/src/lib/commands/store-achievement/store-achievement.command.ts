import { AchievementRevisionResponse, MessageMeta, StoreAchievementDto } from '@credit-bank/contracts';
import { Command } from '@nestjs/cqrs';

export class StoreAchievementCommand extends Command<AchievementRevisionResponse> {
  constructor(
    readonly payload: StoreAchievementDto,
    readonly meta: MessageMeta,
  ) {
    super();
  }
}
