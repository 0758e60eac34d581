import { MessageMeta, RequestSmsCodeDto, SmsCodeRequestedResponse } from '@credit-bank/contracts';
import { Command } from '@nestjs/cqrs';

export class RequestSmsCodeCommand extends Command<SmsCodeRequestedResponse> {
  constructor(
    readonly payload: RequestSmsCodeDto,
    readonly meta: MessageMeta,
  ) {
    super();
  }
}
