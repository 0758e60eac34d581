import { AccountErasureReceipt, EraseAccountByAdministratorMessageDto, EraseAccountDto, MessageMeta } from '@credit-bank/contracts';
import { Command } from '@nestjs/cqrs';

/** 注销: by the learner (password and SMS code) or by the administrator (a recorded request). */
export type EraseAccountRequest = ({ requestedBy: 'self' } & EraseAccountDto) | ({ requestedBy: 'administrator' } & EraseAccountByAdministratorMessageDto);

export class EraseAccountCommand extends Command<AccountErasureReceipt> {
  constructor(
    readonly request: EraseAccountRequest,
    readonly meta: MessageMeta,
  ) {
    super();
  }
}
