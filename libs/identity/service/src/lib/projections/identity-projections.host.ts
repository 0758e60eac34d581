import { EVENT_STORE, EventStore, READ_STORE, ReadStore } from '@credit-bank/kernel';
import { ProjectionsHost } from '@credit-bank/platform';
import { Inject, Injectable } from '@nestjs/common';
import { identityProjections } from './identity-read-models';

/** The identity service's projections, run from their checkpoints while the service is up. */
@Injectable()
export class IdentityProjectionsHost extends ProjectionsHost {
  constructor(@Inject(EVENT_STORE) eventStore: EventStore, @Inject(READ_STORE) readStore: ReadStore) {
    super(eventStore, readStore, identityProjections());
  }
}
