import { RpcErrorsFilter } from '@credit-bank/platform';
import { Controller, UseFilters } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';

@Controller()
@UseFilters(RpcErrorsFilter)
export class LedgerMessagesController {
  @MessagePattern('ledger.health.v1')
  health() {
    return { status: 'up' };
  }
}
