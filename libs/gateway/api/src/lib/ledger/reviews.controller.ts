import {
  Actor,
  LEDGER_ERROR_CODES,
  ListReviewsDto,
  RECOGNITION_PATTERNS,
  RecogniseAchievementDto,
  ReviewDecisionResponse,
  ReviewReasonDto,
  ReviewsPage,
  ReviewView,
} from '@credit-bank/contracts';
import { Body, CanActivate, Controller, ExecutionContext, Get, HttpCode, HttpStatus, Injectable, Param, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AuthenticatedRequest, CorrelationId, CurrentActor } from '../auth/auth.decorators';
import { problem } from '../http/problem';
import { problemResponse } from '../http/problem-response';
import { ServiceBus } from '../http/service-bus';
import { etagOf, isRecordId } from './ledger-http';

/**
 * Reviews are for institution accounts: other roles get 403 AUTH.FORBIDDEN here. Whether the
 * institution is approved, and whether a request is its own, the ledger decides (the owner of the data).
 */
@Injectable()
export class InstitutionOnlyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
    if (!actor) throw problem('AUTH.UNAUTHENTICATED', 'unauthorized', 'Authentication is required.');
    if (actor.role !== 'institution') throw problem('AUTH.FORBIDDEN', 'forbidden', 'This account may not do that.');
    return true;
  }
}

const notFound = () => problem(LEDGER_ERROR_CODES.ACHIEVEMENT_NOT_FOUND, 'not_found', 'No such achievement.');

const NOT_FOUND_DOC = 'LEDGER.ACHIEVEMENT_NOT_FOUND: unknown, never submitted, or submitted to another institution (the same answer)';
const AUTH_DOCS = [
  problemResponse(401, 'AUTH.TOKEN_MISSING / AUTH.TOKEN_INVALID'),
  problemResponse(403, 'AUTH.FORBIDDEN: not an institution account; LEDGER.INSTITUTION_NOT_APPROVED: the administrator has not approved the institution'),
];
const CONFLICT_DOC =
  'LEDGER.RECOGNITION_ALREADY_DECIDED (one decision stands: also what the slower of two reviewers deciding at once gets), LEDGER.RECOGNITION_CLAIMED_BY_ANOTHER, LEDGER.RECOGNITION_NOT_PENDING (returned to the learner)';

/**
 * 认定审核: an approved institution's reviewers work through the recognition requests (提交认定) of
 * achievements their institution is responsible for. Deciding an unclaimed request claims it in
 * the same step; a request a colleague claimed is theirs to decide.
 */
@ApiTags('recognition')
@ApiBearerAuth()
@UseGuards(InstitutionOnlyGuard)
@Controller('reviews')
export class ReviewsController {
  constructor(private readonly bus: ServiceBus) {}

  @Get()
  @ApiOperation({
    summary: '认定审核列表: recognition requests to your institution, oldest submission first',
    description: 'status (default: submitted and under-review, 待处理), category (成果分类), submittedFrom/submittedTo (days, China time), page, pageSize.',
  })
  @ApiResponse({ status: 200, type: ReviewsPage })
  @ApiResponse(problemResponse(400, 'VALIDATION.INVALID_INPUT: a bad filter or page'))
  @ApiResponse(AUTH_DOCS[0])
  @ApiResponse(AUTH_DOCS[1])
  list(@Query() query: ListReviewsDto, @CurrentActor() actor: Actor | null, @CorrelationId() correlationId: string): Promise<ReviewsPage> {
    return this.bus.call('ledger', RECOGNITION_PATTERNS.listReviews, query, actor, correlationId);
  }

  @Get(':achievementId')
  @ApiOperation({ summary: 'One request in full: the achievement, the learner and the recognition record (认定记录)' })
  @ApiParam({ name: 'achievementId', format: 'uuid' })
  @ApiResponse({ status: 200, type: ReviewView })
  @ApiResponse(AUTH_DOCS[0])
  @ApiResponse(AUTH_DOCS[1])
  @ApiResponse(problemResponse(404, NOT_FOUND_DOC))
  async get(
    @Param('achievementId') id: string,
    @CurrentActor() actor: Actor | null,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ReviewView> {
    if (!isRecordId(id)) throw notFound();
    const view = await this.bus.call<ReviewView>('ledger', RECOGNITION_PATTERNS.getReview, { id }, actor, correlationId);
    reply.header('etag', etagOf(view.revision));
    return view;
  }

  @Post(':achievementId/claim')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '受理: take the request (status under-review); claiming your own claim again changes nothing' })
  @ApiParam({ name: 'achievementId', format: 'uuid' })
  @ApiResponse({ status: 200, type: ReviewDecisionResponse })
  @ApiResponse(AUTH_DOCS[0])
  @ApiResponse(AUTH_DOCS[1])
  @ApiResponse(problemResponse(404, NOT_FOUND_DOC))
  @ApiResponse(problemResponse(409, CONFLICT_DOC))
  claim(@Param('achievementId') id: string, @CurrentActor() actor: Actor | null, @CorrelationId() correlationId: string): Promise<ReviewDecisionResponse> {
    return this.step(RECOGNITION_PATTERNS.claimRecognition, id, {}, actor, correlationId);
  }

  @Post(':achievementId/recognition')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: '认定通过: recognise the achievement',
    description:
      'frameworkLevel (资历框架等级 1–7), category, type and credits (学分 > 0) default from the catalogue entry the learner chose; a hand-entered achievement needs frameworkLevel and credits. The type must be a type of the category.',
  })
  @ApiParam({ name: 'achievementId', format: 'uuid' })
  @ApiResponse({ status: 200, type: ReviewDecisionResponse })
  @ApiResponse(problemResponse(400, 'VALIDATION.INVALID_INPUT, LEDGER.RECOGNITION_INVALID (a missing default, out of range), LEDGER.TYPE_NOT_IN_CATEGORY'))
  @ApiResponse(AUTH_DOCS[0])
  @ApiResponse(AUTH_DOCS[1])
  @ApiResponse(problemResponse(404, NOT_FOUND_DOC))
  @ApiResponse(problemResponse(409, CONFLICT_DOC))
  @ApiResponse(problemResponse(503, 'LEDGER.CATALOG_UNAVAILABLE (only when the category or type is changed)'))
  recognise(
    @Param('achievementId') id: string,
    @Body() body: RecogniseAchievementDto,
    @CurrentActor() actor: Actor | null,
    @CorrelationId() correlationId: string,
  ): Promise<ReviewDecisionResponse> {
    return this.step(RECOGNITION_PATTERNS.recogniseAchievement, id, body, actor, correlationId);
  }

  @Post(':achievementId/rejection')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '认定不通过: reject with a reason (final)' })
  @ApiParam({ name: 'achievementId', format: 'uuid' })
  @ApiResponse({ status: 200, type: ReviewDecisionResponse })
  @ApiResponse(problemResponse(400, 'VALIDATION.INVALID_INPUT: reason missing or longer than 500'))
  @ApiResponse(AUTH_DOCS[0])
  @ApiResponse(AUTH_DOCS[1])
  @ApiResponse(problemResponse(404, NOT_FOUND_DOC))
  @ApiResponse(problemResponse(409, CONFLICT_DOC))
  reject(@Param('achievementId') id: string, @Body() body: ReviewReasonDto, @CurrentActor() actor: Actor | null, @CorrelationId() correlationId: string): Promise<ReviewDecisionResponse> {
    return this.step(RECOGNITION_PATTERNS.rejectRecognition, id, body, actor, correlationId);
  }

  @Post(':achievementId/return')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '退回修改: return to the learner with a reason; the learner may edit and submit again' })
  @ApiParam({ name: 'achievementId', format: 'uuid' })
  @ApiResponse({ status: 200, type: ReviewDecisionResponse })
  @ApiResponse(problemResponse(400, 'VALIDATION.INVALID_INPUT: reason missing or longer than 500'))
  @ApiResponse(AUTH_DOCS[0])
  @ApiResponse(AUTH_DOCS[1])
  @ApiResponse(problemResponse(404, NOT_FOUND_DOC))
  @ApiResponse(problemResponse(409, CONFLICT_DOC))
  giveBack(@Param('achievementId') id: string, @Body() body: ReviewReasonDto, @CurrentActor() actor: Actor | null, @CorrelationId() correlationId: string): Promise<ReviewDecisionResponse> {
    return this.step(RECOGNITION_PATTERNS.returnAchievement, id, body, actor, correlationId);
  }

  private step(pattern: string, id: string, body: object, actor: Actor | null, correlationId: string): Promise<ReviewDecisionResponse> {
    if (!isRecordId(id)) throw notFound();
    return this.bus.call<ReviewDecisionResponse>('ledger', pattern, { ...body, id }, actor, correlationId);
  }
}
