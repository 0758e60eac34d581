import { ConversionRuleVersionsResponse } from '@credit-bank/contracts';
import { READ_STORE, ReadStore } from '@credit-bank/kernel';
import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import {
  CATALOG_CONVERSION_RULE_VERSIONS_COLLECTION,
  CATALOG_CONVERSION_RULES_COLLECTION,
  ConversionRuleDocument,
  ConversionRuleVersionDocument,
  toConversionRuleView,
} from '../../projections/catalog-read-models';
import { GetConversionRuleVersionsQuery } from './get-conversion-rule-versions.query';

/**
 * Several versions of rules at once (retired rules included), for a statement that names the rule
 * version behind each conversion: two reads whatever the number of rows. An unknown rule or
 * version is left out rather than failing the others.
 */
@QueryHandler(GetConversionRuleVersionsQuery)
export class GetConversionRuleVersionsHandler implements IQueryHandler<GetConversionRuleVersionsQuery, ConversionRuleVersionsResponse> {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async execute({ refs }: GetConversionRuleVersionsQuery): Promise<ConversionRuleVersionsResponse> {
    const keys = [...new Set(refs.map((r) => `${r.ruleId}:${r.version}`))];
    const ruleIds = [...new Set(refs.map((r) => r.ruleId))];
    if (!keys.length) return { items: [] };
    // Every version, the current one included, has its document `<ruleId>:<version>`; the rule's own document gives status and current version.
    const [versions, rules] = await Promise.all([
      this.readStore.collection<ConversionRuleVersionDocument>(CATALOG_CONVERSION_RULE_VERSIONS_COLLECTION).find({ where: { id: keys } }),
      this.readStore.collection<ConversionRuleDocument>(CATALOG_CONVERSION_RULES_COLLECTION).find({ where: { id: ruleIds } }),
    ]);
    const versionOf = new Map(versions.map((v) => [v.id, v]));
    const ruleOf = new Map(rules.map((r) => [r.id, r]));
    return {
      items: keys.flatMap((key) => {
        const version = versionOf.get(key);
        const current = version && ruleOf.get(version.ruleId);
        return version && current ? [toConversionRuleView(version, current)] : [];
      }),
    };
  }
}
