import { ConversionApplicationView, MessageMeta, RejectConversionMessageDto } from '@credit-bank/contracts';
import { Command } from '@nestjs/cqrs';

export class RejectConversionCommand extends Command<ConversionApplicationView> {
  constructor(
    readonly payload: RejectConversionMessageDto,
    readonly meta: MessageMeta,
  ) {
    super();
  }
}
