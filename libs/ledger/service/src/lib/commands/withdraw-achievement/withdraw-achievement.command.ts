import { AchievementWithdrawnResponse, MessageMeta, WithdrawAchievementMessageDto } from '@credit-bank/contracts';
import { Command } from '@nestjs/cqrs';

export class WithdrawAchievementCommand extends Command<AchievementWithdrawnResponse> {
  constructor(
    readonly payload: WithdrawAchievementMessageDto,
    readonly meta: MessageMeta,
  ) {
    super();
  }
}
