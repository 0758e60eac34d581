import { CONVERSION_RULE_EVENT_TYPES, CONVERSION_RULE_STREAM_PREFIX, ConversionRuleEvent } from '@credit-bank/catalog-domain';
import { Projection, ReadStore, RecordedEvent, StoredDocument, WriteOp } from '@credit-bank/kernel';
import {
  CATALOG_CONVERSION_RULE_VERSIONS_COLLECTION,
  CATALOG_CONVERSION_RULES_COLLECTION,
  ConversionRuleDocument,
  ConversionRuleVersionDocument,
  conversionRuleVersionDocument,
} from '../catalog-read-models';

type Current = (ConversionRuleDocument & StoredDocument) | undefined;

/**
 * `catalog_conversion_rules` (the current version of each rule, with its status) and
 * `catalog_conversion_rule_versions` (every version, never rewritten). Idempotent: an event at or
 * below the current document's `_position` is skipped, and every write is guarded by position.
 */
export class ConversionRulesProjection implements Projection {
  readonly name = 'catalog.conversion-rules';

  async apply(events: RecordedEvent[], store: ReadStore): Promise<void> {
    const relevant = events.filter(
      (e) => e.streamId.startsWith(CONVERSION_RULE_STREAM_PREFIX) && (CONVERSION_RULE_EVENT_TYPES as readonly string[]).includes(e.type),
    );
    if (!relevant.length) return;
    const rules = store.collection<ConversionRuleDocument>(CATALOG_CONVERSION_RULES_COLLECTION);
    const versions = store.collection<ConversionRuleVersionDocument>(CATALOG_CONVERSION_RULE_VERSIONS_COLLECTION);
    const current = new Map<string, Current>();
    const ruleOps: Array<WriteOp<ConversionRuleDocument>> = [];
    const versionOps: Array<WriteOp<ConversionRuleVersionDocument>> = [];
    for (const recorded of relevant) {
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
