import { ConversionApplicationsPage, ListConversionApplicationsDto, MessageMeta } from '@credit-bank/contracts';
import { Query } from '@nestjs/cqrs';

export class ListConversionReviewsQuery extends Query<ConversionApplicationsPage> {
  constructor(
    readonly criteria: ListConversionApplicationsDto,
    readonly meta: MessageMeta,
  ) {
    super();
  }
}
