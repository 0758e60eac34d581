import {
  Actor,
  CATALOG_ERROR_CODES,
  CATALOG_PATTERNS,
  ListQualificationInstitutionDto,
  QualificationInstitutionsPage,
  QualificationInstitutionView,
  ReviseQualificationInstitutionBodyDto,
  SearchQualificationInstitutionsDto,
} from '@credit-bank/contracts';
import { Body, Controller, Get, Headers, HttpCode, HttpStatus, Param, Patch, Post, Query, Res, UseGuards } from '@nestjs/common';
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
const NOT_FOUND = problemResponse(404, 'CATALOG.INSTITUTION_NOT_FOUND: no institution of the directory has this id (malformed ids included)');
const TAKEN = problemResponse(
  409,
  'CATALOG.INSTITUTION_CREDIT_CODE_TAKEN / CATALOG.INSTITUTION_NAME_TAKEN: another entry of the directory has this credit code or name (`details.institutionId` names it)',
);
const institutionNotFound = () => problem(CATALOG_ERROR_CODES.INSTITUTION_NOT_FOUND, 'not_found', 'No qualification institution of the directory has this id.');

/**
 * The directory of qualification institutions (资历机构): the identities catalogue entries and
 * conversion rules name, and institution accounts are linked to. Public.
 */
@ApiTags('qualification institutions')
@Public()
@Controller('qualification-institutions')
export class QualificationInstitutionsController {
  constructor(private readonly bus: ServiceBus) {}

  @Get()
  @ApiOperation({
    summary: '资历机构: search the directory of qualification institutions',
    description: '`q`: case-insensitive substring of the name or an alias; `creditCode`: the exact unified social credit code (统一社会信用代码). Ordered by name.',
  })
  @ApiOkResponse({ type: QualificationInstitutionsPage })
  @ApiResponse(problemResponse(400, 'VALIDATION.INVALID_INPUT: a bad filter or page (creditCode not 18 characters of the credit-code alphabet)'))
  search(@Query() query: SearchQualificationInstitutionsDto, @CorrelationId() correlationId: string): Promise<QualificationInstitutionsPage> {
    return this.bus.call<QualificationInstitutionsPage>('catalog', CATALOG_PATTERNS.searchInstitutions, query, null, correlationId);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One qualification institution of the directory (ETag: its revision)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: QualificationInstitutionView })
  @ApiResponse(NOT_FOUND)
  async get(@Param('id') id: string, @CorrelationId() correlationId: string, @Res({ passthrough: true }) reply: FastifyReply): Promise<QualificationInstitutionView> {
    if (!isRecordId(id)) throw institutionNotFound();
    const view = await this.bus.call<QualificationInstitutionView>('catalog', CATALOG_PATTERNS.getInstitution, { id }, null, correlationId);
    reply.header('etag', etagOf(view.revision));
    return view;
  }
}

/** 管理中心: listing and revising qualification institutions of the directory. */
@ApiTags('qualification institutions')
@ApiBearerAuth()
@UseGuards(AdminOnlyGuard)
@Controller('admin/qualification-institutions')
export class QualificationInstitutionsAdminController {
  constructor(private readonly bus: ServiceBus) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: '资历机构维护: list an institution in the directory',
    description:
      'name (资历机构名称), creditCode? (统一社会信用代码, checked with its check character: how an institution account registering with it is matched when the administrator approves it), aliases? (other names, searchable). ' +
      'Names and credit codes are unique in the directory; the institutions the seeded catalogue names are listed without a code: record theirs with PATCH instead of listing them again.',
  })
  @ApiResponse({ status: 201, type: QualificationInstitutionView, description: 'Listed (revision 0); ETag and Location are set' })
  @ApiResponse(problemResponse(400, 'VALIDATION.INVALID_INPUT (shape), CATALOG.INSTITUTION_INVALID (errors per field: CATALOG.CREDIT_CODE_FORMAT, CATALOG.CREDIT_CODE_CHECK_CHARACTER, …)'))
  @ApiResponse(AUTH_DOCS[0])
  @ApiResponse(AUTH_DOCS[1])
  @ApiResponse(TAKEN)
  async list(
    @Body() body: ListQualificationInstitutionDto,
    @CurrentActor() actor: Actor | null,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<QualificationInstitutionView> {
    const view = await this.bus.call<QualificationInstitutionView>('catalog', CATALOG_PATTERNS.listInstitution, body, actor, correlationId);
    reply.header('etag', etagOf(view.revision));
    reply.header('location', `/api/v1/qualification-institutions/${view.id}`);
    return view;
  }

  @Patch(':id')
  @ApiOperation({
    summary: '资历机构维护: revise an institution of the directory',
    description: 'Only the fields given change; `creditCode: null` removes the code. A new name shows on its catalogue entries and the current versions of its conversion rules.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The entry’s revision you read (3, "3" or W/"3"); when given it must still be current' })
  @ApiResponse({ status: 200, type: QualificationInstitutionView })
  @ApiResponse(problemResponse(400, 'VALIDATION.INVALID_INPUT, CATALOG.INSTITUTION_INVALID, CATALOG.IF_MATCH_INVALID'))
  @ApiResponse(AUTH_DOCS[0])
  @ApiResponse(AUTH_DOCS[1])
  @ApiResponse(NOT_FOUND)
  @ApiResponse(problemResponse(409, 'CATALOG.REVISION_CONFLICT, CATALOG.INSTITUTION_CREDIT_CODE_TAKEN, CATALOG.INSTITUTION_NAME_TAKEN (`details.institutionId`)'))
  async revise(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: ReviseQualificationInstitutionBodyDto,
    @CurrentActor() actor: Actor | null,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<QualificationInstitutionView> {
    const expectedRevision = numberFromIfMatch(ifMatch);
    if (!isRecordId(id)) throw institutionNotFound();
    const payload = { ...(body ?? {}), id, ...(expectedRevision !== undefined ? { expectedRevision } : {}) };
    const view = await this.bus.call<QualificationInstitutionView>('catalog', CATALOG_PATTERNS.reviseInstitution, payload, actor, correlationId);
    reply.header('etag', etagOf(view.revision));
    return view;
  }
}
