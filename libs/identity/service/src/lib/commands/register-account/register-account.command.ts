import { AccountCreatedResponse, MessageMeta, RegisterAccountDto } from '@credit-bank/contracts';
import { Command } from '@nestjs/cqrs';

export class RegisterAccountCommand extends Command<AccountCreatedResponse> {
  constructor(
    readonly payload: RegisterAccountDto,
    readonly meta: MessageMeta,
  ) {
    super();
  }
}
