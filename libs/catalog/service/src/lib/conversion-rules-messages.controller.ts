import { ConversionRuleContent } from '@credit-bank/catalog-domain';
import {
  BusEnvelope,
  CATALOG_PATTERNS,
  ConversionRuleContentDto,
  ConversionRulesPage,
  ConversionRuleVersionsResponse,
  ConversionRuleView,
  GetConversionRuleDto,
  GetConversionRuleVersionsDto,
  PublishConversionRuleDto,
  RetireConversionRuleDto,
  ReviseConversionRuleDto,
  SearchConversionRulesDto,
} from '@credit-bank/contracts';
import { carryPending, CommandOutcomes, commandScopedId, contextOf, isPending, pendingAnswer, requireActor, RpcErrorsFilter, validateDto } from '@credit-bank/platform';
import { Controller, UseFilters } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { PublishConversionRuleCommand } from './commands/publish-conversion-rule/publish-conversion-rule.command';
import { RetireConversionRuleCommand } from './commands/retire-conversion-rule/retire-conversion-rule.command';
import { ReviseConversionRuleCommand } from './commands/revise-conversion-rule/revise-conversion-rule.command';
import { GetConversionRuleQuery } from './queries/get-conversion-rule/get-conversion-rule.query';
import { GetConversionRuleVersionsQuery } from './queries/get-conversion-rule-versions/get-conversion-rule-versions.query';
import { SearchConversionRulesQuery } from './queries/search-conversion-rules/search-conversion-rules.query';

/** Plain content from the validated DTO (class instances become plain objects for the event). */
function contentOf(dto: ConversionRuleContentDto): ConversionRuleContent {
  const plain = (value: unknown) => (value && typeof value === 'object' ? { ...(value as object) } : value);
  return {
    name: dto.name,
    kind: dto.kind,
    sources: plain(dto.sources),
    target: plain(dto.target),
    limits: plain(dto.limits),
    effectiveFrom: dto.effectiveFrom,
  } as ConversionRuleContent;
}

/**
 * Conversion rules (转换规则): search and lookup are public (the ledger asks for a rule's version
 * when a learner applies, the gateway for the versions named on a statement); publishing, revising and retiring need an administrator, checked here.
 */
@Controller()
@UseFilters(RpcErrorsFilter)
export class ConversionRulesMessagesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly outcomes: CommandOutcomes,
  ) {}

  @MessagePattern(CATALOG_PATTERNS.searchConversionRules)
  async search(@Payload() envelope: BusEnvelope<unknown>): Promise<ConversionRulesPage> {
    const criteria = await validateDto(SearchConversionRulesDto, envelope?.payload);
    return this.queries.execute(new SearchConversionRulesQuery(criteria));
  }

  @MessagePattern(CATALOG_PATTERNS.getConversionRule)
  async get(@Payload() envelope: BusEnvelope<unknown>): Promise<ConversionRuleView> {
    const { ruleId, version } = await validateDto(GetConversionRuleDto, envelope?.payload);
    return this.queries.execute(new GetConversionRuleQuery(ruleId, version));
  }

  @MessagePattern(CATALOG_PATTERNS.getConversionRuleVersions)
  async getVersions(@Payload() envelope: BusEnvelope<unknown>): Promise<ConversionRuleVersionsResponse> {
    const { refs } = await validateDto(GetConversionRuleVersionsDto, envelope?.payload);
    return this.queries.execute(new GetConversionRuleVersionsQuery(refs.map(({ ruleId, version }) => ({ ruleId, version }))));
  }

  @MessagePattern(CATALOG_PATTERNS.publishConversionRule)
  async publish(@Payload() envelope: BusEnvelope<unknown>): Promise<ConversionRuleView> {
    return this.outcomes.once(envelope.meta, CATALOG_PATTERNS.publishConversionRule, envelope.payload, async () => {
      requireActor(envelope.meta, 'admin');
      const dto = await validateDto(PublishConversionRuleDto, envelope.payload);
      const ruleId = commandScopedId(envelope.meta, CATALOG_PATTERNS.publishConversionRule, 'conversion-rule');
      const result = await this.commands.execute(new PublishConversionRuleCommand(ruleId, contentOf(dto), contextOf(envelope.meta)));
      // Stored but not readable yet: its id and version 1, marked pending (202), rather than a 404.
      if (isPending(result)) return pendingAnswer({ ruleId, version: 1 } as unknown as ConversionRuleView);
      return this.queries.execute(new GetConversionRuleQuery(ruleId));
    });
  }

  @MessagePattern(CATALOG_PATTERNS.reviseConversionRule)
  async revise(@Payload() envelope: BusEnvelope<unknown>): Promise<ConversionRuleView> {
    return this.outcomes.once(envelope.meta, CATALOG_PATTERNS.reviseConversionRule, envelope.payload, async () => {
      requireActor(envelope.meta, 'admin');
      const dto = await validateDto(ReviseConversionRuleDto, envelope.payload);
      const result = await this.commands.execute(new ReviseConversionRuleCommand(dto.ruleId, dto.expectedVersion, contentOf(dto), contextOf(envelope.meta)));
      return carryPending(result, await this.queries.execute(new GetConversionRuleQuery(dto.ruleId, result.version)));
    });
  }

  @MessagePattern(CATALOG_PATTERNS.retireConversionRule)
  async retire(@Payload() envelope: BusEnvelope<unknown>): Promise<ConversionRuleView> {
    return this.outcomes.once(envelope.meta, CATALOG_PATTERNS.retireConversionRule, envelope.payload, async () => {
      requireActor(envelope.meta, 'admin');
      const dto = await validateDto(RetireConversionRuleDto, envelope.payload);
      const result = await this.commands.execute(new RetireConversionRuleCommand(dto.ruleId, dto.reason, dto.expectedVersion, contextOf(envelope.meta)));
      return carryPending(result, await this.queries.execute(new GetConversionRuleQuery(dto.ruleId)));
    });
  }
}
