import { ReviewDecisionResponse } from '@credit-bank/contracts';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ReviewSteps } from '../review-step';
import { RejectRecognitionCommand } from './reject-recognition.command';

/** 认定不通过, with the reason the learner reads in the record. Final. */
@CommandHandler(RejectRecognitionCommand)
export class RejectRecognitionHandler implements ICommandHandler<RejectRecognitionCommand> {
  constructor(private readonly steps: ReviewSteps) {}

  execute({ payload, meta }: RejectRecognitionCommand): Promise<ReviewDecisionResponse> {
    return this.steps.run(meta, payload.id, (reviewer, now) => ({ type: 'RejectRecognition', achievementId: payload.id, reviewer, reason: payload.reason, now }));
  }
}
