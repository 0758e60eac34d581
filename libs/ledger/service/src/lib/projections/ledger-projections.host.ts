import { EVENT_STORE, EventStore, READ_STORE, ReadStore } from '@credit-bank/kernel';
import { ProjectionsHost } from '@credit-bank/platform';
import { Inject, Injectable } from '@nestjs/common';
import { ledgerProjections } from './ledger-read-models';

/** The ledger's projections (achievements, evidence, learning accounts, inbox, institution statistics), run from their checkpoints. */
@Injectable()
export class LedgerProjectionsHost extends ProjectionsHost {
  constructor(@Inject(EVENT_STORE) eventStore: EventStore, @Inject(READ_STORE) readStore: ReadStore) {
    super(eventStore, readStore, ledgerProjections());
  }
}
