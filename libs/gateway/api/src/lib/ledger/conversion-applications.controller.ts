import { Actor, ApplyForConversionDto, ConversionApplicationsPage, ConversionApplicationView, CONVERSION_PATTERNS, ListConversionApplicationsDto } from '@credit-bank/contracts';
import { Body, Controller, Get, HttpCode, HttpStatus, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CorrelationId, CurrentActor } from '../auth/auth.decorators';
import { problemResponse } from '../http/problem-response';
import { ServiceBus } from '../http/service-bus';
import { LearnerOnlyGuard } from './ledger-http';

/** 转换成果申请 / 业绩类成果转换申请: the learner's applications. */
@ApiTags('conversion')
@ApiBearerAuth()
@UseGuards(LearnerOnlyGuard)
@Controller('conversion-applications')
export class ConversionApplicationsController {
  constructor(private readonly bus: ServiceBus) {}

  @Post()
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    summary: '转换成果申请: apply to convert recognised achievements under a conversion rule (转换规则)',
    description:
      'kind achievement (转换成果申请) or work-performance (业绩类成果转换申请: 工作业绩 achievements, only under work-performance rules). The rule’s current version is recorded. The achievements are held (冻结) until the awarding institution (转换机构) decides; a held or spent one cannot enter another application.',
  })
  @ApiResponse({ status: 201, type: ConversionApplicationView })
  @ApiResponse(
    problemResponse(
      400,
      'VALIDATION.INVALID_INPUT, LEDGER.CONVERSION_NO_ACHIEVEMENTS, LEDGER.CONVERSION_DUPLICATE_ACHIEVEMENT, LEDGER.CONVERSION_ACHIEVEMENT_UNKNOWN, LEDGER.CONVERSION_RULE_UNKNOWN, LEDGER.CONVERSION_KIND_MISMATCH, LEDGER.CONVERSION_SOURCE_MISMATCH, LEDGER.CONVERSION_TOO_MANY_ACHIEVEMENTS',
    ),
  )
  @ApiResponse(problemResponse(401, 'AUTH.TOKEN_MISSING / AUTH.TOKEN_INVALID'))
  @ApiResponse(problemResponse(403, 'AUTH.FORBIDDEN: not a learner'))
  @ApiResponse(
    problemResponse(
      409,
      'LEDGER.ACHIEVEMENT_NOT_RECOGNISED, LEDGER.ACHIEVEMENT_HELD (also what the slower of two applications at once gets), LEDGER.ACHIEVEMENT_SPENT, LEDGER.CONVERSION_RULE_RETIRED, LEDGER.CONVERSION_RULE_NOT_EFFECTIVE, LEDGER.CONVERSION_CREDIT_LIMIT_EXCEEDED',
    ),
  )
  @ApiResponse(problemResponse(503, 'LEDGER.CATALOG_UNAVAILABLE'))
  apply(@Body() body: ApplyForConversionDto, @CurrentActor() actor: Actor | null, @CorrelationId() correlationId: string): Promise<ConversionApplicationView> {
    return this.bus.call('ledger', CONVERSION_PATTERNS.applyForConversion, body, actor, correlationId);
  }

  @Get()
  @ApiOperation({ summary: 'Your conversion applications, newest first (status: pending 待审核, approved 通过, rejected 不通过)' })
  @ApiResponse({ status: 200, type: ConversionApplicationsPage })
  @ApiResponse(problemResponse(401, 'AUTH.TOKEN_MISSING / AUTH.TOKEN_INVALID'))
  @ApiResponse(problemResponse(403, 'AUTH.FORBIDDEN: not a learner'))
  list(@Query() query: ListConversionApplicationsDto, @CurrentActor() actor: Actor | null, @CorrelationId() correlationId: string): Promise<ConversionApplicationsPage> {
    return this.bus.call('ledger', CONVERSION_PATTERNS.listConversionApplications, query, actor, correlationId);
  }
}
