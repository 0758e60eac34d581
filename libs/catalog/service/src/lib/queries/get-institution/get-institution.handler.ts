import { institutionNotFound } from '@credit-bank/catalog-domain';
import { QualificationInstitutionView } from '@credit-bank/contracts';
import { READ_STORE, ReadStore } from '@credit-bank/kernel';
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CATALOG_INSTITUTIONS_COLLECTION, QualificationInstitutionDocument, toQualificationInstitutionView } from '../../projections/catalog-read-models';
import { GetInstitutionQuery } from './get-institution.query';

/** One directory entry; an unknown or malformed id is CATALOG.INSTITUTION_NOT_FOUND (not_found). */
@QueryHandler(GetInstitutionQuery)
export class GetInstitutionHandler implements IQueryHandler<GetInstitutionQuery, QualificationInstitutionView> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async execute({ id }: GetInstitutionQuery): Promise<QualificationInstitutionView> {
    const doc = await this.readStore.collection<QualificationInstitutionDocument>(CATALOG_INSTITUTIONS_COLLECTION).get(id);
    if (!doc) throw institutionNotFound(id);
    return toQualificationInstitutionView(doc);
  }
}
