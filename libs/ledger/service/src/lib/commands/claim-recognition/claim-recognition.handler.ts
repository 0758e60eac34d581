import { ReviewDecisionResponse } from '@credit-bank/contracts';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ReviewSteps } from '../review-step';
import { ClaimRecognitionCommand } from './claim-recognition.command';

/** 受理: a reviewer takes a submitted request; claiming one's own claim again records nothing. */
@CommandHandler(ClaimRecognitionCommand)
export class ClaimRecognitionHandler implements ICommandHandler<ClaimRecognitionCommand> {
  constructor(private readonly steps: ReviewSteps) {}

  execute({ payload, meta }: ClaimRecognitionCommand): Promise<ReviewDecisionResponse> {
    return this.steps.run(meta, payload.id, (reviewer, now) => ({ type: 'ClaimRecognition', achievementId: payload.id, reviewer, now }));
  }
}
