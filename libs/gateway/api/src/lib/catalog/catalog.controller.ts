import {
  CATALOG_PATTERNS,
  CatalogCategoriesResponse,
  CatalogItemsPage,
  CatalogItemView,
  FrameworkLevelsResponse,
  SearchCatalogItemsDto,
} from '@credit-bank/contracts';
import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CorrelationId, Public } from '../auth/auth.decorators';
import { PROBLEM_CONTENT } from '../http/problem-response';
import { ServiceBus } from '../http/service-bus';

/** The achievement catalogue (成果目录) and the qualifications framework: public, no token needed. */
@ApiTags('catalog')
@Public()
@Controller('catalog')
export class CatalogController {
  constructor(private readonly bus: ServiceBus) {}

  @Get('items')
  @ApiOperation({
    summary: 'Search the achievement catalogue (成果选择)',
    description:
      'Keyword `q` matches the achievement, project and institution names (case-insensitive substring, Chinese included); ' +
      'filters by category, type and framework level; ordered by category, project and achievement name. ' +
      'Entries with `sample: true` are illustrative sample data, not the official catalogue.',
  })
  @ApiOkResponse({ type: CatalogItemsPage })
  @ApiResponse({ status: 400, description: 'VALIDATION.INVALID_INPUT: a bad filter (unknown category or type, a type outside the category, level outside 1..7, pageSize over 100)', content: PROBLEM_CONTENT })
  searchItems(@Query() query: SearchCatalogItemsDto, @CorrelationId() correlationId: string): Promise<CatalogItemsPage> {
    return this.bus.call<CatalogItemsPage>('catalog', CATALOG_PATTERNS.searchItems, query, null, correlationId);
  }

  @Get('items/:id')
  @ApiOperation({ summary: 'One catalogue entry (查看详情)' })
  @ApiParam({ name: 'id', format: 'uuid' })
  @ApiOkResponse({ type: CatalogItemView })
  @ApiResponse({ status: 404, description: 'CATALOG.ITEM_NOT_FOUND: no entry has this id (malformed ids included)', content: PROBLEM_CONTENT })
  getItem(@Param('id') id: string, @CorrelationId() correlationId: string): Promise<CatalogItemView> {
    return this.bus.call<CatalogItemView>('catalog', CATALOG_PATTERNS.getItem, { id }, null, correlationId);
  }

  @Get('framework-levels')
  @ApiOperation({ summary: 'The 7 levels of the Guangdong lifelong-education qualifications framework (广东终身教育资历框架), ordered by level' })
  @ApiOkResponse({ type: FrameworkLevelsResponse })
  listFrameworkLevels(@CorrelationId() correlationId: string): Promise<FrameworkLevelsResponse> {
    return this.bus.call<FrameworkLevelsResponse>('catalog', CATALOG_PATTERNS.listFrameworkLevels, {}, null, correlationId);
  }

  @Get('categories')
  @ApiOperation({ summary: 'The four achievement categories (成果分类) with their types (成果类型) and Chinese labels' })
  @ApiOkResponse({ type: CatalogCategoriesResponse })
  listCategories(@CorrelationId() correlationId: string): Promise<CatalogCategoriesResponse> {
    return this.bus.call<CatalogCategoriesResponse>('catalog', CATALOG_PATTERNS.listCategories, {}, null, correlationId);
  }
}
