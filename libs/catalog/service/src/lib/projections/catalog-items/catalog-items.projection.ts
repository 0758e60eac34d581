import {
  CATALOG_ITEM_EVENT_TYPES,
  CATALOG_ITEM_STREAM_PREFIX,
  CatalogItemEvent,
  QUALIFICATION_INSTITUTION_STREAM_PREFIX,
  QualificationInstitutionRevised,
} from '@credit-bank/catalog-domain';
import { Projection, ReadStore, RecordedEvent, StoredDocument, WriteOp } from '@credit-bank/kernel';
import { CATALOG_ITEMS_COLLECTION, CatalogItemDocument, catalogItemDocument, SUPERSEDED_CATALOG_COLLECTIONS } from '../catalog-read-models';

type Current = (CatalogItemDocument & StoredDocument) | undefined;

const timesOf = (doc: CatalogItemDocument) => ({
  publishedAt: doc.publishedAt,
  revisedAt: doc.revisedAt,
  revision: doc.revision,
  retiredAt: doc.retiredAt,
  retireReason: doc.retireReason,
});

/** A directory institution renamed: its entries show the new name. */
export const isInstitutionRenamed = (e: RecordedEvent): boolean =>
  e.streamId.startsWith(QUALIFICATION_INSTITUTION_STREAM_PREFIX) && e.type === 'QualificationInstitutionRevised' && typeof (e.data as QualificationInstitutionRevised['data']).changes?.name === 'string';

/**
 * `catalog_items_v2`: one document per catalogue entry (retired ones keep theirs, with
 * `retiredAt`), with the directory id and name of its institution; a directory rename renames the
 * entries of that institution. Idempotent: an event at or below a document's `_position` is
 * skipped here (revisions merge into the stored document) and by the guarded write.
 */
export class CatalogItemsProjection implements Projection {
  readonly name = 'catalog.items.v2';
  readonly supersedes = SUPERSEDED_CATALOG_COLLECTIONS.items;
  readonly indexes = [
    { collection: CATALOG_ITEMS_COLLECTION, fields: ['institutionId'] },
    // The catalogue page (GET /catalog/items): entries not retired, in display order, walked from the index up to the page's limit.
    { collection: CATALOG_ITEMS_COLLECTION, fields: ['retiredAt', 'categoryOrder', 'projectName', 'achievementName'] },
  ];

  async apply(events: RecordedEvent[], store: ReadStore): Promise<void> {
    const relevant = events.filter(
      (e) => (e.streamId.startsWith(CATALOG_ITEM_STREAM_PREFIX) && (CATALOG_ITEM_EVENT_TYPES as readonly string[]).includes(e.type)) || isInstitutionRenamed(e),
    );
    if (!relevant.length) return;
    const collection = store.collection<CatalogItemDocument>(CATALOG_ITEMS_COLLECTION);
    const current = new Map<string, Current>();
    let ops: Array<WriteOp<CatalogItemDocument>> = [];
    const upsert = (id: string, doc: CatalogItemDocument, position: number) => {
      current.set(id, { ...doc, id, _position: position });
      ops.push({ kind: 'upsert', id, doc, position });
    };
    for (const recorded of relevant) {
      if (isInstitutionRenamed(recorded)) {
        const { institutionId, changes } = (recorded as RecordedEvent<QualificationInstitutionRevised>).data;
        // What this batch wrote so far is stored first, so the look-up by institution sees it.
        if (ops.length) await collection.write(ops);
        ops = [];
        for (const doc of await collection.find({ where: { institutionId } })) {
          if (doc._position >= recorded.position || doc.institutionName === changes.name) continue;
          const { id, _position, ...rest } = doc;
          upsert(id, { ...rest, institutionName: changes.name as string }, recorded.position);
        }
        continue;
      }
      // RecordedEvent does not correlate `type` and `data`; the domain union does.
      const event = { type: recorded.type, data: recorded.data, position: recorded.position } as CatalogItemEvent & { position: number };
      const id = event.data.itemId;
      const before = current.has(id) ? current.get(id) : await collection.get(id);
      current.set(id, before);
      if (before && before._position >= event.position) continue;
      const revision = recorded.revision;
      switch (event.type) {
        case 'CatalogItemPublished': {
          const { itemId: _itemId, publishedAt, ...content } = event.data;
          upsert(id, catalogItemDocument(content, { publishedAt, revision }), event.position);
          break;
        }
        case 'CatalogItemRevised': {
          if (!before) continue; // A revision needs the published entry; the decider guarantees it came first.
          upsert(id, catalogItemDocument({ ...before, ...event.data.changes }, { ...timesOf(before), revisedAt: event.data.revisedAt, revision }), event.position);
          break;
        }
        case 'CatalogItemRetired': {
          if (!before) continue;
          upsert(id, catalogItemDocument(before, { ...timesOf(before), revision, retiredAt: event.data.retiredAt, retireReason: event.data.reason }), event.position);
          break;
        }
        default:
          continue;
      }
    }
    if (ops.length) await collection.write(ops);
  }
}
