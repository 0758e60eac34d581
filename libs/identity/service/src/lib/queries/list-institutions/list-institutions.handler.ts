import { InstitutionPage, pageOf } from '@credit-bank/contracts';
import { requireActor } from '@credit-bank/platform';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { InstitutionDirectory } from '../../projections/accounts/institution-directory';
import { ListInstitutionsQuery } from './list-institutions.query';

/** 机构审核: institutions by status, for administrators only (AUTH.FORBIDDEN otherwise). */
@QueryHandler(ListInstitutionsQuery)
export class ListInstitutionsHandler implements IQueryHandler<ListInstitutionsQuery> {
  constructor(private readonly institutions: InstitutionDirectory) {}

  async execute({ payload, meta }: ListInstitutionsQuery): Promise<InstitutionPage> {
    requireActor(meta, 'admin');
    const { page, pageSize } = pageOf(payload);
    return this.institutions.list(payload.status, page, pageSize);
  }
}
