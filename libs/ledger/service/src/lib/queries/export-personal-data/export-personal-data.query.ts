import { LedgerPersonalData, MessageMeta } from '@credit-bank/contracts';
import { Query } from '@nestjs/cqrs';

export class ExportPersonalDataQuery extends Query<LedgerPersonalData> {
  constructor(readonly meta: MessageMeta) {
    super();
  }
}
