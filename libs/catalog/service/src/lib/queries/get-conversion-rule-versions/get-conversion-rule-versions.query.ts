import { ConversionRuleVersionsResponse } from '@credit-bank/contracts';
import { Query } from '@nestjs/cqrs';

export class GetConversionRuleVersionsQuery extends Query<ConversionRuleVersionsResponse> {
  constructor(readonly refs: ReadonlyArray<{ ruleId: string; version: number }>) {
    super();
  }
}
