import { SqliteReadStore } from '@credit-bank/sqlite-read-store';
import { ReadStore, RecordedEvent } from '@credit-bank/kernel';
import { CATALOG_FRAMEWORK_LEVELS_COLLECTION, FrameworkLevelDocument } from '../catalog-read-models';
import { FrameworkLevelsProjection } from './framework-levels.projection';

const defined = (level: number, position: number, streamId = `catalog.framework-level-${level}`): RecordedEvent => ({
  streamId,
  revision: 0,
  position,
  type: 'FrameworkLevelDefined',
  data: { level, name: `Level ${level}`, nameZh: `第${level}级`, knowledge: '知识', skills: '技能', competence: '能力', definedAt: '2025-03-01T08:00:00.000Z' },
  metadata: { eventId: `e-${position}`, schemaVersion: 1, correlationId: 'c', causationId: 'c', actor: 'system', occurredAt: '2025-03-01T08:00:00.000Z' },
});

describe('FrameworkLevelsProjection', () => {
  let store: ReadStore;
  const projection = new FrameworkLevelsProjection();
  const levels = () => store.collection<FrameworkLevelDocument>(CATALOG_FRAMEWORK_LEVELS_COLLECTION).find({ sort: [['level', 'asc']] });

  beforeEach(() => {
    store = new SqliteReadStore({ filename: ':memory:' });
  });
  afterEach(() => store.close());

  it('writes one document per level, keyed by the level', async () => {
    await projection.apply([defined(2, 1), defined(1, 2)], store);
    const docs = await levels();
    expect(docs.map((d) => [d.id, d.level, d.nameZh])).toEqual([
      ['1', 1, '第1级'],
      ['2', 2, '第2级'],
    ]);
  });

  it('applied twice gives the same result', async () => {
    const batch = [defined(1, 1), defined(2, 2), defined(3, 3)];
    await projection.apply(batch, store);
    const once = await levels();
    await projection.apply(batch, store);
    expect(await levels()).toEqual(once);
  });

  it('a revision replaces the texts and keeps definedAt, also when applied twice', async () => {
    const revised: RecordedEvent = { ...defined(2, 2), type: 'FrameworkLevelRevised', data: { level: 2, name: 'Level 2', nameZh: '第二级', knowledge: '新知识', skills: '技能', competence: '能力', revisedAt: '2025-05-01T08:00:00.000Z' } };
    await projection.apply([defined(2, 1), revised], store);
    await projection.apply([defined(2, 1), revised], store);
    const [doc] = await levels();
    expect(doc).toMatchObject({ level: 2, nameZh: '第二级', knowledge: '新知识', definedAt: '2025-03-01T08:00:00.000Z', revisedAt: '2025-05-01T08:00:00.000Z', _position: 2 });
  });

  it('ignores events of other streams', async () => {
    await projection.apply([defined(1, 1, 'identity.account-1')], store);
    expect(await levels()).toEqual([]);
  });
});
