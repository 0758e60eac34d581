import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CATALOG_OPTIONS, CatalogServiceOptions, resolveCatalogOptions } from './catalog-options';
import { CatalogProjectionsHost } from './catalog-projections.host';
import { CatalogMessagesController } from './catalog-messages.controller';
import { DefineFrameworkLevelHandler } from './commands/define-framework-level/define-framework-level.handler';
import { PublishCatalogItemHandler } from './commands/publish-catalog-item/publish-catalog-item.handler';
import { GetCatalogItemHandler } from './queries/get-catalog-item/get-catalog-item.handler';
import { ListCategoriesHandler } from './queries/list-categories/list-categories.handler';
import { ListFrameworkLevelsHandler } from './queries/list-framework-levels/list-framework-levels.handler';
import { SearchCatalogItemsHandler } from './queries/search-catalog-items/search-catalog-items.handler';
import { CatalogSeeder } from './seed/catalog-seeder';

/** The catalog service: achievement catalogue, qualifications framework levels, categories. */
@Module({})
export class CatalogServiceModule {
  static forRoot(options: CatalogServiceOptions = {}): DynamicModule {
    return {
      module: CatalogServiceModule,
      imports: [CqrsModule.forRoot()],
      controllers: [CatalogMessagesController],
      providers: [
        { provide: CATALOG_OPTIONS, useValue: resolveCatalogOptions(options) },
        CatalogProjectionsHost,
        PublishCatalogItemHandler,
        DefineFrameworkLevelHandler,
        SearchCatalogItemsHandler,
        GetCatalogItemHandler,
        ListFrameworkLevelsHandler,
        ListCategoriesHandler,
        CatalogSeeder,
      ],
    };
  }
}
