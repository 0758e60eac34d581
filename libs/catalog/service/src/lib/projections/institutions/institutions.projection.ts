import { QUALIFICATION_INSTITUTION_EVENT_TYPES, QUALIFICATION_INSTITUTION_STREAM_PREFIX, QualificationInstitutionEvent } from '@credit-bank/catalog-domain';
import { Projection, ReadStore, RecordedEvent, StoredDocument, WriteOp } from '@credit-bank/kernel';
import { CATALOG_INSTITUTIONS_COLLECTION, QualificationInstitutionDocument, qualificationInstitutionDocument } from '../catalog-read-models';

type Current = (QualificationInstitutionDocument & StoredDocument) | undefined;

/**
 * `catalog_institutions`: one document per directory entry, searched by keyword (name and
 * aliases) and by exact credit code. Idempotent: an event at or below a document's `_position` is
 * skipped here (revisions merge into the stored document) and by the guarded write.
 */
export class InstitutionsProjection implements Projection {
  readonly name = 'catalog.institutions';
  readonly indexes = [
    { collection: CATALOG_INSTITUTIONS_COLLECTION, fields: ['creditCode'] },
    { collection: CATALOG_INSTITUTIONS_COLLECTION, fields: ['name'] },
  ];

  async apply(events: RecordedEvent[], store: ReadStore): Promise<void> {
    const relevant = events.filter(
      (e) => e.streamId.startsWith(QUALIFICATION_INSTITUTION_STREAM_PREFIX) && (QUALIFICATION_INSTITUTION_EVENT_TYPES as readonly string[]).includes(e.type),
    );
    if (!relevant.length) return;
    const collection = store.collection<QualificationInstitutionDocument>(CATALOG_INSTITUTIONS_COLLECTION);
    const current = new Map<string, Current>();
    const ops: Array<WriteOp<QualificationInstitutionDocument>> = [];
    for (const recorded of relevant) {
      // RecordedEvent does not correlate `type` and `data`; the domain union does.
      const event = { type: recorded.type, data: recorded.data } as QualificationInstitutionEvent;
      const id = event.data.institutionId;
      const before = current.has(id) ? current.get(id) : await collection.get(id);
      current.set(id, before);
      if (before && before._position >= recorded.position) continue;
      let doc: QualificationInstitutionDocument;
      switch (event.type) {
        case 'QualificationInstitutionListed': {
          const { name, creditCode, aliases, listedAt } = event.data;
          doc = qualificationInstitutionDocument({ name, creditCode, aliases }, { listedAt, revision: recorded.revision });
          break;
        }
        case 'QualificationInstitutionRevised': {
          if (!before) continue; // The decider guarantees the listing came first.
          doc = qualificationInstitutionDocument({ ...before, ...event.data.changes }, { listedAt: before.listedAt, revisedAt: event.data.revisedAt, revision: recorded.revision });
          break;
        }
        default:
          continue;
      }
      current.set(id, { ...doc, id, _position: recorded.position });
      ops.push({ kind: 'upsert', id, doc, position: recorded.position });
    }
    if (ops.length) await collection.write(ops);
  }
}
