import { Actor, ConversionApplicationsPage, ConversionApplicationView, CONVERSION_PATTERNS, LEDGER_ERROR_CODES, ListConversionApplicationsDto, RejectConversionDto } from '@credit-bank/contracts';
import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CorrelationId, CurrentActor } from '../auth/auth.decorators';
import { problem } from '../http/problem';
import { problemResponse } from '../http/problem-response';
import { ServiceBus } from '../http/service-bus';
import { isRecordId } from './ledger-http';
import { InstitutionOnlyGuard } from './reviews.controller';

const notFound = () => problem(LEDGER_ERROR_CODES.CONVERSION_APPLICATION_NOT_FOUND, 'not_found', 'No such conversion application.');
const AUTH_DOCS = [
  problemResponse(401, 'AUTH.TOKEN_MISSING / AUTH.TOKEN_INVALID'),
  problemResponse(403, 'AUTH.FORBIDDEN: not an institution account; LEDGER.INSTITUTION_NOT_APPROVED'),
];
const NOT_FOUND_DOC = 'LEDGER.CONVERSION_APPLICATION_NOT_FOUND: unknown, or to another awarding institution (the same answer)';
const CONFLICT_DOC = 'LEDGER.CONVERSION_ALREADY_DECIDED (one decision stands: also what the slower of two decisions at once gets)';

/** 转换审核: the awarding institution (转换机构) decides the applications towards its programmes. */
@ApiTags('conversion')
@ApiBearerAuth()
@UseGuards(InstitutionOnlyGuard)
@Controller('conversion-reviews')
export class ConversionReviewsController {
  constructor(private readonly bus: ServiceBus) {}

  @Get()
  @ApiOperation({ summary: '转换审核列表: applications whose target is your institution, oldest first (status default pending 待审核)' })
  @ApiResponse({ status: 200, type: ConversionApplicationsPage })
  @ApiResponse(AUTH_DOCS[0])
  @ApiResponse(AUTH_DOCS[1])
  list(@Query() query: ListConversionApplicationsDto, @CurrentActor() actor: Actor | null, @CorrelationId() correlationId: string): Promise<ConversionApplicationsPage> {
    return this.bus.call('ledger', CONVERSION_PATTERNS.listConversionReviews, query, actor, correlationId);
  }

  @Post(':applicationId/approval')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '转换通过: approve; the achievements are spent (已转换)' })
  @ApiParam({ name: 'applicationId', format: 'uuid' })
  @ApiResponse({ status: 200, type: ConversionApplicationView })
  @ApiResponse(AUTH_DOCS[0])
  @ApiResponse(AUTH_DOCS[1])
  @ApiResponse(problemResponse(404, NOT_FOUND_DOC))
  @ApiResponse(problemResponse(409, CONFLICT_DOC))
  approve(@Param('applicationId') applicationId: string, @CurrentActor() actor: Actor | null, @CorrelationId() correlationId: string): Promise<ConversionApplicationView> {
    if (!isRecordId(applicationId)) throw notFound();
    return this.bus.call('ledger', CONVERSION_PATTERNS.approveConversion, { applicationId }, actor, correlationId);
  }

  @Post(':applicationId/rejection')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: '转换不通过: reject with a reason; the achievements are released (可用 again)' })
  @ApiParam({ name: 'applicationId', format: 'uuid' })
  @ApiResponse({ status: 200, type: ConversionApplicationView })
  @ApiResponse(problemResponse(400, 'VALIDATION.INVALID_INPUT, LEDGER.CONVERSION_REASON_REQUIRED'))
  @ApiResponse(AUTH_DOCS[0])
  @ApiResponse(AUTH_DOCS[1])
  @ApiResponse(problemResponse(404, NOT_FOUND_DOC))
  @ApiResponse(problemResponse(409, CONFLICT_DOC))
  reject(
    @Param('applicationId') applicationId: string,
    @Body() body: RejectConversionDto,
    @CurrentActor() actor: Actor | null,
    @CorrelationId() correlationId: string,
  ): Promise<ConversionApplicationView> {
    if (!isRecordId(applicationId)) throw notFound();
    return this.bus.call('ledger', CONVERSION_PATTERNS.rejectConversion, { applicationId, reason: body.reason }, actor, correlationId);
  }
}
