import { Projection } from '@credit-bank/kernel';
import { CatalogItemsProjection } from './projections/catalog-items/catalog-items.projection';
import { ConversionRulesProjection } from './projections/conversion-rules/conversion-rules.projection';
import { FrameworkLevelsProjection } from './projections/framework-levels/framework-levels.projection';
import { InstitutionsProjection } from './projections/institutions/institutions.projection';

/** Every projection of the catalog service (the services run them; auditors replay them). */
export function catalogProjections(): Projection[] {
  return [new CatalogItemsProjection(), new FrameworkLevelsProjection(), new ConversionRulesProjection(), new InstitutionsProjection()];
}
