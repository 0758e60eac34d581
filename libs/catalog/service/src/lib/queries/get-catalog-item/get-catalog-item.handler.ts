import { CatalogErrorCodes } from '@credit-bank/catalog-domain';
import { CatalogItemView } from '@credit-bank/contracts';
import { DomainError, READ_STORE, ReadStore } from '@credit-bank/kernel';
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CATALOG_ITEMS_COLLECTION, CatalogItemDocument, toCatalogItemView } from '../../projections/catalog-read-models';
import { GetCatalogItemQuery } from './get-catalog-item.query';

/** One catalogue entry; an unknown or malformed id is CATALOG.ITEM_NOT_FOUND (not_found). */
@QueryHandler(GetCatalogItemQuery)
export class GetCatalogItemHandler implements IQueryHandler<GetCatalogItemQuery, CatalogItemView> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async execute({ id }: GetCatalogItemQuery): Promise<CatalogItemView> {
    const doc = await this.readStore.collection<CatalogItemDocument>(CATALOG_ITEMS_COLLECTION).get(id);
    if (!doc) throw new DomainError(CatalogErrorCodes.ITEM_NOT_FOUND, 'not_found', 'No such catalogue entry.', { id });
    return toCatalogItemView(doc);
  }
}
