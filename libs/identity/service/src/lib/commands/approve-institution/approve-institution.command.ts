import { ApproveInstitutionMessageDto, InstitutionView, MessageMeta } from '@credit-bank/contracts';
import { Command } from '@nestjs/cqrs';

export class ApproveInstitutionCommand extends Command<InstitutionView> {
  constructor(
    readonly payload: ApproveInstitutionMessageDto,
    readonly meta: MessageMeta,
  ) {
    super();
  }
}
