import { ConversionRulesPage, pageOf } from '@credit-bank/contracts';
import { READ_STORE, ReadQuery, ReadStore, Scalar } from '@credit-bank/kernel';
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { CATALOG_CONVERSION_RULES_COLLECTION, ConversionRuleDocument, toConversionRuleView } from '../../projections/catalog-read-models';
import { SearchConversionRulesQuery } from './search-conversion-rules.query';

/** Fields the keyword `q` is looked for in: rule name, programme (专业), course (课程), awarding institution. */
export const CONVERSION_RULE_SEARCH_FIELDS = ['name', 'programme', 'course', 'awardingInstitution'];

export const CONVERSION_RULES_ORDER: NonNullable<ReadQuery['sort']> = [
  ['awardingInstitution', 'asc'],
  ['programme', 'asc'],
  ['name', 'asc'],
];

/** 规则查询: the current versions of the active rules. */
@QueryHandler(SearchConversionRulesQuery)
export class SearchConversionRulesHandler implements IQueryHandler<SearchConversionRulesQuery, ConversionRulesPage> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async execute({ criteria }: SearchConversionRulesQuery): Promise<ConversionRulesPage> {
    const { page, pageSize, skip } = pageOf(criteria);
    const where: Record<string, Scalar> = { status: 'active' };
    if (criteria.awardingInstitutionId) where.awardingInstitutionId = criteria.awardingInstitutionId;
    if (criteria.awardingInstitution) where.awardingInstitution = criteria.awardingInstitution;
    if (criteria.kind) where.kind = criteria.kind;
    const text = criteria.q?.trim();
    const filter: Pick<ReadQuery, 'where' | 'search'> = { where, ...(text ? { search: { fields: CONVERSION_RULE_SEARCH_FIELDS, text } } : {}) };
    const collection = this.readStore.collection<ConversionRuleDocument>(CATALOG_CONVERSION_RULES_COLLECTION);
    const [docs, total] = await Promise.all([collection.find({ ...filter, sort: CONVERSION_RULES_ORDER, skip, limit: pageSize }), collection.count(filter)]);
    return { items: docs.map((doc) => toConversionRuleView(doc, doc)), total, page, pageSize };
  }
}
