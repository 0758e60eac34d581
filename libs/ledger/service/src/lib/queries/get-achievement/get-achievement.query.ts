import { AchievementIdDto, AchievementView, MessageMeta } from '@credit-bank/contracts';
import { Query } from '@nestjs/cqrs';

export class GetAchievementQuery extends Query<AchievementView> {
  constructor(
    readonly payload: AchievementIdDto,
    readonly meta: MessageMeta,
  ) {
    super();
  }
}
