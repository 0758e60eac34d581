import {
  AccountConversionView,
  Actor,
  CATALOG_PATTERNS,
  CatalogCategoriesResponse,
  CONVERSION_PATTERNS,
  CONVERSION_RULE_VERSIONS_MAX_REFS,
  ConversionRuleVersionsResponse,
  FrameworkLevelsResponse,
  IDENTITY_PATTERNS,
  LearningAccountView,
  MeResponse,
  StatementConversionView,
  StatementHolderView,
  StatementQueryDto,
  StatementResponse,
  StatementView,
} from '@credit-bank/contracts';
import { Controller, Get, Headers, Query, Res, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CorrelationId, CurrentActor } from '../auth/auth.decorators';
import { ProblemException } from '../http/problem';
import { problemResponse } from '../http/problem-response';
import { ServiceBus } from '../http/service-bus';
import { LearnerOnlyGuard } from './ledger-http';
import { renderStatementPdf, StatementLabels } from './statement-pdf';

const AUTH_DOCS = [problemResponse(401, 'AUTH.TOKEN_MISSING / AUTH.TOKEN_INVALID'), problemResponse(403, 'AUTH.FORBIDDEN: not a learner')];

/** Whether the client asked for the PDF: `?format=pdf`, or an Accept header naming application/pdf (and not preferring JSON). */
export function wantsPdf(format: string | undefined, accept: string | undefined): boolean {
  if (format) return format === 'pdf';
  if (!accept) return false;
  const types = accept.split(',').map((part) => {
    const [type, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    return { type: type.trim(), q: q ? Number(q.slice(2)) : 1 };
  });
  const pdf = types.find((t) => t.type === 'application/pdf')?.q ?? 0;
  const json = types.find((t) => t.type === 'application/json')?.q ?? 0;
  return pdf > 0 && pdf >= json;
}

/** 学习账户 and 成绩单: the learner's recognised credits, now or as of a moment. */
@ApiTags('learning account')
@ApiBearerAuth()
@UseGuards(LearnerOnlyGuard)
@Controller('learning-account')
export class LearningAccountController {
  constructor(private readonly bus: ServiceBus) {}

  @Get()
  @ApiOperation({
    summary: '学习账户: your recognised credits (认定学分) by category (成果分类) and framework level (资历框架等级)',
    description: 'available (可用), held by pending conversion applications (冻结), spent in approved conversions (已转换); the recognised achievements behind them and your conversions, each with the rule version used.',
  })
  @ApiResponse({ status: 200, type: LearningAccountView })
  @ApiResponse(AUTH_DOCS[0])
  @ApiResponse(AUTH_DOCS[1])
  get(@CurrentActor() actor: Actor | null, @CorrelationId() correlationId: string): Promise<LearningAccountView> {
    return this.bus.call('ledger', CONVERSION_PATTERNS.getLearningAccount, {}, actor, correlationId);
  }

  @Get('statement')
  @ApiOperation({
    summary: '成绩单: what your learning account held at a moment (JSON, or a printable A4 PDF)',
    description:
      'Computed from the events up to `asOf` (time travel), not from today’s state: the achievements recognised by then (学习成果, 学分, 认定机构), the conversions and their status then, each with the name and version of the rule used. The holder (真实姓名, 证件类型, 证件号码 masked as in GET /me) comes from the identity service. `Accept: application/pdf` or `format=pdf` gives the PDF (page numbers on every page).',
  })
  @ApiHeader({ name: 'Accept', required: false, description: 'application/json (default) or application/pdf' })
  @ApiProduces('application/json', 'application/pdf')
  @ApiResponse({ status: 200, type: StatementResponse, description: 'JSON, or application/pdf' })
  @ApiResponse(problemResponse(400, 'LEDGER.STATEMENT_AS_OF_INVALID, VALIDATION.INVALID_INPUT'))
  @ApiResponse(AUTH_DOCS[0])
  @ApiResponse(AUTH_DOCS[1])
  async statement(
    @Query() query: StatementQueryDto,
    @Headers('accept') accept: string | undefined,
    @CurrentActor() actor: Actor | null,
    @CorrelationId() correlationId: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<StatementResponse | StreamableFile> {
    const [ledgerStatement, holder] = await Promise.all([
      this.bus.call<StatementView>('ledger', CONVERSION_PATTERNS.getStatement, query.asOf !== undefined ? { asOf: query.asOf } : {}, actor, correlationId),
      this.holder(actor, correlationId),
    ]);
    const pdf = wantsPdf(query.format, accept);
    const [conversions, labels] = await Promise.all([this.withRuleNames(ledgerStatement.conversions, actor, correlationId), pdf ? this.labels(actor, correlationId) : undefined]);
    const statement: StatementResponse = { ...ledgerStatement, holder, conversions };
    reply.header('cache-control', 'private, no-store');
    reply.header('vary', 'Accept');
    if (!pdf || !labels) return statement;
    const file = await renderStatementPdf(statement, labels);
    reply.header('x-content-type-options', 'nosniff');
    return new StreamableFile(file, { type: 'application/pdf', disposition: `inline; filename="statement-${statement.asOf.slice(0, 10)}.pdf"`, length: file.length });
  }

  /**
   * 持有人: the caller's own account as identity shows it in `/me`, the ID number already masked
   * there. Asked here rather than by the ledger, so an ID number, even masked, never enters the
   * ledger's events, logs or read models. An account identity does not know gets a statement
   * without holder (`null`); identity failing otherwise fails the statement rather than hide whose
   * it is.
   */
  private async holder(actor: Actor | null, correlationId: string): Promise<StatementHolderView | null> {
    let me: MeResponse;
    try {
      me = await this.bus.call<MeResponse>('identity', IDENTITY_PATTERNS.getMe, {}, actor, correlationId);
    } catch (error) {
      if (error instanceof ProblemException && error.payload.kind === 'not_found') return null;
      throw error;
    }
    return me.realName && me.idType && me.idNumber ? { realName: me.realName, idType: me.idType, maskedIdNumber: me.idNumber } : null;
  }

  /** Each conversion's rule name at the version it used, from the catalog: one request for all the distinct versions. */
  private async withRuleNames(conversions: AccountConversionView[], actor: Actor | null, correlationId: string): Promise<StatementConversionView[]> {
    const keyOf = (ruleId: string, version: number) => `${ruleId}:${version}`;
    const refs = [...new Map(conversions.map((c) => [keyOf(c.ruleId, c.ruleVersion), { ruleId: c.ruleId, version: c.ruleVersion }])).values()];
    const chunks: Array<typeof refs> = [];
    for (let i = 0; i < refs.length; i += CONVERSION_RULE_VERSIONS_MAX_REFS) chunks.push(refs.slice(i, i + CONVERSION_RULE_VERSIONS_MAX_REFS));
    const answers = await Promise.all(
      chunks.map((chunk) => this.bus.call<ConversionRuleVersionsResponse>('catalog', CATALOG_PATTERNS.getConversionRuleVersions, { refs: chunk }, actor, correlationId)),
    );
    const names = new Map(answers.flatMap((a) => a.items).map((rule) => [keyOf(rule.ruleId, rule.version), rule.name]));
    return conversions.map((c) => ({ ...c, ruleName: names.get(keyOf(c.ruleId, c.ruleVersion)) ?? null }));
  }

  /** Category, type and level names from the catalogue (which owns them). */
  private async labels(actor: Actor | null, correlationId: string): Promise<StatementLabels> {
    const [categories, levels] = await Promise.all([
      this.bus.call<CatalogCategoriesResponse>('catalog', CATALOG_PATTERNS.listCategories, {}, actor, correlationId),
      this.bus.call<FrameworkLevelsResponse>('catalog', CATALOG_PATTERNS.listFrameworkLevels, {}, actor, correlationId),
    ]);
    return {
      categories: Object.fromEntries(categories.items.map((c) => [c.code, c.name])),
      types: Object.fromEntries(categories.items.flatMap((c) => c.types.map((t) => [t.code, t.name]))),
      levels: Object.fromEntries(levels.items.map((l) => [l.level, l.nameZh])),
    };
  }
}
