import { ChangePasswordDto, MessageMeta, ReadModelPending } from '@credit-bank/contracts';
import { Command } from '@nestjs/cqrs';

export class ChangePasswordCommand extends Command<ReadModelPending> {
  constructor(
    readonly payload: ChangePasswordDto,
    readonly meta: MessageMeta,
  ) {
    super();
  }
}
