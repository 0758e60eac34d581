import { EVENT_STORE, EventStore, READ_STORE, ReadStore } from '@credit-bank/kernel';
import { ProjectionsHost } from '@credit-bank/platform';
import { Inject, Injectable } from '@nestjs/common';
import { catalogProjections } from './catalog-read-models';

/** Runs the catalog's projections (catalogue entries, framework levels) from their checkpoints. */
@Injectable()
export class CatalogProjectionsHost extends ProjectionsHost {
  constructor(@Inject(EVENT_STORE) eventStore: EventStore, @Inject(READ_STORE) readStore: ReadStore) {
    super(eventStore, readStore, catalogProjections());
  }
}
