import { Actor, LEDGER_ERROR_CODES, ListRoutingQueueDto, RECOGNITION_PATTERNS, ReviewDecisionResponse, ReviewReasonDto, ReviewsPage, ROUTING_PATTERNS, RouteRecognitionDto } from '@credit-bank/contracts';
import { Body, CanActivate, Controller, ExecutionContext, Get, HttpCode, HttpStatus, Injectable, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AdminOnlyGuard } from '../auth/admin-only.guard';
import { AuthenticatedRequest, CorrelationId, CurrentActor } from '../auth/auth.decorators';
import { problem } from '../http/problem';
import { problemResponse } from '../http/problem-response';
import { ServiceBus } from '../http/service-bus';
import { isRecordId } from './ledger-http';

/** Institutions and 管理中心 (the ledger decides which institution may). */
@Injectable()
export class InstitutionOrAdminGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
    if (!actor) throw problem('AUTH.UNAUTHENTICATED', 'unauthorized', 'Authentication is required.');
    if (actor.role !== 'institution' && actor.role !== 'admin') throw problem('AUTH.FORBIDDEN', 'forbidden', 'This account may not do that.');
    return true;
  }
}

const notFound = () => problem(LEDGER_ERROR_CODES.ACHIEVEMENT_NOT_FOUND, 'not_found', 'No such achievement.');
const AUTH_401 = problemResponse(401, 'AUTH.TOKEN_MISSING / AUTH.TOKEN_INVALID');

/** 撤销认定: the recognising institution or 管理中心 withdraws a recognition. */
@ApiTags('recognition')
@ApiBearerAuth()
@UseGuards(InstitutionOrAdminGuard)
@Controller('reviews')
export class RevocationController {
  constructor(private readonly bus: ServiceBus) {}

  @Post(':achievementId/revocation')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: '撤销认定: revoke a recognition, with a reason',
    description:
      'By the institution that recognised it, or 管理中心. The credits leave the learning account from now on (a statement as of before still shows them); ' +
      'an approved conversion that spent them is not changed but flagged (revokedAchievementIds) and announced in the inbox of the awarding institution and 管理中心; the learner is told in the inbox.',
  })
  @ApiParam({ name: 'achievementId', format: 'uuid' })
  @ApiResponse({ status: 200, type: ReviewDecisionResponse })
  @ApiResponse(problemResponse(400, 'VALIDATION.INVALID_INPUT: reason missing or longer than 500'))
  @ApiResponse(AUTH_401)
  @ApiResponse(problemResponse(403, 'AUTH.FORBIDDEN (a learner), LEDGER.INSTITUTION_NOT_APPROVED, LEDGER.INSTITUTION_NOT_LINKED'))
  @ApiResponse(problemResponse(404, 'LEDGER.ACHIEVEMENT_NOT_FOUND: unknown, or recognised by another institution (the same answer)'))
  @ApiResponse(problemResponse(409, 'LEDGER.RECOGNITION_NOT_RECOGNISED, LEDGER.RECOGNITION_ALREADY_REVOKED'))
  revoke(@Param('achievementId') id: string, @Body() body: ReviewReasonDto, @CurrentActor() actor: Actor | null, @CorrelationId() correlationId: string): Promise<ReviewDecisionResponse> {
    if (!isRecordId(id)) throw notFound();
    return this.bus.call<ReviewDecisionResponse>('ledger', RECOGNITION_PATTERNS.revokeRecognition, { ...body, id }, actor, correlationId);
  }
}

/**
 * 管理中心's routing queue (待分派): recognition requests for an institution no approved account
 * reviews for, or named by hand and not in the directory. The administrator assigns each to a
 * directory institution with an approved account, or returns it to the learner with a reason.
 */
@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminOnlyGuard)
@Controller('admin/recognition-routing')
export class RecognitionRoutingController {
  constructor(private readonly bus: ServiceBus) {}

  @Get()
  @ApiOperation({ summary: '待分派: the routing queue, oldest submission first (each row names the institution the learner gave)' })
  @ApiResponse({ status: 200, type: ReviewsPage })
  @ApiResponse(AUTH_401)
  @ApiResponse(problemResponse(403, 'AUTH.FORBIDDEN: not the administrator'))
  list(@Query() query: ListRoutingQueueDto, @CurrentActor() actor: Actor | null, @CorrelationId() correlationId: string): Promise<ReviewsPage> {
    return this.bus.call('ledger', ROUTING_PATTERNS.listRoutingQueue, query, actor, correlationId);
  }

  @Post(':achievementId/assignment')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '分派: send the request to a directory institution (it must have an approved institution account)' })
  @ApiParam({ name: 'achievementId', format: 'uuid' })
  @ApiResponse({ status: 200, type: ReviewDecisionResponse })
  @ApiResponse(problemResponse(400, 'VALIDATION.INVALID_INPUT, LEDGER.INSTITUTION_UNKNOWN (no such directory institution)'))
  @ApiResponse(AUTH_401)
  @ApiResponse(problemResponse(403, 'AUTH.FORBIDDEN: not the administrator'))
  @ApiResponse(problemResponse(404, 'LEDGER.ACHIEVEMENT_NOT_FOUND'))
  @ApiResponse(problemResponse(409, 'LEDGER.NOT_AWAITING_ROUTING, LEDGER.INSTITUTION_HAS_NO_REVIEWER'))
  assign(@Param('achievementId') id: string, @Body() body: RouteRecognitionDto, @CurrentActor() actor: Actor | null, @CorrelationId() correlationId: string): Promise<ReviewDecisionResponse> {
    if (!isRecordId(id)) throw notFound();
    return this.bus.call('ledger', ROUTING_PATTERNS.routeRecognition, { ...body, id }, actor, correlationId);
  }

  @Post(':achievementId/return')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '退回: return the request to the learner with a reason; they may amend it and submit again' })
  @ApiParam({ name: 'achievementId', format: 'uuid' })
  @ApiResponse({ status: 200, type: ReviewDecisionResponse })
  @ApiResponse(problemResponse(400, 'VALIDATION.INVALID_INPUT: reason missing or longer than 500'))
  @ApiResponse(AUTH_401)
  @ApiResponse(problemResponse(403, 'AUTH.FORBIDDEN: not the administrator'))
  @ApiResponse(problemResponse(404, 'LEDGER.ACHIEVEMENT_NOT_FOUND'))
  @ApiResponse(problemResponse(409, 'LEDGER.NOT_AWAITING_ROUTING'))
  giveBack(@Param('achievementId') id: string, @Body() body: ReviewReasonDto, @CurrentActor() actor: Actor | null, @CorrelationId() correlationId: string): Promise<ReviewDecisionResponse> {
    if (!isRecordId(id)) throw notFound();
    return this.bus.call('ledger', ROUTING_PATTERNS.declineRouting, { ...body, id }, actor, correlationId);
  }
}
