import { QualificationInstitutionsPage, SearchQualificationInstitutionsDto } from '@credit-bank/contracts';
import { Query } from '@nestjs/cqrs';

export class SearchInstitutionsQuery extends Query<QualificationInstitutionsPage> {
  constructor(readonly criteria: SearchQualificationInstitutionsDto) {
    super();
  }
}
