import { CatalogErrorCodes } from '@credit-bank/catalog-domain';
import { ConversionRuleView } from '@credit-bank/contracts';
import { DomainError, READ_STORE, ReadStore } from '@credit-bank/kernel';
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import {
  CATALOG_CONVERSION_RULE_VERSIONS_COLLECTION,
  CATALOG_CONVERSION_RULES_COLLECTION,
  ConversionRuleDocument,
  ConversionRuleVersionDocument,
  toConversionRuleView,
} from '../../projections/catalog-read-models';
import { GetConversionRuleQuery } from './get-conversion-rule.query';

/**
 * One version of a rule (default: the current one), retired rules included. An unknown rule or
 * version is CATALOG.CONVERSION_RULE_NOT_FOUND (not_found).
 */
@QueryHandler(GetConversionRuleQuery)
export class GetConversionRuleHandler implements IQueryHandler<GetConversionRuleQuery, ConversionRuleView> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async execute({ ruleId, version }: GetConversionRuleQuery): Promise<ConversionRuleView> {
    const current = await this.readStore.collection<ConversionRuleDocument>(CATALOG_CONVERSION_RULES_COLLECTION).get(ruleId);
    const notFound = () =>
      new DomainError(CatalogErrorCodes.CONVERSION_RULE_NOT_FOUND, 'not_found', 'No such conversion rule or version.', { ruleId, ...(version !== undefined ? { version } : {}) });
    if (!current) throw notFound();
    if (version === undefined || version === current.version) return toConversionRuleView(current, current);
    const doc = await this.readStore.collection<ConversionRuleVersionDocument>(CATALOG_CONVERSION_RULE_VERSIONS_COLLECTION).get(`${ruleId}:${version}`);
    if (!doc) throw notFound();
    return toConversionRuleView(doc, current);
  }
}
