import { ReadStore, RecordedEvent } from '@credit-bank/kernel';
import { SqliteReadStore } from '@credit-bank/sqlite-read-store';
import { CATALOG_INSTITUTIONS_COLLECTION, QualificationInstitutionDocument } from '../catalog-read-models';
import { InstitutionsProjection } from './institutions.projection';

const ID = '3a7c1e52-9d4b-8f10-a2c3-4d5e6f708192';
let position = 0;
function recorded(type: string, data: object, revision: number, streamId = `catalog.institution-${ID}`): RecordedEvent {
  position += 1;
  return {
    streamId,
    revision,
    position,
    type,
    data,
    metadata: { eventId: `e-${position}`, schemaVersion: 1, correlationId: 'c', causationId: 'c', actor: 'admin-1', occurredAt: '2025-03-01T08:00:00.000Z' },
  };
}

describe('InstitutionsProjection', () => {
  let store: ReadStore;
  const projection = new InstitutionsProjection();
  const docs = () => store.collection<QualificationInstitutionDocument>(CATALOG_INSTITUTIONS_COLLECTION).find();

  beforeEach(() => {
    position = 0;
    store = new SqliteReadStore({ filename: ':memory:' });
  });
  afterEach(() => store.close());

  const listed = () =>
    recorded('QualificationInstitutionListed', { institutionId: ID, name: '广东开放大学', creditCode: null, aliases: ['广东广播电视大学', '广东电大'], listedAt: '2025-03-01T08:00:00.000Z' }, 0);
  const revised = (changes: object, revision: number) => recorded('QualificationInstitutionRevised', { institutionId: ID, changes, revisedAt: '2025-03-02T08:00:00.000Z' }, revision);

  it('keeps each entry with its aliases as one searchable text', async () => {
    const event = listed();
    await projection.apply([event], store);
    expect(await docs()).toEqual([
      {
        id: ID,
        _position: event.position,
        name: '广东开放大学',
        creditCode: null,
        aliases: ['广东广播电视大学', '广东电大'],
        aliasesText: '广东广播电视大学 / 广东电大',
        listedAt: '2025-03-01T08:00:00.000Z',
        revision: 0,
      },
    ]);
    const found = await store.collection(CATALOG_INSTITUTIONS_COLLECTION).find({ search: { fields: ['name', 'aliasesText'], text: '电大' } });
    expect(found.map((d) => d.id)).toEqual([ID]);
  });

  it('merges revisions, in the same batch or a later one', async () => {
    await projection.apply([listed(), revised({ creditCode: '12440000455858060Q' }, 1)], store);
    await projection.apply([revised({ aliases: [] }, 2)], store);
    expect((await docs())[0]).toMatchObject({ creditCode: '12440000455858060Q', aliases: [], aliasesText: '', revision: 2, revisedAt: '2025-03-02T08:00:00.000Z' });
  });

  it('applied twice gives the same result (a replayed batch, or a replay of part of it)', async () => {
    const events = [listed(), revised({ name: '广东开放大学（总部）' }, 1), revised({ creditCode: '12440000455858060Q' }, 2)];
    await projection.apply(events, store);
    const once = await docs();
    await projection.apply(events, store);
    await projection.apply(events.slice(0, 2), store);
    expect(await docs()).toEqual(once);
  });

  it('declares the indexes of its queries and ignores other streams', async () => {
    expect(projection.indexes.map((i) => i.fields)).toEqual([['creditCode'], ['name']]);
    await projection.apply([recorded('QualificationInstitutionListed', { institutionId: ID, name: 'x', creditCode: null, aliases: [], listedAt: 'now' }, 0, 'catalog.unique-institution-name-1')], store);
    expect(await docs()).toEqual([]);
  });
});
