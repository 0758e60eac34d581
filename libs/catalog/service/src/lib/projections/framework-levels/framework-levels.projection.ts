import { FRAMEWORK_LEVEL_EVENT_TYPES, FRAMEWORK_LEVEL_STREAM_PREFIX, FrameworkLevelEvent } from '@credit-bank/catalog-domain';
import { Projection, ReadStore, RecordedEvent, StoredDocument, WriteOp } from '@credit-bank/kernel';
import { CATALOG_FRAMEWORK_LEVELS_COLLECTION, FrameworkLevelDocument } from '../catalog-read-models';

/**
 * `catalog_framework_levels`: one document per level, id = the level number. A revision replaces
 * the texts and keeps `definedAt`. Guarded writes (and the `_position` check) make it idempotent.
 */
export class FrameworkLevelsProjection implements Projection {
  readonly name = 'catalog.framework-levels';

  async apply(events: RecordedEvent[], store: ReadStore): Promise<void> {
    const relevant = events.filter((e) => e.streamId.startsWith(FRAMEWORK_LEVEL_STREAM_PREFIX) && (FRAMEWORK_LEVEL_EVENT_TYPES as readonly string[]).includes(e.type));
    if (!relevant.length) return;
    const collection = store.collection<FrameworkLevelDocument>(CATALOG_FRAMEWORK_LEVELS_COLLECTION);
    const current = new Map<string, (FrameworkLevelDocument & StoredDocument) | undefined>();
    const ops: Array<WriteOp<FrameworkLevelDocument>> = [];
    for (const recorded of relevant) {
      const e = recorded as unknown as RecordedEvent<FrameworkLevelEvent>;
      const id = String(e.data.level);
      let doc: FrameworkLevelDocument;
      switch (e.type) {
        case 'FrameworkLevelDefined':
          doc = { ...e.data };
          break;
        case 'FrameworkLevelRevised': {
          const before = current.has(id) ? current.get(id) : await collection.get(id);
          if (before && before._position >= e.position) continue;
          const { id: _id, _position, ...rest } = before ?? ({} as FrameworkLevelDocument & StoredDocument);
          doc = { ...(rest.definedAt ? { definedAt: rest.definedAt } : {}), ...e.data };
          break;
        }
        default:
          continue;
      }
      current.set(id, { ...doc, id, _position: e.position });
      ops.push({ kind: 'upsert', id, doc, position: e.position });
    }
    if (ops.length) await collection.write(ops);
  }
}
