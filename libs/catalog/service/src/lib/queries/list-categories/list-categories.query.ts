import { CatalogCategoriesResponse } from '@credit-bank/contracts';
import { Query } from '@nestjs/cqrs';

export class ListCategoriesQuery extends Query<CatalogCategoriesResponse> {}
