import { ConversionRuleContent } from '@credit-bank/catalog-domain';
import { ReadStore } from '@credit-bank/kernel';
import { CATALOG_ITEMS_COLLECTION, CatalogItemDocument } from '../projections/catalog-read-models';

/** The source entries of a rule the catalogue does not have (the decider refuses them by index). */
export async function unknownCatalogItemIds(readStore: ReadStore, content: ConversionRuleContent | undefined): Promise<string[]> {
  const ids = content?.sources?.catalogItemIds;
  if (!Array.isArray(ids)) return [];
  const strings = [...new Set(ids.filter((id): id is string => typeof id === 'string').map((id) => id.trim()))];
  if (!strings.length) return [];
  const collection = readStore.collection<CatalogItemDocument>(CATALOG_ITEMS_COLLECTION);
  const found = await Promise.all(strings.map((id) => collection.get(id)));
  return strings.filter((_, i) => !found[i]);
}
