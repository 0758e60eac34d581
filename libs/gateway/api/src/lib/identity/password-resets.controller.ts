import { Actor, IDENTITY_PATTERNS, ResetPasswordDto } from '@credit-bank/contracts';
import { Body, Controller, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { CorrelationId, CurrentActor, Public } from '../auth/auth.decorators';
import { ServiceBus } from '../http/service-bus';
import { AUTH_THROTTLE, problemResponse } from './identity-problems';

@ApiTags('identity')
@Controller('password-resets')
export class PasswordResetsController {
  constructor(private readonly bus: ServiceBus) {}

  @Post()
  @Public()
  @HttpCode(HttpStatus.NO_CONTENT)
  @Throttle(AUTH_THROTTLE)
  @UseGuards(ThrottlerGuard)
  @ApiOperation({
    summary: '忘记密码: set a new password with an SMS code sent to the account`s mobile',
    description:
      'Ask for the code with POST /sms-codes `{mobile, purpose: "reset-password"}`. Every token issued before the reset stops working. ' +
      'A mobile without an account is answered exactly like a wrong code. Each wrong code counts against the code (5 wrong ones and it is dead).',
  })
  @ApiResponse({ status: 204, description: 'The password is set; sign in with it' })
  @ApiResponse(
    problemResponse(
      400,
      'VALIDATION.INVALID_INPUT (shape), IDENTITY.PASSWORD_INVALID (policy, confirmation), IDENTITY.SMS_CODE_INVALID (also: no account has this mobile) / _EXPIRED / _USED / _ATTEMPTS_EXCEEDED',
    ),
  )
  @ApiResponse(problemResponse(429, 'HTTP.TOO_MANY_REQUESTS: more than 30 a minute from one address'))
  async reset(@Body() body: ResetPasswordDto, @CurrentActor() actor: Actor | null, @CorrelationId() correlationId: string): Promise<void> {
    await this.bus.call('identity', IDENTITY_PATTERNS.resetPassword, body, actor, correlationId);
  }
}
