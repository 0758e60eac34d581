import { ReadCollection } from '@credit-bank/kernel';
import { SqliteReadStore } from '@credit-bank/sqlite-read-store';
import { BatchDocuments } from './batch-documents';

interface Note {
  text: string;
}

/** A real collection (SQLite in memory) whose lookups are counted. */
function counted(collection: ReadCollection<Note>): { collection: ReadCollection<Note>; lookups: string[][] } {
  const lookups: string[][] = [];
  return {
    lookups,
    collection: {
      find: (query) => collection.find(query),
      count: (query) => collection.count(query),
      clear: () => collection.clear(),
      get: async (id) => {
        lookups.push([id]);
        return collection.get(id);
      },
      getMany: async (ids) => {
        lookups.push([...ids]);
        return collection.getMany(ids);
      },
      write: (ops) => collection.write(ops),
    },
  };
}

describe('BatchDocuments', () => {
  let store: SqliteReadStore;

  beforeEach(async () => {
    store = new SqliteReadStore({ filename: ':memory:' });
    await store.collection<Note>('notes').write([
      { kind: 'upsert', id: 'a', doc: { text: 'A' }, position: 3 },
      { kind: 'upsert', id: 'b', doc: { text: 'B' }, position: 4 },
    ]);
  });
  afterEach(() => store.close());

  it('loads what a batch names in one round and remembers the misses', async () => {
    const { collection, lookups } = counted(store.collection<Note>('notes'));
    const docs = new BatchDocuments(collection);
    await docs.load(['a', 'new', 'b', 'a']);
    expect(lookups).toEqual([['a', 'new', 'b']]);

    expect(await docs.get('a')).toEqual({ doc: { text: 'A' }, position: 3 });
    expect(await docs.get('new')).toBeUndefined();
    expect(await docs.stale('new', 9)).toBe(false);
    expect(await docs.stale('b', 4)).toBe(true);
    await docs.load(['a', 'new']);
    // Nothing looked up again, not even the id that was missing.
    expect(lookups).toHaveLength(1);
  });

  it('looks an id the batch did not name up once, a miss included, and builds on its own writes', async () => {
    const { collection, lookups } = counted(store.collection<Note>('notes'));
    const docs = new BatchDocuments(collection);
    expect(await docs.get('other')).toBeUndefined();
    expect(await docs.get('other')).toBeUndefined();
    expect(lookups).toEqual([['other']]);

    docs.put('other', { text: 'O' }, 7);
    expect(await docs.get('other')).toEqual({ doc: { text: 'O' }, position: 7 });
    await docs.flush();
    expect(await store.collection<Note>('notes').get('other')).toEqual({ id: 'other', _position: 7, text: 'O' });
  });
});
