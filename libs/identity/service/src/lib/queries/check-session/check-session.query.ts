import { CheckSessionDto, MessageMeta, SessionCheckResponse } from '@credit-bank/contracts';
import { Query } from '@nestjs/cqrs';

export class CheckSessionQuery extends Query<SessionCheckResponse> {
  constructor(
    readonly payload: CheckSessionDto,
    readonly meta: MessageMeta,
  ) {
    super();
  }
}
