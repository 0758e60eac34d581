import { ConversionRuleView } from '@credit-bank/contracts';
import { Query } from '@nestjs/cqrs';

export class GetConversionRuleQuery extends Query<ConversionRuleView> {
  constructor(
    readonly ruleId: string,
    readonly version?: number,
  ) {
    super();
  }
}
