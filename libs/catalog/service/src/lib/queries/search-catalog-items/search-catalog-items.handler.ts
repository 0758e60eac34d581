import { typeBelongsToCategory } from '@credit-bank/catalog-domain';
import { CatalogItemsPage, pageOf } from '@credit-bank/contracts';
import { READ_STORE, ReadQuery, ReadStore, Scalar } from '@credit-bank/kernel';
import { validationFailed } from '@credit-bank/platform';
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CATALOG_ITEMS_COLLECTION, CatalogItemDocument, toCatalogItemView } from '../../projections/catalog-read-models';
import { SearchCatalogItemsQuery } from './search-catalog-items.query';

/** Fields the keyword `q` is looked for in (成果名称, 项目名称, 资历机构名称). */
export const CATALOG_SEARCH_FIELDS = ['achievementName', 'projectName', 'institutionName'];

/** Stable order: category (display order), project, achievement; ties by id (the store's fallback). */
export const CATALOG_ITEMS_ORDER: NonNullable<ReadQuery['sort']> = [
  ['categoryOrder', 'asc'],
  ['projectName', 'asc'],
  ['achievementName', 'asc'],
];

@QueryHandler(SearchCatalogItemsQuery)
export class SearchCatalogItemsHandler implements IQueryHandler<SearchCatalogItemsQuery, CatalogItemsPage> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async execute({ criteria }: SearchCatalogItemsQuery): Promise<CatalogItemsPage> {
    if (criteria.category && criteria.type && !typeBelongsToCategory(criteria.category, criteria.type)) {
      throw validationFailed([{ field: 'type', code: 'CATALOG.TYPE_NOT_IN_CATEGORY', message: `type ${criteria.type} is not a type of category ${criteria.category}` }]);
    }
    const { page, pageSize, skip } = pageOf(criteria);
    // Retired entries are not offered any more (null also matches documents without the field).
    const where: Record<string, Scalar> = { retiredAt: null };
    if (criteria.category) where.category = criteria.category;
    if (criteria.type) where.type = criteria.type;
    if (criteria.level !== undefined) where.frameworkLevel = criteria.level;
    const text = criteria.q?.trim();
    const filter: Pick<ReadQuery, 'where' | 'search'> = { where, ...(text ? { search: { fields: CATALOG_SEARCH_FIELDS, text } } : {}) };
    const collection = this.readStore.collection<CatalogItemDocument>(CATALOG_ITEMS_COLLECTION);
    const [docs, total] = await Promise.all([collection.find({ ...filter, sort: CATALOG_ITEMS_ORDER, skip, limit: pageSize }), collection.count(filter)]);
    return { items: docs.map(toCatalogItemView), total, page, pageSize };
  }
}
