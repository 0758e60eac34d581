import { MessageMeta, ResetPasswordDto, ReadModelPending } from '@credit-bank/contracts';
import { Command } from '@nestjs/cqrs';

export class ResetPasswordCommand extends Command<ReadModelPending> {
  constructor(
    readonly payload: ResetPasswordDto,
    readonly meta: MessageMeta,
  ) {
    super();
  }
}
