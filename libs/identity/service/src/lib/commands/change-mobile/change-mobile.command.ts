import { ChangeMobileDto, MessageMeta, ReadModelPending } from '@credit-bank/contracts';
import { Command } from '@nestjs/cqrs';

export class ChangeMobileCommand extends Command<ReadModelPending> {
  constructor(
    readonly payload: ChangeMobileDto,
    readonly meta: MessageMeta,
  ) {
    super();
  }
}
