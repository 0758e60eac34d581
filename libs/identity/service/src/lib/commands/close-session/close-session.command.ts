import { CloseSessionDto, MessageMeta, ReadModelPending } from '@credit-bank/contracts';
import { Command } from '@nestjs/cqrs';

export class CloseSessionCommand extends Command<ReadModelPending> {
  constructor(
    readonly payload: CloseSessionDto,
    readonly meta: MessageMeta,
  ) {
    super();
  }
}
