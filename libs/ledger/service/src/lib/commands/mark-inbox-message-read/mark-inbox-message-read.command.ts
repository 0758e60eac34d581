import { InboxMessageIdDto, InboxMessageView, MessageMeta } from '@credit-bank/contracts';
import { Command } from '@nestjs/cqrs';

export class MarkInboxMessageReadCommand extends Command<InboxMessageView> {
  constructor(
    readonly payload: InboxMessageIdDto,
    readonly meta: MessageMeta,
  ) {
    super();
  }
}
