import { Actor, InstitutionStatisticsView, LEDGER_ERROR_CODES, STATISTICS_PATTERNS } from '@credit-bank/contracts';
import { Controller, Get, Param, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AdminOnlyGuard } from '../auth/admin-only.guard';
import { CorrelationId, CurrentActor } from '../auth/auth.decorators';
import { problem } from '../http/problem';
import { problemResponse } from '../http/problem-response';
import { ServiceBus } from '../http/service-bus';
import { isRecordId } from './ledger-http';
import { InstitutionOnlyGuard } from './reviews.controller';

const AUTH_401 = problemResponse(401, 'AUTH.TOKEN_MISSING / AUTH.TOKEN_INVALID');
const NOT_FOUND_DOC = 'LEDGER.INSTITUTION_NOT_FOUND: no institution account with this id';
const DESCRIPTION =
  'Counted from the history (ledger_institution_statistics, one document per directory institution): requests that reached its queue, those waiting, ' +
  'its decisions (standing recognitions, rejections, returns, revoked recognitions), the credits of its standing recognitions by category and framework level, ' +
  'and its last decision. No learner is named: an erased learner’s recognitions keep counting. An account not linked to a directory institution has all zero.';

/** 机构统计: an institution's own figures. */
@ApiTags('recognition')
@ApiBearerAuth()
@UseGuards(InstitutionOnlyGuard)
@Controller('institution')
export class InstitutionStatisticsController {
  constructor(private readonly bus: ServiceBus) {}

  @Get('statistics')
  @ApiOperation({ summary: '机构统计: your institution’s recognition figures', description: DESCRIPTION })
  @ApiResponse({ status: 200, type: InstitutionStatisticsView })
  @ApiResponse(AUTH_401)
  @ApiResponse(problemResponse(403, 'AUTH.FORBIDDEN: not an institution account'))
  @ApiResponse(problemResponse(404, `${NOT_FOUND_DOC} (the ledger has not heard of the registration yet)`))
  get(@CurrentActor() actor: Actor | null, @CorrelationId() correlationId: string): Promise<InstitutionStatisticsView> {
    return this.bus.call('ledger', STATISTICS_PATTERNS.getInstitutionStatistics, {}, actor, correlationId);
  }
}

/** 机构统计 for 管理中心: any institution account's figures (the id of GET /admin/institutions). */
@ApiTags('administration')
@ApiBearerAuth()
@UseGuards(AdminOnlyGuard)
@Controller('admin/institutions')
export class AdminInstitutionStatisticsController {
  constructor(private readonly bus: ServiceBus) {}

  @Get(':id/statistics')
  @ApiOperation({ summary: '机构统计: an institution account’s recognition figures', description: DESCRIPTION })
  @ApiParam({ name: 'id', format: 'uuid', description: 'The institution account (as listed by GET /admin/institutions)' })
  @ApiResponse({ status: 200, type: InstitutionStatisticsView })
  @ApiResponse(AUTH_401)
  @ApiResponse(problemResponse(403, 'AUTH.FORBIDDEN: not the administrator'))
  @ApiResponse(problemResponse(404, NOT_FOUND_DOC))
  get(@Param('id') id: string, @CurrentActor() actor: Actor | null, @CorrelationId() correlationId: string): Promise<InstitutionStatisticsView> {
    if (!isRecordId(id)) throw problem(LEDGER_ERROR_CODES.INSTITUTION_NOT_FOUND, 'not_found', 'No institution account with this id.');
    return this.bus.call('ledger', STATISTICS_PATTERNS.getInstitutionStatistics, { accountId: id }, actor, correlationId);
  }
}
