import { AchievementIdDto, MessageMeta, RecognitionRequestedResponse } from '@credit-bank/contracts';
import { Command } from '@nestjs/cqrs';

export class RequestRecognitionCommand extends Command<RecognitionRequestedResponse> {
  constructor(
    readonly payload: AchievementIdDto,
    readonly meta: MessageMeta,
  ) {
    super();
  }
}
