import { AchievementIdDto, MessageMeta, ReviewView } from '@credit-bank/contracts';
import { Query } from '@nestjs/cqrs';

export class GetReviewQuery extends Query<ReviewView> {
  constructor(
    readonly payload: AchievementIdDto,
    readonly meta: MessageMeta,
  ) {
    super();
  }
}
