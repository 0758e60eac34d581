import { EvidenceRegisteredResponse, MessageMeta, RegisterEvidenceDto } from '@credit-bank/contracts';
import { Command } from '@nestjs/cqrs';

export class RegisterEvidenceCommand extends Command<EvidenceRegisteredResponse> {
  constructor(
    readonly payload: RegisterEvidenceDto,
    readonly meta: MessageMeta,
  ) {
    super();
  }
}
