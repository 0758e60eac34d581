import { prepareProjection, Projection } from './projection';
import { ReadCollection, ReadStore } from './read-store.port';

function fakeStore(withIndexes: boolean) {
  const cleared: string[] = [];
  const indexes: Array<[string, string[]]> = [];
  const store = {
    collection: (name: string) => ({ clear: async () => void cleared.push(name) }) as unknown as ReadCollection<object>,
    checkpoints: { load: async () => 0, store: async () => undefined },
    close: async () => undefined,
    ...(withIndexes ? { ensureIndex: (collection: string, fields: string[]) => void indexes.push([collection, fields]) } : {}),
  } as ReadStore;
  return { store, cleared, indexes };
}

const projection: Projection = {
  name: 'things.v2',
  indexes: [{ collection: 'things_v2', fields: ['ownerId'] }],
  supersedes: ['things'],
  apply: async () => undefined,
};

describe('prepareProjection', () => {
  it('makes the declared indexes and empties the superseded collections', async () => {
    const { store, cleared, indexes } = fakeStore(true);
    await prepareProjection(projection, store);
    expect(indexes).toEqual([['things_v2', ['ownerId']]]);
    expect(cleared).toEqual(['things']);
  });

  it('works on a store without indexes and on a projection that declares nothing', async () => {
    const { store, cleared } = fakeStore(false);
    await prepareProjection(projection, store);
    await prepareProjection({ name: 'plain', apply: async () => undefined }, store);
    expect(cleared).toEqual(['things']);
  });
});
