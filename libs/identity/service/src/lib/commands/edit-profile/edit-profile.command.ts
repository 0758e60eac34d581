import { EditProfileDto, MessageMeta, ReadModelPending } from '@credit-bank/contracts';
import { Command } from '@nestjs/cqrs';

export class EditProfileCommand extends Command<ReadModelPending> {
  constructor(
    readonly payload: EditProfileDto,
    readonly meta: MessageMeta,
  ) {
    super();
  }
}
