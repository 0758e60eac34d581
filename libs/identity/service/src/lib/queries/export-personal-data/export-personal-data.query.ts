import { IdentityPersonalData, MessageMeta } from '@credit-bank/contracts';
import { Query } from '@nestjs/cqrs';

export class ExportPersonalDataQuery extends Query<IdentityPersonalData> {
  constructor(readonly meta: MessageMeta) {
    super();
  }
}
