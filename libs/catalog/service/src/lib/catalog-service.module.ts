import { catalogUpcasters } from '@credit-bank/catalog-domain';
import { CommandOutcomes, upcastingEventStoreProvider } from '@credit-bank/platform';
import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CATALOG_OPTIONS, CatalogServiceOptions, resolveCatalogOptions } from './catalog-options';
import { CatalogProjectionsHost } from './catalog-projections.host';
import { CatalogMessagesController } from './catalog-messages.controller';
import { CatalogAdminMessagesController } from './catalog-admin-messages.controller';
import { ConversionRulesMessagesController } from './conversion-rules-messages.controller';
import { PublishConversionRuleHandler } from './commands/publish-conversion-rule/publish-conversion-rule.handler';
import { PutFrameworkLevelHandler } from './commands/put-framework-level/put-framework-level.handler';
import { RetireCatalogItemHandler } from './commands/retire-catalog-item/retire-catalog-item.handler';
import { RetireConversionRuleHandler } from './commands/retire-conversion-rule/retire-conversion-rule.handler';
import { ReviseCatalogItemHandler } from './commands/revise-catalog-item/revise-catalog-item.handler';
import { ReviseConversionRuleHandler } from './commands/revise-conversion-rule/revise-conversion-rule.handler';
import { GetConversionRuleHandler } from './queries/get-conversion-rule/get-conversion-rule.handler';
import { GetConversionRuleVersionsHandler } from './queries/get-conversion-rule-versions/get-conversion-rule-versions.handler';
import { SearchConversionRulesHandler } from './queries/search-conversion-rules/search-conversion-rules.handler';
import { DefineFrameworkLevelHandler } from './commands/define-framework-level/define-framework-level.handler';
import { PublishCatalogItemHandler } from './commands/publish-catalog-item/publish-catalog-item.handler';
import { GetCatalogItemHandler } from './queries/get-catalog-item/get-catalog-item.handler';
import { ListCategoriesHandler } from './queries/list-categories/list-categories.handler';
import { ListFrameworkLevelsHandler } from './queries/list-framework-levels/list-framework-levels.handler';
import { SearchCatalogItemsHandler } from './queries/search-catalog-items/search-catalog-items.handler';
import { CatalogSeeder } from './seed/catalog-seeder';
import { DirectoryInstitutions } from './commands/directory-institutions';
import { ListInstitutionHandler } from './commands/list-institution/list-institution.handler';
import { ReviseInstitutionHandler } from './commands/revise-institution/revise-institution.handler';
import { InstitutionsMessagesController } from './institutions-messages.controller';
import { GetInstitutionHandler } from './queries/get-institution/get-institution.handler';
import { SearchInstitutionsHandler } from './queries/search-institutions/search-institutions.handler';

/**
 * The catalog service: achievement catalogue, qualifications framework levels, categories,
 * conversion rules, the qualification-institution directory. Its events are read through the
 * catalog's schema history (`catalogUpcasters`).
 */
@Module({})
export class CatalogServiceModule {
  static forRoot(options: CatalogServiceOptions = {}): DynamicModule {
    return {
      module: CatalogServiceModule,
      imports: [CqrsModule.forRoot()],
      controllers: [CatalogMessagesController, CatalogAdminMessagesController, ConversionRulesMessagesController, InstitutionsMessagesController],
      providers: [
        upcastingEventStoreProvider(catalogUpcasters),
        { provide: CATALOG_OPTIONS, useValue: resolveCatalogOptions(options) },
        CatalogProjectionsHost,
        CommandOutcomes,
        PublishCatalogItemHandler,
        DefineFrameworkLevelHandler,
        SearchCatalogItemsHandler,
        GetCatalogItemHandler,
        ListFrameworkLevelsHandler,
        ListCategoriesHandler,
        ReviseCatalogItemHandler,
        RetireCatalogItemHandler,
        PutFrameworkLevelHandler,
        PublishConversionRuleHandler,
        ReviseConversionRuleHandler,
        RetireConversionRuleHandler,
        SearchConversionRulesHandler,
        GetConversionRuleHandler,
        GetConversionRuleVersionsHandler,
        CatalogSeeder,
        DirectoryInstitutions,
        ListInstitutionHandler,
        ReviseInstitutionHandler,
        SearchInstitutionsHandler,
        GetInstitutionHandler,
      ],
    };
  }
}
