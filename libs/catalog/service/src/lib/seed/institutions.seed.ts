import { QualificationInstitutionContent } from '@credit-bank/catalog-domain';
import { institutionIdForName } from '@credit-bank/kernel';
import { CATALOG_ITEMS_SEED } from './catalog-items.seed';
import { CONVERSION_RULES_SEED } from './conversion-rules.seed';

export interface InstitutionSeed extends QualificationInstitutionContent {
  /** `institutionIdForName(name)`: the id old events naming the institution are upcast to. */
  id: string;
}

/**
 * Every institution the seeded catalogue entries and conversion rules name, listed in the
 * directory under `institutionIdForName(name)` (so entries written before institutions had ids
 * meet them) with no credit code: none is known here, and none is made up. The administrator
 * records codes and aliases (PATCH /admin/qualification-institutions/{id}).
 */
export const INSTITUTIONS_SEED: readonly InstitutionSeed[] = [
  ...new Set([...CATALOG_ITEMS_SEED.map((i) => i.institutionName), ...CONVERSION_RULES_SEED.map((r) => r.target.awardingInstitution)]),
].map((name) => ({ id: institutionIdForName(name), name, creditCode: null, aliases: [] }));
