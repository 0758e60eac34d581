import { SqliteReadStore } from '@credit-bank/sqlite-read-store';
import { ReadStore, RecordedEvent } from '@credit-bank/kernel';
import { CATALOG_ITEMS_COLLECTION, CatalogItemDocument } from '../catalog-read-models';
import { CatalogItemsProjection } from './catalog-items.projection';

const ID = '7d1e3f0a-1111-8222-9333-444455556666';
const INSTITUTION = '3a7c1e52-9d4b-8f10-a2c3-4d5e6f708192';
let position = 0;
function recorded(streamId: string, type: string, data: object): RecordedEvent {
  position += 1;
  return {
    streamId,
    revision: 0,
    position,
    type,
    data,
    metadata: { eventId: `e-${position}`, schemaVersion: 1, correlationId: 'c', causationId: 'c', actor: 'system', occurredAt: '2025-03-01T08:00:00.000Z' },
  };
}

const content = {
  category: 'vocational-qualification',
  type: 'national-exam-certificate',
  projectName: '全国计算机等级考试',
  achievementName: '全国计算机等级考试一级证书',
  institutionId: INSTITUTION,
  institutionName: '教育部考试中心',
  frameworkLevel: 2,
  credits: 2,
  sample: false,
};

describe('CatalogItemsProjection', () => {
  let store: ReadStore;
  const projection = new CatalogItemsProjection();
  const docs = () => store.collection<CatalogItemDocument>(CATALOG_ITEMS_COLLECTION).find();

  beforeEach(() => {
    position = 0;
    store = new SqliteReadStore({ filename: ':memory:' });
  });
  afterEach(() => store.close());

  const published = () => recorded(`catalog.item-${ID}`, 'CatalogItemPublished', { itemId: ID, ...content, publishedAt: '2025-03-01T08:00:00.000Z' });
  const revised = (changes: object) => recorded(`catalog.item-${ID}`, 'CatalogItemRevised', { itemId: ID, changes, revisedAt: '2025-03-02T08:00:00.000Z' });

  it('writes a published entry with its Chinese labels and sort key', async () => {
    const event = published();
    await projection.apply([event], store);
    expect(await docs()).toEqual([
      {
        id: ID,
        _position: event.position,
        ...content,
        categoryName: '职业资格证书成果',
        categoryOrder: 1,
        typeName: '国家及省级统一考试证书',
        publishedAt: '2025-03-01T08:00:00.000Z',
        revision: 0,
      },
    ]);
  });

  it('keeps a retired entry with retiredAt and its reason (the search skips it, get-item still finds it)', async () => {
    await projection.apply([published(), revised({ credits: 2.5 })], store);
    const retired = recorded(`catalog.item-${ID}`, 'CatalogItemRetired', { itemId: ID, reason: '停考', retiredAt: '2025-04-01T08:00:00.000Z' });
    await projection.apply([{ ...retired, revision: 2 }], store);
    const [doc] = await docs();
    expect(doc).toMatchObject({ credits: 2.5, retiredAt: '2025-04-01T08:00:00.000Z', retireReason: '停考', revision: 2, revisedAt: '2025-03-02T08:00:00.000Z' });
    const active = await store.collection(CATALOG_ITEMS_COLLECTION).find({ where: { retiredAt: null } });
    expect(active).toEqual([]);
  });

  it('merges revisions, in the same batch or a later one, relabelling a changed type', async () => {
    const events = [published(), revised({ credits: 2.5 })];
    await projection.apply(events, store);
    const later = revised({ category: 'training-performance', type: 'training-certificate' });
    await projection.apply([later], store);
    const [doc] = await docs();
    expect(doc).toMatchObject({
      credits: 2.5,
      category: 'training-performance',
      categoryName: '培训成果及业绩类成果',
      categoryOrder: 3,
      type: 'training-certificate',
      typeName: '培训证书',
      achievementName: content.achievementName,
      revisedAt: '2025-03-02T08:00:00.000Z',
      _position: later.position,
    });
  });

  it('applied twice gives the same result (a replayed batch, or a replay of part of it)', async () => {
    const events = [published(), revised({ credits: 3 }), revised({ frameworkLevel: 3 })];
    await projection.apply(events, store);
    const once = await docs();
    await projection.apply(events, store);
    await projection.apply(events.slice(0, 2), store);
    expect(await docs()).toEqual(once);
    expect(once[0]).toMatchObject({ credits: 3, frameworkLevel: 3 });
  });

  it('renames the entries of a renamed directory institution, once, without touching their revision', async () => {
    await projection.apply([published(), revised({ credits: 3 })], store);
    const rename = (name: string) =>
      recorded(`catalog.institution-${INSTITUTION}`, 'QualificationInstitutionRevised', { institutionId: INSTITUTION, changes: { name }, revisedAt: '2025-03-05T08:00:00.000Z' });
    const renamed = rename('教育部教育考试院');
    const other = recorded(`catalog.institution-${INSTITUTION}`, 'QualificationInstitutionRevised', { institutionId: INSTITUTION, changes: { aliases: ['考试中心'] }, revisedAt: 'x' });
    await projection.apply([other, renamed], store);
    const [doc] = await docs();
    expect(doc).toMatchObject({ institutionId: INSTITUTION, institutionName: '教育部教育考试院', credits: 3, _position: renamed.position });
    await projection.apply([renamed], store);
    expect(await docs()).toEqual([doc]);
    // In one batch with the publication: the same result.
    await store.collection(CATALOG_ITEMS_COLLECTION).clear();
    position = 0;
    const events = [published(), revised({ credits: 3 }), other, renamed];
    await projection.apply(events, store);
    expect((await docs())[0]).toMatchObject({ institutionName: '教育部教育考试院', credits: 3 });
  });

  it('supersedes the collection of the entries before institution ids and indexes the institution and the catalogue order', () => {
    expect(projection.supersedes).toEqual(['catalog_items']);
    expect(CATALOG_ITEMS_COLLECTION).toBe('catalog_items_v2');
    expect(projection.indexes).toEqual([
      { collection: CATALOG_ITEMS_COLLECTION, fields: ['institutionId'] },
      { collection: CATALOG_ITEMS_COLLECTION, fields: ['retiredAt', 'categoryOrder', 'projectName', 'achievementName'] },
    ]);
  });

  it('ignores other streams and event types', async () => {
    await projection.apply(
      [recorded('ledger.achievement-1', 'CatalogItemPublished', { itemId: 'x', ...content, publishedAt: 'now' }), recorded(`catalog.item-${ID}`, 'SomethingElse', { itemId: ID })],
      store,
    );
    expect(await docs()).toEqual([]);
  });
});
