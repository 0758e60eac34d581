import { CONVERSION_RULE_EVENT_TYPES, CONVERSION_RULE_STREAM_PREFIX, ConversionRuleEvent, QualificationInstitutionRevised } from '@credit-bank/catalog-domain';
import { Projection, ReadStore, RecordedEvent, StoredDocument, WriteOp } from '@credit-bank/kernel';
import {
  CATALOG_CONVERSION_RULE_VERSIONS_COLLECTION,
  CATALOG_CONVERSION_RULES_COLLECTION,
  ConversionRuleDocument,
  ConversionRuleVersionDocument,
  conversionRuleVersionDocument,
  SUPERSEDED_CATALOG_COLLECTIONS,
} from '../catalog-read-models';
import { isInstitutionRenamed } from '../catalog-items/catalog-items.projection';

type Current = (ConversionRuleDocument & StoredDocument) | undefined;

/**
 * `catalog_conversion_rules_v2` (the current version of each rule, with its status; a directory
 * rename renames the awarding institution of the current versions) and
 * `catalog_conversion_rule_versions_v2` (every version as published, never rewritten).
 * Idempotent: an event at or below the current document's `_position` is skipped, and every write
 * is guarded by position.
 */
export class ConversionRulesProjection implements Projection {
  readonly name = 'catalog.conversion-rules.v2';
  readonly supersedes = SUPERSEDED_CATALOG_COLLECTIONS.conversionRules;
  readonly indexes = [
    { collection: CATALOG_CONVERSION_RULES_COLLECTION, fields: ['awardingInstitutionId'] },
    { collection: CATALOG_CONVERSION_RULES_COLLECTION, fields: ['status'] },
  ];

  async apply(events: RecordedEvent[], store: ReadStore): Promise<void> {
    const relevant = events.filter(
      (e) => (e.streamId.startsWith(CONVERSION_RULE_STREAM_PREFIX) && (CONVERSION_RULE_EVENT_TYPES as readonly string[]).includes(e.type)) || isInstitutionRenamed(e),
    );
    if (!relevant.length) return;
    const rules = store.collection<ConversionRuleDocument>(CATALOG_CONVERSION_RULES_COLLECTION);
    const versions = store.collection<ConversionRuleVersionDocument>(CATALOG_CONVERSION_RULE_VERSIONS_COLLECTION);
    const current = new Map<string, Current>();
    let ruleOps: Array<WriteOp<ConversionRuleDocument>> = [];
    const versionOps: Array<WriteOp<ConversionRuleVersionDocument>> = [];
    for (const recorded of relevant) {
      if (isInstitutionRenamed(recorded)) {
        const { institutionId, changes } = (recorded as RecordedEvent<QualificationInstitutionRevised>).data;
        const name = changes.name as string;
        // What this batch wrote so far is stored first (versions first), so the look-up by institution sees it.
        if (versionOps.length) await versions.write(versionOps.splice(0));
        if (ruleOps.length) await rules.write(ruleOps);
        ruleOps = [];
        for (const found of await rules.find({ where: { awardingInstitutionId: institutionId } })) {
          if (found._position >= recorded.position || found.awardingInstitution === name) continue;
          const { id, _position, ...rest } = found;
          const doc: ConversionRuleDocument = { ...rest, awardingInstitution: name, target: { ...rest.target, awardingInstitution: name } };
          current.set(id, { ...doc, id, _position: recorded.position });
          ruleOps.push({ kind: 'upsert', id, doc, position: recorded.position });
        }
        continue;
      }
      // RecordedEvent does not correlate `type` and `data`; the domain union does.
      const event = { type: recorded.type, data: recorded.data, position: recorded.position } as ConversionRuleEvent & { position: number };
      const id = event.data.ruleId;
      const before = current.has(id) ? current.get(id) : await rules.get(id);
      current.set(id, before);
      if (before && before._position >= event.position) continue;
      let doc: ConversionRuleDocument;
      switch (event.type) {
        case 'ConversionRulePublished': {
          const { ruleId, version, publishedAt, ...content } = event.data;
          const versionDoc = conversionRuleVersionDocument(ruleId, version, content, publishedAt);
          versionOps.push({ kind: 'upsert', id: `${ruleId}:${version}`, doc: versionDoc, position: event.position });
          doc = { ...versionDoc, status: 'active', firstPublishedAt: publishedAt };
          break;
        }
        case 'ConversionRuleRevised': {
          if (!before) continue; // The decider guarantees the publication came first.
          const { ruleId, version, revisedAt, ...content } = event.data;
          const versionDoc = conversionRuleVersionDocument(ruleId, version, content, revisedAt);
          versionOps.push({ kind: 'upsert', id: `${ruleId}:${version}`, doc: versionDoc, position: event.position });
          doc = { ...versionDoc, status: before.status, firstPublishedAt: before.firstPublishedAt };
          break;
        }
        case 'ConversionRuleRetired': {
          if (!before) continue;
          const { id: _id, _position, ...rest } = before;
          doc = { ...rest, status: 'retired', retiredAt: event.data.retiredAt, ...(event.data.reason ? { retireReason: event.data.reason } : {}) };
          break;
        }
        default:
          continue;
      }
      current.set(id, { ...doc, id, _position: event.position });
      ruleOps.push({ kind: 'upsert', id, doc, position: event.position });
    }
    // Versions first: a reader that finds the current document also finds its version.
    if (versionOps.length) await versions.write(versionOps);
    if (ruleOps.length) await rules.write(ruleOps);
  }
}
