import { Actor, IDENTITY_PATTERNS, RequestSmsCodeDto, SmsCodeRequestedResponse } from '@credit-bank/contracts';
import { Body, Controller, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { CorrelationId, CurrentActor, Public } from '../auth/auth.decorators';
import { ServiceBus } from '../http/service-bus';
import { AUTH_THROTTLE, problemResponse } from './identity-problems';

@ApiTags('identity')
@Controller('sms-codes')
export class SmsCodesController {
  constructor(private readonly bus: ServiceBus) {}

  @Post()
  @Public()
  @HttpCode(HttpStatus.ACCEPTED)
  @Throttle(AUTH_THROTTLE)
  @UseGuards(ThrottlerGuard)
  @ApiOperation({ summary: '获取验证码: send a 6-digit verification code by SMS (valid 5 minutes, single use)' })
  @ApiResponse({ status: 202, type: SmsCodeRequestedResponse, description: 'The code is on its way' })
  @ApiResponse(problemResponse(400, 'Bad mobile number or purpose (VALIDATION.INVALID_INPUT)'))
  @ApiResponse(
    problemResponse(
      429,
      'IDENTITY.SMS_RATE_LIMITED: one code a minute and 5 an hour per mobile; IDENTITY.SMS_BUDGET_EXHAUSTED: the bank sent SMS_GLOBAL_PER_HOUR codes this clock hour; HTTP.TOO_MANY_REQUESTS from the gateway limit (30 a minute per address); each with Retry-After',
    ),
  )
  request(@Body() body: RequestSmsCodeDto, @CurrentActor() actor: Actor | null, @CorrelationId() correlationId: string): Promise<SmsCodeRequestedResponse> {
    return this.bus.call('identity', IDENTITY_PATTERNS.requestSmsCode, body, actor, correlationId);
  }
}
