import { ConversionApplicationView } from '@credit-bank/contracts';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ConversionDecisions } from '../../conversion/conversion-decisions';
import { ApproveConversionCommand } from './approve-conversion.command';

/** 转换通过: the achievements the application held are spent. */
@CommandHandler(ApproveConversionCommand)
export class ApproveConversionHandler implements ICommandHandler<ApproveConversionCommand> {
  constructor(private readonly decisions: ConversionDecisions) {}

  execute({ payload, meta }: ApproveConversionCommand): Promise<ConversionApplicationView> {
    return this.decisions.decide(meta, payload.applicationId, (reviewer, now) => ({ type: 'ApproveConversion', applicationId: payload.applicationId, ...reviewer, now }));
  }
}
