import { Actor, CloseSessionDto, IDENTITY_PATTERNS, OpenSessionDto, SessionResponse } from '@credit-bank/contracts';
import { Body, Controller, Delete, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Throttle, ThrottlerGuard } from '@nestjs/throttler';
import { ClientAddress, CorrelationId, CurrentActor, CurrentSession, Public, SessionClaims } from '../auth/auth.decorators';
import { problem } from '../http/problem';
import { ServiceBus } from '../http/service-bus';
import { AUTH_THROTTLE, problemResponse, UNAUTHORIZED } from './identity-problems';

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
  @ApiResponse(
    problemResponse(
      429,
      'IDENTITY.TOO_MANY_ATTEMPTS: after LOGIN_FREE_ATTEMPTS attempts on an account (LOGIN_FREE_ATTEMPTS_PER_ADDRESS from an address) in a clock hour, each further one waits 1, 2, 4 … s up to LOGIN_MAX_DELAY_SECONDS (`details.retryAfterSeconds`, Retry-After); HTTP.TOO_MANY_REQUESTS from the gateway limit',
    ),
  )
  open(@Body() body: OpenSessionDto, @CurrentActor() actor: Actor | null, @CorrelationId() correlationId: string, @ClientAddress() clientAddress: string): Promise<SessionResponse> {
    return this.bus.call('identity', IDENTITY_PATTERNS.openSession, body, actor, correlationId, clientAddress);
  }

  @Delete('current')
  @ApiBearerAuth()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: '安全退出: sign out — the token of this request stops working at once',
    description: 'Closes the session of the bearer token only; other tokens of the account (other devices) keep working. The token is refused afterwards with 401 AUTH.TOKEN_REVOKED.',
  })
  @ApiResponse({ status: 204, description: 'Signed out' })
  @ApiResponse(UNAUTHORIZED)
  @ApiResponse(problemResponse(404, 'IDENTITY.ACCOUNT_NOT_FOUND: the token names no account'))
  async close(@CurrentSession() session: SessionClaims | null, @CurrentActor() actor: Actor | null, @CorrelationId() correlationId: string): Promise<void> {
    if (!session) throw problem('AUTH.UNAUTHENTICATED', 'unauthorized', 'Authentication is required.');
    const payload: CloseSessionDto = { sessionId: session.sessionId, expiresAt: session.expiresAt };
    await this.bus.call('identity', IDENTITY_PATTERNS.closeSession, payload, actor, correlationId);
  }
}
