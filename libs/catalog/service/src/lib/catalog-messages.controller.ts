import { BusEnvelope, CATALOG_PATTERNS, CatalogHealth, GetCatalogItemDto, SearchCatalogItemsDto } from '@credit-bank/contracts';
import { RpcErrorsFilter, validateDto } from '@credit-bank/platform';
import { Controller, UseFilters } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { CatalogProjectionsHost } from './catalog-projections.host';
import { GetCatalogItemQuery } from './queries/get-catalog-item/get-catalog-item.query';
import { ListCategoriesQuery } from './queries/list-categories/list-categories.query';
import { ListFrameworkLevelsQuery } from './queries/list-framework-levels/list-framework-levels.query';
import { SearchCatalogItemsQuery } from './queries/search-catalog-items/search-catalog-items.query';

/** The catalog's request-reply endpoints. Everything here is public: no actor is required. */
@Controller()
@UseFilters(RpcErrorsFilter)
export class CatalogMessagesController {
  constructor(
    private readonly queries: QueryBus,
    private readonly projections: CatalogProjectionsHost,
  ) {}

  @MessagePattern(CATALOG_PATTERNS.searchItems)
  async searchItems(@Payload() envelope: BusEnvelope<unknown>) {
    const criteria = await validateDto(SearchCatalogItemsDto, envelope?.payload);
    return this.queries.execute(new SearchCatalogItemsQuery(criteria));
  }

  @MessagePattern(CATALOG_PATTERNS.getItem)
  async getItem(@Payload() envelope: BusEnvelope<unknown>) {
    const { id } = await validateDto(GetCatalogItemDto, envelope?.payload);
    return this.queries.execute(new GetCatalogItemQuery(id));
  }

  @MessagePattern(CATALOG_PATTERNS.listFrameworkLevels)
  listFrameworkLevels() {
    return this.queries.execute(new ListFrameworkLevelsQuery());
  }

  @MessagePattern(CATALOG_PATTERNS.listCategories)
  listCategories() {
    return this.queries.execute(new ListCategoriesQuery());
  }

  /** Down when a projection stopped on an error (its read model would go stale). */
  @MessagePattern(CATALOG_PATTERNS.health)
  health(): CatalogHealth {
    const failed = [...this.projections.runner.failed.entries()].map(([name, error]) => ({
      projection: name,
      error: error instanceof Error ? error.message : String(error),
    }));
    return { status: failed.length ? 'down' : 'up', details: { projectionsPosition: this.projections.runner.position, ...(failed.length ? { failed } : {}) } };
  }
}
