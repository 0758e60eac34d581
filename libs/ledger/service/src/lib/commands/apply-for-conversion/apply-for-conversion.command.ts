import { ApplyForConversionDto, ConversionApplicationView, MessageMeta } from '@credit-bank/contracts';
import { Command } from '@nestjs/cqrs';

export class ApplyForConversionCommand extends Command<ConversionApplicationView> {
  constructor(
    readonly payload: ApplyForConversionDto,
    readonly meta: MessageMeta,
  ) {
    super();
  }
}
