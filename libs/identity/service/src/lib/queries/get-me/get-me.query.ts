import { MeResponse, MessageMeta } from '@credit-bank/contracts';
import { Query } from '@nestjs/cqrs';

export class GetMeQuery extends Query<MeResponse> {
  constructor(readonly meta: MessageMeta) {
    super();
  }
}
