import { EditProfileDto, MessageMeta } from '@credit-bank/contracts';
import { Command } from '@nestjs/cqrs';

export class EditProfileCommand extends Command<void> {
  constructor(
    readonly payload: EditProfileDto,
    readonly meta: MessageMeta,
  ) {
    super();
  }
}
