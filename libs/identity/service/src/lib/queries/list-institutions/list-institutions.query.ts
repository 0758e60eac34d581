import { InstitutionPage, ListInstitutionsDto, MessageMeta } from '@credit-bank/contracts';
import { Query } from '@nestjs/cqrs';

export class ListInstitutionsQuery extends Query<InstitutionPage> {
  constructor(
    readonly payload: ListInstitutionsDto,
    readonly meta: MessageMeta,
  ) {
    super();
  }
}
