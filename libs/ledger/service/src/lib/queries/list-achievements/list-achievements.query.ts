import { AchievementsPage, ListAchievementsDto, MessageMeta } from '@credit-bank/contracts';
import { Query } from '@nestjs/cqrs';

export class ListAchievementsQuery extends Query<AchievementsPage> {
  constructor(
    readonly criteria: ListAchievementsDto,
    readonly meta: MessageMeta,
  ) {
    super();
  }
}
