import { CatalogItemsPage, SearchCatalogItemsDto } from '@credit-bank/contracts';
import { Query } from '@nestjs/cqrs';

export class SearchCatalogItemsQuery extends Query<CatalogItemsPage> {
  constructor(readonly criteria: SearchCatalogItemsDto) {
    super();
  }
}
