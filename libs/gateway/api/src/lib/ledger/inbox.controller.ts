import { Actor, CONVERSION_PATTERNS, InboxMessageView, InboxPage, LEDGER_ERROR_CODES, ListInboxDto } from '@credit-bank/contracts';
import { CanActivate, Controller, ExecutionContext, Get, HttpCode, HttpStatus, Injectable, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuthenticatedRequest, CorrelationId, CurrentActor } from '../auth/auth.decorators';
import { problem } from '../http/problem';
import { problemResponse } from '../http/problem-response';
import { ServiceBus } from '../http/service-bus';

/** Every signed-in account has an inbox: learners, institutions and 管理中心. */
@Injectable()
export class InboxOwnerGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
    if (!actor) throw problem('AUTH.UNAUTHENTICATED', 'unauthorized', 'Authentication is required.');
    return true;
  }
}

/**
 * 收件箱: messages to the learner; to an institution account (its approval or rejection) and to
 * the directory institution an approved account is linked to (all its reviewers); to 管理中心.
 */
@ApiTags('inbox')
@ApiBearerAuth()
@UseGuards(InboxOwnerGuard)
@Controller('inbox')
export class InboxController {
  constructor(private readonly bus: ServiceBus) {}

  @Get()
  @ApiOperation({
    summary: '收件箱: your messages, newest first',
    description:
      'Learners: 认定通过 / 认定不通过 / 退回修改 / 认定已撤销, 转换通过 / 转换不通过. Institutions: 机构审核通过 / 未通过, 新的认定申请, 新的转换申请, 已通过的转换涉及被撤销的认定. ' +
      '管理中心: 待分派的认定申请 (routing queue), flagged conversions. `unread=true` for unread ones only; `unread` in the answer counts all unread.',
  })
  @ApiResponse({ status: 200, type: InboxPage })
  @ApiResponse(problemResponse(401, 'AUTH.TOKEN_MISSING / AUTH.TOKEN_INVALID'))
  @ApiResponse(problemResponse(403, 'AUTH.FORBIDDEN'))
  list(@Query() query: ListInboxDto, @CurrentActor() actor: Actor | null, @CorrelationId() correlationId: string): Promise<InboxPage> {
    return this.bus.call('ledger', CONVERSION_PATTERNS.listInbox, query, actor, correlationId);
  }

  @Post(':id/read')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '标记已读: mark one of your messages read (again is harmless)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 200, type: InboxMessageView })
  @ApiResponse(problemResponse(401, 'AUTH.TOKEN_MISSING / AUTH.TOKEN_INVALID'))
  @ApiResponse(problemResponse(403, 'AUTH.FORBIDDEN, LEDGER.INSTITUTION_NOT_APPROVED'))
  @ApiResponse(problemResponse(404, 'LEDGER.INBOX_MESSAGE_NOT_FOUND: unknown, or someone else’s (the same answer)'))
  markRead(@Param('id') id: string, @CurrentActor() actor: Actor | null, @CorrelationId() correlationId: string): Promise<InboxMessageView> {
    if (!/^[0-9a-f-]{36}$/.test(id)) throw problem(LEDGER_ERROR_CODES.INBOX_MESSAGE_NOT_FOUND, 'not_found', 'No such message.');
    return this.bus.call('ledger', CONVERSION_PATTERNS.markInboxMessageRead, { id }, actor, correlationId);
  }
}
