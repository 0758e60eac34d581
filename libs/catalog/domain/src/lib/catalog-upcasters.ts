import { institutionIdForName, Upcasters } from '@credit-bank/kernel';

type Data = Record<string, unknown>;
const isObject = (v: unknown): v is Data => typeof v === 'object' && v !== null && !Array.isArray(v);

/** v1 → v2 of a rule's content: the awarding institution named only by its name gets its directory id. */
function ruleTargetWithId(data: Data): Data {
  const target = data.target;
  if (!isObject(target) || typeof target.awardingInstitution !== 'string' || target.awardingInstitutionId !== undefined) return data;
  return { ...data, target: { ...target, awardingInstitutionId: institutionIdForName(target.awardingInstitution) } };
}

/**
 * The catalog's schema history. Version 1 of catalogue entries and conversion rules named the
 * institution only; version 2 adds its directory id. Old events get `institutionIdForName(name)`,
 * the id the directory lists a seeded (or backfilled) institution of that name under, so old
 * entries and the directory meet. Stored events are never rewritten.
 */
export const catalogUpcasters: Upcasters = {
  CatalogItemPublished: {
    version: 2,
    steps: {
      1: (data) => (typeof data.institutionName === 'string' && data.institutionId === undefined ? { ...data, institutionId: institutionIdForName(data.institutionName) } : data),
    },
  },
  CatalogItemRevised: {
    version: 2,
    steps: {
      1: (data) => {
        const changes = data.changes;
        if (!isObject(changes) || typeof changes.institutionName !== 'string' || changes.institutionId !== undefined) return data;
        return { ...data, changes: { ...changes, institutionId: institutionIdForName(changes.institutionName) } };
      },
    },
  },
  ConversionRulePublished: { version: 2, steps: { 1: ruleTargetWithId } },
  ConversionRuleRevised: { version: 2, steps: { 1: ruleTargetWithId } },
};
