import { MessageMeta, ResetPasswordDto } from '@credit-bank/contracts';
import { Command } from '@nestjs/cqrs';

export class ResetPasswordCommand extends Command<void> {
  constructor(
    readonly payload: ResetPasswordDto,
    readonly meta: MessageMeta,
  ) {
    super();
  }
}
