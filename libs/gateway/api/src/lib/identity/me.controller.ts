import { Actor, ChangePasswordDto, IDENTITY_PATTERNS, MeResponse } from '@credit-bank/contracts';
import { Body, Controller, Get, HttpCode, HttpStatus, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CorrelationId, CurrentActor } from '../auth/auth.decorators';
import { ServiceBus } from '../http/service-bus';
import { problemResponse } from './identity-problems';

@ApiTags('identity')
@ApiBearerAuth()
@Controller('me')
export class MeController {
  constructor(private readonly bus: ServiceBus) {}

  @Get()
  @ApiOperation({ summary: 'The signed-in account (ID number masked, never a password hash)' })
  @ApiResponse({ status: 200, type: MeResponse })
  @ApiResponse(problemResponse(401, 'AUTH.TOKEN_MISSING / AUTH.TOKEN_INVALID'))
  @ApiResponse(problemResponse(404, 'IDENTITY.ACCOUNT_NOT_FOUND'))
  me(@CurrentActor() actor: Actor | null, @CorrelationId() correlationId: string): Promise<MeResponse> {
    return this.bus.call('identity', IDENTITY_PATTERNS.getMe, {}, actor, correlationId);
  }

  @Put('password')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: '修改密码: change the password; the old one stops working' })
  @ApiResponse({ status: 204, description: 'Changed' })
  @ApiResponse(
    problemResponse(400, 'VALIDATION.INVALID_INPUT, IDENTITY.PASSWORD_INVALID (policy, confirmation), IDENTITY.CURRENT_PASSWORD_INCORRECT, IDENTITY.PASSWORD_UNCHANGED'),
  )
  @ApiResponse(problemResponse(401, 'AUTH.TOKEN_MISSING / AUTH.TOKEN_INVALID'))
  async changePassword(@Body() body: ChangePasswordDto, @CurrentActor() actor: Actor | null, @CorrelationId() correlationId: string): Promise<void> {
    await this.bus.call('identity', IDENTITY_PATTERNS.changePassword, body, actor, correlationId);
  }
}
