import { CATALOG_ITEM_EVENT_TYPES, CATALOG_ITEM_STREAM_PREFIX, CatalogItemEvent } from '@credit-bank/catalog-domain';
import { Projection, ReadStore, RecordedEvent, StoredDocument, WriteOp } from '@credit-bank/kernel';
import { CATALOG_ITEMS_COLLECTION, CatalogItemDocument, catalogItemDocument } from '../catalog-read-models';

type Current = (CatalogItemDocument & StoredDocument) | undefined;

const timesOf = (doc: CatalogItemDocument) => ({
  publishedAt: doc.publishedAt,
  revisedAt: doc.revisedAt,
  retiredAt: doc.retiredAt,
  retireReason: doc.retireReason,
});

/**
 * `catalog_items`: one document per catalogue entry (retired ones keep theirs, with `retiredAt`). Idempotent: an event at or below a document's
 * `_position` is skipped here (revisions merge into the stored document) and by the guarded write.
 */
export class CatalogItemsProjection implements Projection {
  readonly name = 'catalog.items';

  async apply(events: RecordedEvent[], store: ReadStore): Promise<void> {
    const relevant = events.filter(
      (e) => e.streamId.startsWith(CATALOG_ITEM_STREAM_PREFIX) && (CATALOG_ITEM_EVENT_TYPES as readonly string[]).includes(e.type),
    );
    if (!relevant.length) return;
    const collection = store.collection<CatalogItemDocument>(CATALOG_ITEMS_COLLECTION);
    const current = new Map<string, Current>();
    const ops: Array<WriteOp<CatalogItemDocument>> = [];
    for (const recorded of relevant) {
      // RecordedEvent does not correlate `type` and `data`; the domain union does.
      const event = { type: recorded.type, data: recorded.data, position: recorded.position } as CatalogItemEvent & { position: number };
      const id = event.data.itemId;
      const before = current.has(id) ? current.get(id) : await collection.get(id);
      current.set(id, before);
      if (before && before._position >= event.position) continue;
      const revision = recorded.revision;
      let doc: CatalogItemDocument;
      switch (event.type) {
        case 'CatalogItemPublished': {
          const { itemId: _itemId, publishedAt, ...content } = event.data;
          doc = catalogItemDocument(content, { publishedAt, revision });
          break;
        }
        case 'CatalogItemRevised': {
          if (!before) continue; // A revision needs the published entry; the decider guarantees it came first.
          doc = catalogItemDocument({ ...before, ...event.data.changes }, { ...timesOf(before), revisedAt: event.data.revisedAt, revision });
          break;
        }
        case 'CatalogItemRetired': {
          if (!before) continue;
          doc = catalogItemDocument(before, { ...timesOf(before), revision, retiredAt: event.data.retiredAt, retireReason: event.data.reason });
          break;
        }
        default:
          continue;
      }
      current.set(id, { ...doc, id, _position: event.position });
      ops.push({ kind: 'upsert', id, doc, position: event.position });
    }
    if (ops.length) await collection.write(ops);
  }
}
