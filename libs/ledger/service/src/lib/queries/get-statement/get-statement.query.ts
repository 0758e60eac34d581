import { MessageMeta, StatementQueryDto, StatementView } from '@credit-bank/contracts';
import { Query } from '@nestjs/cqrs';

export class GetStatementQuery extends Query<StatementView> {
  constructor(
    readonly criteria: StatementQueryDto,
    readonly meta: MessageMeta,
  ) {
    super();
  }
}
