import { CatalogItemView } from '@credit-bank/contracts';
import { Query } from '@nestjs/cqrs';

export class GetCatalogItemQuery extends Query<CatalogItemView> {
  constructor(readonly id: string) {
    super();
  }
}
