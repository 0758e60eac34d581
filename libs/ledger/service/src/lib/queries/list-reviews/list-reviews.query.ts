import { ListReviewsDto, MessageMeta, ReviewsPage } from '@credit-bank/contracts';
import { Query } from '@nestjs/cqrs';

export class ListReviewsQuery extends Query<ReviewsPage> {
  constructor(
    readonly criteria: ListReviewsDto,
    readonly meta: MessageMeta,
  ) {
    super();
  }
}
