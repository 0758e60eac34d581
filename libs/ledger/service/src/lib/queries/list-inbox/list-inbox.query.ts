import { InboxPage, ListInboxDto, MessageMeta } from '@credit-bank/contracts';
import { Query } from '@nestjs/cqrs';

export class ListInboxQuery extends Query<InboxPage> {
  constructor(
    readonly criteria: ListInboxDto,
    readonly meta: MessageMeta,
  ) {
    super();
  }
}
