import { CatalogItemContent } from '@credit-bank/catalog-domain';
import {
  BusEnvelope,
  CATALOG_PATTERNS,
  CatalogItemView,
  FrameworkLevelView,
  PublishCatalogItemDto,
  PutFrameworkLevelDto,
  RetireCatalogItemDto,
  ReviseCatalogItemDto,
} from '@credit-bank/contracts';
import { DomainError } from '@credit-bank/kernel';
import { carryPending, CommandOutcomes, commandScopedId, contextOf, isPending, pendingAnswer, requireActor, RpcErrorsFilter, validateDto } from '@credit-bank/platform';
import { Controller, UseFilters } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { PublishCatalogItemCommand } from './commands/publish-catalog-item/publish-catalog-item.command';
import { PutFrameworkLevelCommand } from './commands/put-framework-level/put-framework-level.command';
import { RetireCatalogItemCommand } from './commands/retire-catalog-item/retire-catalog-item.command';
import { ReviseCatalogItemCommand } from './commands/revise-catalog-item/revise-catalog-item.command';
import { GetCatalogItemQuery } from './queries/get-catalog-item/get-catalog-item.query';
import { ListFrameworkLevelsQuery } from './queries/list-framework-levels/list-framework-levels.query';

/** What the administrator gives; the institution's name comes from the directory with its id. */
const CONTENT_FIELDS = ['category', 'type', 'projectName', 'achievementName', 'institutionId', 'frameworkLevel', 'credits', 'sample'] as const;

function fieldsOf(dto: Partial<Record<(typeof CONTENT_FIELDS)[number], unknown>>): Partial<CatalogItemContent> {
  const out: Record<string, unknown> = {};
  for (const field of CONTENT_FIELDS) if (dto[field] !== undefined) out[field] = dto[field];
  return out as Partial<CatalogItemContent>;
}

/**
 * Catalogue and framework maintenance (管理中心). Every message needs an administrator: the role is
 * checked here, in the service that owns the data, whatever the gateway did.
 */
@Controller()
@UseFilters(RpcErrorsFilter)
export class CatalogAdminMessagesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly outcomes: CommandOutcomes,
  ) {}

  @MessagePattern(CATALOG_PATTERNS.publishItem)
  async publishItem(@Payload() envelope: BusEnvelope<unknown>): Promise<CatalogItemView> {
    return this.outcomes.once(envelope.meta, CATALOG_PATTERNS.publishItem, envelope.payload, async () => {
      requireActor(envelope.meta, 'admin');
      const dto = await validateDto(PublishCatalogItemDto, envelope.payload);
      const id = commandScopedId(envelope.meta, CATALOG_PATTERNS.publishItem, 'catalog-item');
      const content = { sample: false, ...fieldsOf(dto) } as CatalogItemContent;
      const result = await this.commands.execute(new PublishCatalogItemCommand(id, content, contextOf(envelope.meta)));
      // Stored but not readable yet: its id and revision 0, marked pending (202), rather than a 404.
      if (isPending(result)) return pendingAnswer({ id, revision: 0 } as unknown as CatalogItemView);
      return this.queries.execute(new GetCatalogItemQuery(id));
    });
  }

  @MessagePattern(CATALOG_PATTERNS.reviseItem)
  async reviseItem(@Payload() envelope: BusEnvelope<unknown>): Promise<CatalogItemView> {
    return this.outcomes.once(envelope.meta, CATALOG_PATTERNS.reviseItem, envelope.payload, async () => {
      requireActor(envelope.meta, 'admin');
      const dto = await validateDto(ReviseCatalogItemDto, envelope.payload);
      const result = await this.commands.execute(new ReviseCatalogItemCommand(dto.id, fieldsOf(dto), dto.expectedRevision, contextOf(envelope.meta)));
      return carryPending(result, await this.queries.execute(new GetCatalogItemQuery(dto.id)));
    });
  }

  @MessagePattern(CATALOG_PATTERNS.retireItem)
  async retireItem(@Payload() envelope: BusEnvelope<unknown>): Promise<CatalogItemView> {
    return this.outcomes.once(envelope.meta, CATALOG_PATTERNS.retireItem, envelope.payload, async () => {
      requireActor(envelope.meta, 'admin');
      const dto = await validateDto(RetireCatalogItemDto, envelope.payload);
      const result = await this.commands.execute(new RetireCatalogItemCommand(dto.id, dto.reason, dto.expectedRevision, contextOf(envelope.meta)));
      return carryPending(result, await this.queries.execute(new GetCatalogItemQuery(dto.id)));
    });
  }

  @MessagePattern(CATALOG_PATTERNS.putFrameworkLevel)
  async putFrameworkLevel(@Payload() envelope: BusEnvelope<unknown>): Promise<FrameworkLevelView> {
    return this.outcomes.once(envelope.meta, CATALOG_PATTERNS.putFrameworkLevel, envelope.payload, async () => {
      requireActor(envelope.meta, 'admin');
      const { level, name, nameZh, knowledge, skills, competence } = await validateDto(PutFrameworkLevelDto, envelope.payload);
      const result = await this.commands.execute(new PutFrameworkLevelCommand({ level, name, nameZh, knowledge, skills, competence }, contextOf(envelope.meta)));
      const { items } = await this.queries.execute(new ListFrameworkLevelsQuery());
      const view = items.find((l) => l.level === level);
      if (view) return carryPending(result, view);
      if (isPending(result)) return pendingAnswer({ level } as FrameworkLevelView);
      throw new DomainError('CATALOG.FRAMEWORK_LEVEL_NOT_PROJECTED', 'unavailable', `Level ${level} is stored but not readable yet.`);
    });
  }
}
