import { ChangeMobileDto, MessageMeta } from '@credit-bank/contracts';
import { Command } from '@nestjs/cqrs';

export class ChangeMobileCommand extends Command<void> {
  constructor(
    readonly payload: ChangeMobileDto,
    readonly meta: MessageMeta,
  ) {
    super();
  }
}
