import { LearningAccountView, MessageMeta } from '@credit-bank/contracts';
import { Query } from '@nestjs/cqrs';

export class GetLearningAccountQuery extends Query<LearningAccountView> {
  constructor(readonly meta: MessageMeta) {
    super();
  }
}
