import { InstitutionView, MessageMeta, RejectInstitutionMessageDto } from '@credit-bank/contracts';
import { Command } from '@nestjs/cqrs';

export class RejectInstitutionCommand extends Command<InstitutionView> {
  constructor(
    readonly payload: RejectInstitutionMessageDto,
    readonly meta: MessageMeta,
  ) {
    super();
  }
}
