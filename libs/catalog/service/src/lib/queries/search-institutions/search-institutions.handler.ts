import { normalizeCreditCode } from '@credit-bank/catalog-domain';
import { pageOf, QualificationInstitutionsPage } from '@credit-bank/contracts';
import { READ_STORE, ReadQuery, ReadStore, Scalar } from '@credit-bank/kernel';
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CATALOG_INSTITUTIONS_COLLECTION, QualificationInstitutionDocument, toQualificationInstitutionView } from '../../projections/catalog-read-models';
import { SearchInstitutionsQuery } from './search-institutions.query';

/** Fields the keyword `q` is looked for in: the name and the aliases. */
export const INSTITUTION_SEARCH_FIELDS = ['name', 'aliasesText'];

/**
 * The directory (资历机构): by keyword (case-insensitive substring of the name or an alias) and by
 * exact credit code (how identity matches an institution account to its institution), by name.
 */
@QueryHandler(SearchInstitutionsQuery)
export class SearchInstitutionsHandler implements IQueryHandler<SearchInstitutionsQuery, QualificationInstitutionsPage> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async execute({ criteria }: SearchInstitutionsQuery): Promise<QualificationInstitutionsPage> {
    const { page, pageSize, skip } = pageOf(criteria);
    const where: Record<string, Scalar> = {};
    const code = normalizeCreditCode(criteria.creditCode);
    if (typeof code === 'string') where.creditCode = code;
    const text = criteria.q?.trim();
    const filter: Pick<ReadQuery, 'where' | 'search'> = { where, ...(text ? { search: { fields: INSTITUTION_SEARCH_FIELDS, text } } : {}) };
    const collection = this.readStore.collection<QualificationInstitutionDocument>(CATALOG_INSTITUTIONS_COLLECTION);
    const [docs, total] = await Promise.all([collection.find({ ...filter, sort: [['name', 'asc']], skip, limit: pageSize }), collection.count(filter)]);
    return { items: docs.map(toQualificationInstitutionView), total, page, pageSize };
  }
}
