import { ConversionRulesPage, SearchConversionRulesDto } from '@credit-bank/contracts';
import { Query } from '@nestjs/cqrs';

export class SearchConversionRulesQuery extends Query<ConversionRulesPage> {
  constructor(readonly criteria: SearchConversionRulesDto) {
    super();
  }
}
