import {
  Actor,
  CATALOG_PATTERNS,
  CatalogItemFieldsDto,
  CatalogItemView,
  FrameworkLevelTextsDto,
  FrameworkLevelView,
  PublishCatalogItemDto,
  RetireCatalogItemBodyDto,
} from '@credit-bank/contracts';
import { Body, Controller, Headers, HttpCode, HttpStatus, Param, Patch, Post, Put, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { AdminOnlyGuard } from '../auth/admin-only.guard';
import { CorrelationId, CurrentActor } from '../auth/auth.decorators';
import { problem } from '../http/problem';
import { problemResponse } from '../http/problem-response';
import { ServiceBus } from '../http/service-bus';
import { isRecordId } from '../ledger/ledger-http';
import { etagOf, numberFromIfMatch } from './catalog-http';

const AUTH_DOCS = [problemResponse(401, 'AUTH.TOKEN_MISSING / AUTH.TOKEN_INVALID'), problemResponse(403, 'AUTH.FORBIDDEN: not the administrator')];
const itemNotFound = () => problem('CATALOG.ITEM_NOT_FOUND', 'not_found', 'No such catalogue entry.');

/**
 * 管理中心: maintenance of the achievement catalogue (成果目录) and of the framework levels. The
 * catalog service checks the administrator role again on every message.
 */
@ApiTags('catalog admin')
@ApiBearerAuth()
@UseGuards(AdminOnlyGuard)
@Controller('admin')
export class CatalogAdminController {
  constructor(private readonly bus: ServiceBus) {}

  @Post('catalog/items')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: '成果目录维护: publish a catalogue entry',
    description:
      'category, type, projectName (项目名称), achievementName (成果名称), institutionId (资历机构: its id in the directory, GET /qualification-institutions; the entry carries the directory’s name), ' +
      'frameworkLevel (1–7), credits (> 0, ≤ 60, one decimal); sample defaults to false.',
  })
  @ApiResponse({ status: 201, type: CatalogItemView, description: 'Published (revision 0); ETag and Location are set' })
  @ApiResponse(problemResponse(400, 'VALIDATION.INVALID_INPUT (shape), CATALOG.ITEM_INVALID (errors per field)'))
  @ApiResponse(AUTH_DOCS[0])
  @ApiResponse(AUTH_DOCS[1])
  @ApiResponse(problemResponse(404, 'CATALOG.INSTITUTION_NOT_FOUND: the directory has no institution of this id (field error `institutionId`)'))
  async publishItem(
    @Body() body: PublishCatalogItemDto,
    @CurrentActor() actor: Actor | null,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CatalogItemView> {
    const view = await this.bus.call<CatalogItemView>('catalog', CATALOG_PATTERNS.publishItem, body, actor, correlationId);
    reply.header('etag', etagOf(view.revision ?? 0));
    reply.header('location', `/api/v1/catalog/items/${view.id}`);
    return view;
  }

  @Patch('catalog/items/:id')
  @ApiOperation({
    summary: '成果目录维护: revise fields of an entry (framework level, credits, responsible institution, names…)',
    description: 'Only the fields given change; another institution is given by its directory id (institutionId). Achievements stored before keep their snapshot.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The entry’s revision you read (3, "3" or W/"3"); when given it must still be current' })
  @ApiResponse({ status: 200, type: CatalogItemView })
  @ApiResponse(problemResponse(400, 'VALIDATION.INVALID_INPUT, CATALOG.ITEM_INVALID, CATALOG.IF_MATCH_INVALID'))
  @ApiResponse(AUTH_DOCS[0])
  @ApiResponse(AUTH_DOCS[1])
  @ApiResponse(problemResponse(404, 'CATALOG.ITEM_NOT_FOUND, CATALOG.INSTITUTION_NOT_FOUND (field error `institutionId`)'))
  @ApiResponse(problemResponse(409, 'CATALOG.ITEM_RETIRED, CATALOG.REVISION_CONFLICT'))
  async reviseItem(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: CatalogItemFieldsDto,
    @CurrentActor() actor: Actor | null,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CatalogItemView> {
    const expectedRevision = numberFromIfMatch(ifMatch);
    if (!isRecordId(id)) throw itemNotFound();
    const payload = { ...body, id, ...(expectedRevision !== undefined ? { expectedRevision } : {}) };
    const view = await this.bus.call<CatalogItemView>('catalog', CATALOG_PATTERNS.reviseItem, payload, actor, correlationId);
    reply.header('etag', etagOf(view.revision ?? 0));
    return view;
  }

  @Post('catalog/items/:id/retirement')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: '成果目录维护: retire an entry',
    description: 'It disappears from the search and cannot be used by a new achievement; GET /catalog/items/{id} still answers it with status retired. Retiring twice changes nothing.',
  })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The entry’s revision you read' })
  @ApiResponse({ status: 200, type: CatalogItemView })
  @ApiResponse(problemResponse(400, 'VALIDATION.INVALID_INPUT, CATALOG.IF_MATCH_INVALID'))
  @ApiResponse(AUTH_DOCS[0])
  @ApiResponse(AUTH_DOCS[1])
  @ApiResponse(problemResponse(404, 'CATALOG.ITEM_NOT_FOUND'))
  @ApiResponse(problemResponse(409, 'CATALOG.REVISION_CONFLICT'))
  async retireItem(
    @Param('id') id: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() body: RetireCatalogItemBodyDto,
    @CurrentActor() actor: Actor | null,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<CatalogItemView> {
    const expectedRevision = numberFromIfMatch(ifMatch);
    if (!isRecordId(id)) throw itemNotFound();
    const payload = { ...(body ?? {}), id, ...(expectedRevision !== undefined ? { expectedRevision } : {}) };
    const view = await this.bus.call<CatalogItemView>('catalog', CATALOG_PATTERNS.retireItem, payload, actor, correlationId);
    reply.header('etag', etagOf(view.revision ?? 0));
    return view;
  }

  @Put('framework-levels/:level')
  @ApiOperation({
    summary: '资历框架维护: define a level of the framework or revise its texts',
    description: 'name, nameZh, knowledge (知识), skills (技能), competence (能力); each required, ≤ 2000 characters. Identical texts change nothing.',
  })
  @ApiParam({ name: 'level', schema: { type: 'integer', minimum: 1, maximum: 7 } })
  @ApiResponse({ status: 200, type: FrameworkLevelView })
  @ApiResponse(problemResponse(400, 'VALIDATION.INVALID_INPUT, CATALOG.FRAMEWORK_LEVEL_INVALID (level outside 1–7, a text missing or too long)'))
  @ApiResponse(AUTH_DOCS[0])
  @ApiResponse(AUTH_DOCS[1])
  putFrameworkLevel(
    @Param('level') level: string,
    @Body() body: FrameworkLevelTextsDto,
    @CurrentActor() actor: Actor | null,
    @CorrelationId() correlationId: string,
  ): Promise<FrameworkLevelView> {
    const n = /^\d{1,2}$/.test(level) ? Number(level) : Number.NaN;
    return this.bus.call<FrameworkLevelView>('catalog', CATALOG_PATTERNS.putFrameworkLevel, { ...body, level: Number.isNaN(n) ? -1 : n }, actor, correlationId);
  }
}
