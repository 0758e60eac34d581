import {
  AchievementRevisionResponse,
  AchievementsPage,
  AchievementView,
  Actor,
  AmendAchievementDto,
  LEDGER_ERROR_CODES,
  LEDGER_PATTERNS,
  ListAchievementsDto,
  RecognitionRequestedResponse,
  StoreAchievementDto,
} from '@credit-bank/contracts';
import { Body, Controller, Delete, Get, Headers, HttpCode, HttpStatus, Param, Patch, Post, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CorrelationId, CurrentActor } from '../auth/auth.decorators';
import { problem } from '../http/problem';
import { ServiceBus } from '../http/service-bus';
import { etagOf, isRecordId, LearnerOnlyGuard, revisionFromIfMatch } from './ledger-http';
import { problemResponse } from '../http/problem-response';

const notFound = () => problem(LEDGER_ERROR_CODES.ACHIEVEMENT_NOT_FOUND, 'not_found', 'No such achievement.');

const NOT_FOUND_DOC = 'LEDGER.ACHIEVEMENT_NOT_FOUND: unknown, deleted, or someone else’s (the same answer)';
const AUTH_DOCS = [problemResponse(401, 'AUTH.TOKEN_MISSING / AUTH.TOKEN_INVALID'), problemResponse(403, 'AUTH.FORBIDDEN: not a learner')];

/**
 * 学习成果存储: the learner's own achievements. Writes answer the new revision, also as the ETag;
 * PATCH needs it back in If-Match (`3`, `"3"` or `W/"3"`).
 */
@ApiTags('ledger')
@ApiBearerAuth()
@UseGuards(LearnerOnlyGuard)
@Controller('achievements')
export class AchievementsController {
  constructor(private readonly bus: ServiceBus) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: '成果添加: store an achievement (from the catalogue, or entered by hand)',
    description: 'Give exactly one of `catalogItemId` and `custom`. `evidenceId` is an upload of yours (POST /evidence) not used by another achievement.',
  })
  @ApiResponse({ status: 201, type: AchievementRevisionResponse, description: 'Stored (revision 0); ETag and Location headers are set' })
  @ApiResponse(
    problemResponse(
      400,
      'VALIDATION.INVALID_INPUT (shape), LEDGER.ACHIEVEMENT_INVALID (issue date in the future…), LEDGER.CATALOG_ITEM_UNKNOWN, LEDGER.CATEGORY_MISMATCH, LEDGER.TYPE_NOT_IN_CATEGORY, LEDGER.EVIDENCE_UNKNOWN',
    ),
  )
  @ApiResponse(AUTH_DOCS[0])
  @ApiResponse(AUTH_DOCS[1])
  @ApiResponse(problemResponse(409, 'LEDGER.EVIDENCE_IN_USE: the evidence backs another of your achievements'))
  @ApiResponse(problemResponse(503, 'LEDGER.CATALOG_UNAVAILABLE'))
  async store(
    @Body() body: StoreAchievementDto,
    @CurrentActor() actor: Actor | null,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AchievementRevisionResponse> {
    const result = await this.bus.call<AchievementRevisionResponse>('ledger', LEDGER_PATTERNS.storeAchievement, body, actor, correlationId);
    reply.header('etag', etagOf(result.revision));
    reply.header('location', `/api/v1/achievements/${result.id}`);
    return result;
  }

  @Get()
  @ApiOperation({
    summary: '认定成果管理: your achievements, newest first',
    description: 'Columns: no (序号), name (姓名), achievementName, category/categoryName (成果大类), type/typeName, source (成果来源), recognition (认定记录), addedAt (添加时间).',
  })
  @ApiResponse({ status: 200, type: AchievementsPage })
  @ApiResponse(problemResponse(400, 'VALIDATION.INVALID_INPUT: a bad filter or page'))
  @ApiResponse(AUTH_DOCS[0])
  @ApiResponse(AUTH_DOCS[1])
  list(@Query() query: ListAchievementsDto, @CurrentActor() actor: Actor | null, @CorrelationId() correlationId: string): Promise<AchievementsPage> {
    return this.bus.call('ledger', LEDGER_PATTERNS.listAchievements, query, actor, correlationId);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One of your achievements, with its ETag' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 200, type: AchievementView })
  @ApiResponse(AUTH_DOCS[0])
  @ApiResponse(AUTH_DOCS[1])
  @ApiResponse(problemResponse(404, NOT_FOUND_DOC))
  async get(
    @Param('id') id: string,
    @CurrentActor() actor: Actor | null,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AchievementView> {
    if (!isRecordId(id)) throw notFound();
    const view = await this.bus.call<AchievementView>('ledger', LEDGER_PATTERNS.getAchievement, { id }, actor, correlationId);
    reply.header('etag', etagOf(view.revision));
    return view;
  }

  @Patch(':id')
  @ApiOperation({
    summary: '修改: change fields of an achievement not yet submitted',
    description: 'Any subset of the fields of POST; null clears an optional text field. Only the fields that change are recorded; if nothing changes, nothing is recorded and the revision stays.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiHeader({ name: 'If-Match', required: true, description: 'The revision you read (ETag): 3, "3" or W/"3"' })
  @ApiResponse({ status: 200, type: AchievementRevisionResponse, description: 'Changed; the new ETag is set' })
  @ApiResponse(
    problemResponse(
      400,
      'LEDGER.IF_MATCH_REQUIRED, LEDGER.IF_MATCH_INVALID, LEDGER.AMENDMENT_EMPTY, VALIDATION.INVALID_INPUT, LEDGER.ACHIEVEMENT_INVALID, LEDGER.CATALOG_ITEM_UNKNOWN, LEDGER.CATEGORY_MISMATCH, LEDGER.TYPE_NOT_IN_CATEGORY, LEDGER.EVIDENCE_UNKNOWN',
    ),
  )
  @ApiResponse(AUTH_DOCS[0])
  @ApiResponse(AUTH_DOCS[1])
  @ApiResponse(problemResponse(404, NOT_FOUND_DOC))
  @ApiResponse(problemResponse(409, 'LEDGER.ACHIEVEMENT_ALREADY_SUBMITTED, LEDGER.EVIDENCE_IN_USE'))
  @ApiResponse(problemResponse(412, 'LEDGER.REVISION_MISMATCH: changed since you read it'))
  async amend(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: AmendAchievementDto,
    @CurrentActor() actor: Actor | null,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AchievementRevisionResponse> {
    const expectedRevision = revisionFromIfMatch(ifMatch);
    if (expectedRevision === undefined) {
      throw problem(LEDGER_ERROR_CODES.IF_MATCH_REQUIRED, 'validation', 'Send the revision you read in If-Match (its ETag).', [
        { field: 'If-Match', code: LEDGER_ERROR_CODES.IF_MATCH_REQUIRED, message: 'the If-Match header is required' },
      ]);
    }
    if (!isRecordId(id)) throw notFound();
    const result = await this.bus.call<AchievementRevisionResponse>('ledger', LEDGER_PATTERNS.amendAchievement, { ...body, id, expectedRevision }, actor, correlationId);
    reply.header('etag', etagOf(result.revision));
    return result;
  }

  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: '删除: delete an achievement not yet submitted (If-Match optional)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'When given, the revision must still be current' })
  @ApiResponse({ status: 204, description: 'Deleted' })
  @ApiResponse(problemResponse(400, 'LEDGER.IF_MATCH_INVALID'))
  @ApiResponse(AUTH_DOCS[0])
  @ApiResponse(AUTH_DOCS[1])
  @ApiResponse(problemResponse(404, NOT_FOUND_DOC))
  @ApiResponse(problemResponse(409, 'LEDGER.ACHIEVEMENT_ALREADY_SUBMITTED'))
  @ApiResponse(problemResponse(412, 'LEDGER.REVISION_MISMATCH'))
  async withdraw(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @CurrentActor() actor: Actor | null,
    @CorrelationId() correlationId: string,
  ): Promise<void> {
    const expectedRevision = revisionFromIfMatch(ifMatch);
    if (!isRecordId(id)) throw notFound();
    await this.bus.call('ledger', LEDGER_PATTERNS.withdrawAchievement, { id, ...(expectedRevision !== undefined ? { expectedRevision } : {}) }, actor, correlationId);
  }

  @Post(':id/recognition-requests')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: '提交认定: submit the achievement for recognition by its responsible institution; it becomes read-only' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiResponse({ status: 202, type: RecognitionRequestedResponse })
  @ApiResponse(AUTH_DOCS[0])
  @ApiResponse(AUTH_DOCS[1])
  @ApiResponse(problemResponse(404, NOT_FOUND_DOC))
  @ApiResponse(problemResponse(409, 'LEDGER.ACHIEVEMENT_ALREADY_SUBMITTED: submitted before'))
  async requestRecognition(
    @Param('id') id: string,
    @CurrentActor() actor: Actor | null,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<RecognitionRequestedResponse> {
    if (!isRecordId(id)) throw notFound();
    const result = await this.bus.call<RecognitionRequestedResponse>('ledger', LEDGER_PATTERNS.requestRecognition, { id }, actor, correlationId);
    reply.header('etag', etagOf(result.revision));
    return result;
  }
}
