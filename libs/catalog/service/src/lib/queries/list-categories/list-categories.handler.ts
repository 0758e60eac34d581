import { ACHIEVEMENT_CATEGORIES } from '@credit-bank/catalog-domain';
import { CatalogCategoriesResponse } from '@credit-bank/contracts';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { ListCategoriesQuery } from './list-categories.query';

/** The four achievement categories with their types and Chinese labels (fixed by the domain, not stored). */
@QueryHandler(ListCategoriesQuery)
export class ListCategoriesHandler implements IQueryHandler<ListCategoriesQuery, CatalogCategoriesResponse> {
  async execute(): Promise<CatalogCategoriesResponse> {
    return {
      items: ACHIEVEMENT_CATEGORIES.map((c) => ({ code: c.code, name: c.zh, types: c.types.map((t) => ({ code: t.code, name: t.zh })) })),
    };
  }
}
