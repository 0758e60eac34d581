import { MessageMeta, ReviewDecisionResponse, ReviewReasonMessageDto } from '@credit-bank/contracts';
import { Command } from '@nestjs/cqrs';

export class RejectRecognitionCommand extends Command<ReviewDecisionResponse> {
  constructor(
    readonly payload: ReviewReasonMessageDto,
    readonly meta: MessageMeta,
  ) {
    super();
  }
}
