import { catalogItemDecider, catalogItemStreamId, ConversionRuleContent } from '@credit-bank/catalog-domain';
import { EventStore, loadStream } from '@credit-bank/kernel';
import { DirectoryInstitutions, isGivenId } from './directory-institutions';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The source entries of a rule the catalogue does not have (the decider refuses them by index).
 * Asked of the entries' streams, not of the read model, which may lag (e.g. while it is rebuilt
 * and the seeder runs at start).
 */
export async function unknownCatalogItemIds(eventStore: EventStore, content: ConversionRuleContent | undefined): Promise<string[]> {
  const ids = content?.sources?.catalogItemIds;
  if (!Array.isArray(ids)) return [];
  const candidates = [...new Set(ids.filter((id): id is string => typeof id === 'string').map((id) => id.trim()))].filter((id) => UUID.test(id));
  const loaded = await Promise.all(candidates.map((id) => loadStream(eventStore, catalogItemStreamId(id), catalogItemDecider)));
  return candidates.filter((_, i) => loaded[i].state.status === 'unpublished');
}

/**
 * The rule's target with the directory's name of its awarding institution, named by id (404
 * CATALOG.INSTITUTION_NOT_FOUND naming `target.awardingInstitutionId` when the directory has no
 * such entry). A target without an id is left to the decider (required).
 */
export async function withAwardingInstitution(directory: DirectoryInstitutions, content: ConversionRuleContent): Promise<ConversionRuleContent> {
  const target = content?.target as Partial<ConversionRuleContent['target']> | undefined;
  if (!target || typeof target !== 'object' || !isGivenId(target.awardingInstitutionId)) return content;
  const institution = await directory.require(target.awardingInstitutionId, 'target.awardingInstitutionId');
  return { ...content, target: { ...(target as ConversionRuleContent['target']), awardingInstitutionId: institution.id, awardingInstitution: institution.name } };
}
