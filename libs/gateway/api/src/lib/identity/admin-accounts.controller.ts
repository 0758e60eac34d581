import { AccountErasureReceipt, Actor, EraseAccountByAdministratorDto, IDENTITY_PATTERNS } from '@credit-bank/contracts';
import { Body, Controller, HttpCode, HttpStatus, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AdminOnlyGuard } from '../auth/admin-only.guard';
import { CorrelationId, CurrentActor } from '../auth/auth.decorators';
import { ServiceBus } from '../http/service-bus';
import { problemResponse, UNAUTHORIZED } from './identity-problems';

/** 管理中心 erases a learner's account on a request it records (PIPL art. 47: a request by letter, a court order…). */
@ApiTags('administration')
@ApiBearerAuth()
@UseGuards(AdminOnlyGuard)
@Controller('admin/accounts')
export class AdminAccountsController {
  constructor(private readonly bus: ServiceBus) {}

  @Post(':id/erasure')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: '注销账户 (管理中心): erase a learner`s account on a recorded request',
    description:
      'The event records who, when and the reason. Everything DELETE /me does follows (key destroyed, unique values free, tokens refused, the ledger forgets ' +
      'the person). Asked again for an erased account: the receipt of the first erasure.',
  })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The learner`s account id' })
  @ApiResponse({ status: 200, type: AccountErasureReceipt })
  @ApiResponse(problemResponse(400, 'VALIDATION.INVALID_INPUT: reason missing or longer than 500; IDENTITY.ERASURE_REASON_INVALID'))
  @ApiResponse(UNAUTHORIZED)
  @ApiResponse(problemResponse(403, 'AUTH.FORBIDDEN (not the administrator), IDENTITY.ERASURE_NOT_APPLICABLE (an institution account or the administrator)'))
  @ApiResponse(problemResponse(404, 'IDENTITY.ACCOUNT_NOT_FOUND'))
  @ApiResponse(problemResponse(409, 'EVENT_STORE.WRONG_EXPECTED_REVISION: the account changed meanwhile, try again'))
  erase(@Param('id') id: string, @Body() body: EraseAccountByAdministratorDto, @CurrentActor() actor: Actor | null, @CorrelationId() correlationId: string): Promise<AccountErasureReceipt> {
    return this.bus.call('identity', IDENTITY_PATTERNS.eraseAccountByAdministrator, { ...body, id }, actor, correlationId);
  }
}
