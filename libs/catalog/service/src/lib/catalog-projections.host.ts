import { EVENT_STORE, EventStore, READ_STORE, ReadStore } from '@credit-bank/kernel';
import { ProjectionsHost } from '@credit-bank/platform';
import { Inject, Injectable } from '@nestjs/common';
import { CatalogItemsProjection } from './projections/catalog-items/catalog-items.projection';
import { FrameworkLevelsProjection } from './projections/framework-levels/framework-levels.projection';

/** Runs the catalog's projections (catalogue entries, framework levels) from their checkpoints. */
@Injectable()
export class CatalogProjectionsHost extends ProjectionsHost {
  constructor(@Inject(EVENT_STORE) eventStore: EventStore, @Inject(READ_STORE) readStore: ReadStore) {
    super(eventStore, readStore, [new CatalogItemsProjection(), new FrameworkLevelsProjection()]);
  }
}
