import { ChangePasswordDto, MessageMeta } from '@credit-bank/contracts';
import { Command } from '@nestjs/cqrs';

export class ChangePasswordCommand extends Command<void> {
  constructor(
    readonly payload: ChangePasswordDto,
    readonly meta: MessageMeta,
  ) {
    super();
  }
}
