import { CloseSessionDto, MessageMeta } from '@credit-bank/contracts';
import { Command } from '@nestjs/cqrs';

export class CloseSessionCommand extends Command<void> {
  constructor(
    readonly payload: CloseSessionDto,
    readonly meta: MessageMeta,
  ) {
    super();
  }
}
