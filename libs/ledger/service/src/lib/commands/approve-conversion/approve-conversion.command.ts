import { ConversionApplicationIdDto, ConversionApplicationView, MessageMeta } from '@credit-bank/contracts';
import { Command } from '@nestjs/cqrs';

export class ApproveConversionCommand extends Command<ConversionApplicationView> {
  constructor(
    readonly payload: ConversionApplicationIdDto,
    readonly meta: MessageMeta,
  ) {
    super();
  }
}
