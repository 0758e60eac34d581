import { QualificationInstitutionView } from '@credit-bank/contracts';
import { Query } from '@nestjs/cqrs';

export class GetInstitutionQuery extends Query<QualificationInstitutionView> {
  constructor(readonly id: string) {
    super();
  }
}
