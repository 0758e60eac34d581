import { MessageMeta, OpenSessionDto, SessionResponse } from '@credit-bank/contracts';
import { Command } from '@nestjs/cqrs';

export class OpenSessionCommand extends Command<SessionResponse> {
  constructor(
    readonly payload: OpenSessionDto,
    readonly meta: MessageMeta,
  ) {
    super();
  }
}
