import { Actor, IDENTITY_PATTERNS, OpenSessionDto, SessionResponse } from '@credit-bank/contracts';
import { Body, Controller, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { CorrelationId, CurrentActor, Public } from '../auth/auth.decorators';
import { ServiceBus } from '../http/service-bus';
import { AUTH_THROTTLE, problemResponse } from './identity-problems';

@ApiTags('identity')
@Controller('sessions')
export class SessionsController {
  constructor(private readonly bus: ServiceBus) {}

  @Post()
  @Public()
  @HttpCode(HttpStatus.OK)
  @Throttle(AUTH_THROTTLE)
  @UseGuards(ThrottlerGuard)
  @ApiOperation({ summary: '登录: sign in with username, mobile number or email and the password; returns a bearer token' })
  @ApiResponse({ status: 200, type: SessionResponse })
  @ApiResponse(problemResponse(400, 'VALIDATION.INVALID_INPUT'))
  @ApiResponse(problemResponse(401, 'IDENTITY.INVALID_CREDENTIALS: the same answer for an unknown identifier and a wrong password'))
  @ApiResponse(problemResponse(429, 'IDENTITY.TOO_MANY_ATTEMPTS after 5 failures in 15 minutes; HTTP.TOO_MANY_REQUESTS from the gateway limit'))
  open(@Body() body: OpenSessionDto, @CurrentActor() actor: Actor | null, @CorrelationId() correlationId: string): Promise<SessionResponse> {
    return this.bus.call('identity', IDENTITY_PATTERNS.openSession, body, actor, correlationId);
  }
}
