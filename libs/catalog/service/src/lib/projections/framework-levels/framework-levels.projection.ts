import { FRAMEWORK_LEVEL_EVENT_TYPES, FRAMEWORK_LEVEL_STREAM_PREFIX, FrameworkLevelEvent } from '@credit-bank/catalog-domain';
import { Projection, ReadStore, RecordedEvent, WriteOp } from '@credit-bank/kernel';
import { CATALOG_FRAMEWORK_LEVELS_COLLECTION, FrameworkLevelDocument } from '../catalog-read-models';

/** `catalog_framework_levels`: one document per level, id = the level number. Guarded writes make it idempotent. */
export class FrameworkLevelsProjection implements Projection {
  readonly name = 'catalog.framework-levels';

  async apply(events: RecordedEvent[], store: ReadStore): Promise<void> {
    const ops: Array<WriteOp<FrameworkLevelDocument>> = [];
    for (const event of events) {
      if (!event.streamId.startsWith(FRAMEWORK_LEVEL_STREAM_PREFIX) || !(FRAMEWORK_LEVEL_EVENT_TYPES as readonly string[]).includes(event.type)) continue;
      const e = event as unknown as RecordedEvent<FrameworkLevelEvent>;
      switch (e.type) {
        case 'FrameworkLevelDefined':
          ops.push({ kind: 'upsert', id: String(e.data.level), doc: { ...e.data }, position: e.position });
          break;
        default:
          break;
      }
    }
    if (ops.length) await store.collection<FrameworkLevelDocument>(CATALOG_FRAMEWORK_LEVELS_COLLECTION).write(ops);
  }
}
