import { FrameworkLevelsResponse } from '@credit-bank/contracts';
import { READ_STORE, ReadStore } from '@credit-bank/kernel';
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CATALOG_FRAMEWORK_LEVELS_COLLECTION, FrameworkLevelDocument, toFrameworkLevelView } from '../../projections/catalog-read-models';
import { ListFrameworkLevelsQuery } from './list-framework-levels.query';

@QueryHandler(ListFrameworkLevelsQuery)
export class ListFrameworkLevelsHandler implements IQueryHandler<ListFrameworkLevelsQuery, FrameworkLevelsResponse> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async execute(): Promise<FrameworkLevelsResponse> {
    const docs = await this.readStore.collection<FrameworkLevelDocument>(CATALOG_FRAMEWORK_LEVELS_COLLECTION).find({ sort: [['level', 'asc']] });
    return { items: docs.map(toFrameworkLevelView) };
  }
}
