import { ConversionApplicationView } from '@credit-bank/contracts';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ConversionDecisions } from '../../conversion/conversion-decisions';
import { RejectConversionCommand } from './reject-conversion.command';

/** 转换不通过, with the reason: the achievements the application held are released. */
@CommandHandler(RejectConversionCommand)
export class RejectConversionHandler implements ICommandHandler<RejectConversionCommand> {
  constructor(private readonly decisions: ConversionDecisions) {}

  execute({ payload, meta }: RejectConversionCommand): Promise<ConversionApplicationView> {
    return this.decisions.decide(meta, payload.applicationId, (reviewer, now) => ({
      type: 'RejectConversion',
      applicationId: payload.applicationId,
      reason: payload.reason,
      ...reviewer,
      now,
    }));
  }
}
