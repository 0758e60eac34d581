import {
  Actor,
  CATALOG_ERROR_CODES,
  CATALOG_PATTERNS,
  ConversionRuleContentDto,
  ConversionRulesPage,
  ConversionRuleVersionQueryDto,
  ConversionRuleView,
  RetireConversionRuleBodyDto,
  SearchConversionRulesDto,
} from '@credit-bank/contracts';
import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, Post, Put, Query, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AdminOnlyGuard } from '../auth/admin-only.guard';
import { CorrelationId, CurrentActor, Public } from '../auth/auth.decorators';
import { problem } from '../http/problem';
import { problemResponse } from '../http/problem-response';
import { ServiceBus } from '../http/service-bus';
import { isRecordId } from '../ledger/ledger-http';
import { etagOf, numberFromIfMatch } from './catalog-http';

const AUTH_DOCS = [problemResponse(401, 'AUTH.TOKEN_MISSING / AUTH.TOKEN_INVALID'), problemResponse(403, 'AUTH.FORBIDDEN: not the administrator')];
const ruleNotFound = () => problem(CATALOG_ERROR_CODES.CONVERSION_RULE_NOT_FOUND, 'not_found', 'No such conversion rule or version.');
const CONTENT_DOC =
  'name; kind (achievement: 转换成果申请, work-performance: 业绩类成果转换申请); sources {catalogItemIds?, category?, minFrameworkLevel?} (at least one); ' +
  'target {programme (专业), course? (课程), awardingInstitutionId (转换机构: its id in the directory, GET /qualification-institutions; the rule carries the directory’s name as awardingInstitution), credits}; ' +
  'limits {maxCreditsPerTarget?, maxAchievements?}; effectiveFrom (YYYY-MM-DD).';

/** 规则查询 (public) of the conversion rules (转换规则). */
@ApiTags('conversion rules')
@Public()
@Controller('conversion-rules')
export class ConversionRulesController {
  constructor(private readonly bus: ServiceBus) {}

  @Get()
  @ApiOperation({
    summary: '规则查询: the active conversion rules (current versions)',
    description:
      'Filters: awardingInstitutionId (the directory id), awardingInstitution (exact name), kind, q (substring of the name, programme, course or institution). Ordered by institution, programme, name.',
  })
  @ApiOkResponse({ type: ConversionRulesPage })
  @ApiResponse(problemResponse(400, 'VALIDATION.INVALID_INPUT: a bad filter or page'))
  search(@Query() query: SearchConversionRulesDto, @CorrelationId() correlationId: string): Promise<ConversionRulesPage> {
    return this.bus.call<ConversionRulesPage>('catalog', CATALOG_PATTERNS.searchConversionRules, query, null, correlationId);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One conversion rule: its current version, or any earlier one with ?version=', description: 'Retired rules are answered too (status retired). ETag: the version.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: ConversionRuleView })
  @ApiResponse(problemResponse(400, 'VALIDATION.INVALID_INPUT: version is not a positive integer'))
  @ApiResponse(problemResponse(404, 'CATALOG.CONVERSION_RULE_NOT_FOUND: no such rule, or no such version'))
  async get(
    @Param('id') id: string,
    @Query() query: ConversionRuleVersionQueryDto,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ConversionRuleView> {
    if (!isRecordId(id)) throw ruleNotFound();
    const view = await this.bus.call<ConversionRuleView>('catalog', CATALOG_PATTERNS.getConversionRule, { ruleId: id, ...(query.version !== undefined ? { version: query.version } : {}) }, null, correlationId);
    reply.header('etag', etagOf(view.version));
    return view;
  }
}

/** 管理中心: publishing, revising (a new version each time) and retiring conversion rules. */
@ApiTags('conversion rules')
@ApiBearerAuth()
@UseGuards(AdminOnlyGuard)
@Controller('admin/conversion-rules')
export class ConversionRulesAdminController {
  constructor(private readonly bus: ServiceBus) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: '转换规则发布: publish a conversion rule (version 1)', description: CONTENT_DOC })
  @ApiResponse({ status: 201, type: ConversionRuleView, description: 'Published; ETag "1" and Location are set' })
  @ApiResponse(problemResponse(400, 'VALIDATION.INVALID_INPUT (shape), CATALOG.CONVERSION_RULE_INVALID (errors per field, e.g. sources.catalogItemIds[0] CATALOG.CATALOG_ITEM_UNKNOWN)'))
  @ApiResponse(AUTH_DOCS[0])
  @ApiResponse(AUTH_DOCS[1])
  @ApiResponse(problemResponse(404, 'CATALOG.INSTITUTION_NOT_FOUND: the directory has no institution of this id (field error `target.awardingInstitutionId`)'))
  async publish(
    @Body() body: ConversionRuleContentDto,
    @CurrentActor() actor: Actor | null,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ConversionRuleView> {
    const view = await this.bus.call<ConversionRuleView>('catalog', CATALOG_PATTERNS.publishConversionRule, body, actor, correlationId);
    reply.header('etag', etagOf(view.version));
    reply.header('location', `/api/v1/conversion-rules/${view.ruleId}`);
    return view;
  }

  @Put(':id')
  @ApiOperation({ summary: '转换规则修订: publish a new version of a rule (the whole content)', description: `${CONTENT_DOC} Earlier versions stay readable with ?version=.` })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiHeader({ name: 'If-Match', required: true, description: 'The current version you read (its ETag): 1, "1" or W/"1"' })
  @ApiResponse({ status: 200, type: ConversionRuleView, description: 'The new version (unchanged content: the current one); ETag set' })
  @ApiResponse(problemResponse(400, 'CATALOG.IF_MATCH_REQUIRED, CATALOG.IF_MATCH_INVALID, VALIDATION.INVALID_INPUT, CATALOG.CONVERSION_RULE_INVALID'))
  @ApiResponse(AUTH_DOCS[0])
  @ApiResponse(AUTH_DOCS[1])
  @ApiResponse(problemResponse(404, 'CATALOG.CONVERSION_RULE_NOT_FOUND, CATALOG.INSTITUTION_NOT_FOUND (field error `target.awardingInstitutionId`)'))
  @ApiResponse(problemResponse(409, 'CATALOG.REVISION_CONFLICT (another version was published since you read it), CATALOG.CONVERSION_RULE_RETIRED'))
  async revise(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: ConversionRuleContentDto,
    @CurrentActor() actor: Actor | null,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ConversionRuleView> {
    const expectedVersion = numberFromIfMatch(ifMatch);
    if (expectedVersion === undefined) {
      throw problem(CATALOG_ERROR_CODES.IF_MATCH_REQUIRED, 'validation', 'Send the version you read in If-Match (its ETag).', [
        { field: 'If-Match', code: CATALOG_ERROR_CODES.IF_MATCH_REQUIRED, message: 'the If-Match header is required' },
      ]);
    }
    if (!isRecordId(id)) throw ruleNotFound();
    const view = await this.bus.call<ConversionRuleView>('catalog', CATALOG_PATTERNS.reviseConversionRule, { ...body, ruleId: id, expectedVersion }, actor, correlationId);
    reply.header('etag', etagOf(view.version));
    return view;
  }

  @Post(':id/retirement')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '转换规则停用: retire a rule', description: 'No new applications under it; its versions stay readable. Retiring twice changes nothing.' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The version you read; when given it must still be current' })
  @ApiResponse({ status: 200, type: ConversionRuleView })
  @ApiResponse(problemResponse(400, 'CATALOG.IF_MATCH_INVALID, VALIDATION.INVALID_INPUT'))
  @ApiResponse(AUTH_DOCS[0])
  @ApiResponse(AUTH_DOCS[1])
  @ApiResponse(problemResponse(404, 'CATALOG.CONVERSION_RULE_NOT_FOUND'))
  @ApiResponse(problemResponse(409, 'CATALOG.REVISION_CONFLICT'))
  async retire(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: RetireConversionRuleBodyDto,
    @CurrentActor() actor: Actor | null,
    @CorrelationId() correlationId: string,
  ): Promise<ConversionRuleView> {
    const expectedVersion = numberFromIfMatch(ifMatch);
    if (!isRecordId(id)) throw ruleNotFound();
    const payload = { ...(body ?? {}), ruleId: id, ...(expectedVersion !== undefined ? { expectedVersion } : {}) };
    return this.bus.call<ConversionRuleView>('catalog', CATALOG_PATTERNS.retireConversionRule, payload, actor, correlationId);
  }
}
