import { ReadCollection, ReadStore, Scalar, StoredDocument, WriteOp } from '@credit-bank/kernel';
import { randomUUID } from 'node:crypto';

/** What an adapter's test hands the contract for each test: a store, and how to dispose of it. */
export interface ReadStoreUnderTest {
  store: ReadStore;
  /** Closes the store(s) and removes whatever the factory created (files, databases). */
  cleanup(): Promise<void>;
  /**
   * Optional: closes `store` and opens a new store on the same data (same file, same database).
   * When given, the contract also checks that documents and checkpoints survive a restart.
   * `cleanup` must dispose of the reopened store too.
   */
  reopen?(): Promise<ReadStore>;
}

export type ReadStoreFactory = () => Promise<ReadStoreUnderTest>;

interface Course {
  title: string;
  description?: string;
  status: 'draft' | 'open' | 'closed';
  level: number;
  credits?: number | null;
  featured?: boolean;
  tags?: string[];
}

type Doc = Course & StoredDocument;

function upsert<T extends object>(id: string, position: number, doc: T): WriteOp<T> {
  return { kind: 'upsert', id, position, doc };
}

function remove<T extends object>(id: string, position: number): WriteOp<T> {
  return { kind: 'delete', id, position };
}

function ids(docs: Array<{ id: string }>): string[] {
  return docs.map((d) => d.id);
}

const COURSES: Array<[id: string, course: Course]> = [
  ['c1', { title: 'Algebra I', description: 'Linear equations', status: 'open', level: 1, credits: 3, featured: true, tags: ['math'] }],
  ['c2', { title: '计算机科学导论', description: '计算机 与 程序设计 入门', status: 'open', level: 2, credits: 4, featured: false, tags: ['计算机', 'cs'] }],
  ['c3', { title: 'Advanced ALGEBRA', description: 'Groups and rings', status: 'closed', level: 10, credits: null, tags: ['math'] }],
  ['c4', { title: 'Poetry of the Tang dynasty', description: '唐诗 选读', status: 'draft', level: 2, featured: true }],
  ['c5', { title: '100% online: project management', description: 'Deadlines_and_budgets', status: 'open', level: 3, credits: 2 }],
  ['c6', { title: "O'Brien's \"quoted\" seminar", description: 'snake_case and 100 percent', status: 'closed', level: 1, credits: 1 }],
];

async function seed(collection: ReadCollection<Course>): Promise<void> {
  await collection.write(COURSES.map(([id, course], n) => upsert(id, n + 1, course)));
}

/**
 * The behaviour every ReadStore adapter must show (SQLite, MongoDB): guarded idempotent writes,
 * tombstones, queries, counts and checkpoints. Call it from an adapter's `*.int-spec.ts`.
 */
export function readStoreContract(name: string, factory: ReadStoreFactory): void {
  describe(`ReadStore contract: ${name}`, () => {
    let under: ReadStoreUnderTest;
    let store: ReadStore;
    let courses: ReadCollection<Course>;

    beforeEach(async () => {
      under = await factory();
      store = under.store;
      // A fresh collection name per test: the contract holds on a shared database too.
      courses = store.collection<Course>(`contract_courses_${randomUUID().replace(/-/g, '').slice(0, 12)}`);
    });

    afterEach(async () => {
      await under.cleanup();
    });

    describe('writes', () => {
      it('upserts a document and returns it with its id and _position', async () => {
        const applied = await courses.write([upsert('c1', 7, { title: 'Algebra I', status: 'open', level: 1 } as Course)]);
        expect(applied).toBe(1);
        expect(await courses.get('c1')).toEqual({ id: 'c1', _position: 7, title: 'Algebra I', status: 'open', level: 1 });
        expect(await courses.get('missing')).toBeUndefined();
      });

      it('replaces the whole document on a newer position', async () => {
        await courses.write([upsert('c1', 1, { title: 'Algebra I', status: 'draft', level: 1, credits: 3 } as Course)]);
        expect(await courses.write([upsert('c1', 2, { title: 'Algebra I', status: 'open', level: 1 } as Course)])).toBe(1);
        expect(await courses.get('c1')).toEqual({ id: 'c1', _position: 2, title: 'Algebra I', status: 'open', level: 1 });
      });

      it('skips a write whose position is older than the stored one', async () => {
        await courses.write([upsert('c1', 5, { title: 'new', status: 'open', level: 1 } as Course)]);
        expect(await courses.write([upsert('c1', 3, { title: 'stale', status: 'draft', level: 1 } as Course)])).toBe(0);
        expect(await courses.write([remove('c1', 4)])).toBe(0);
        expect(await courses.get('c1')).toMatchObject({ title: 'new', _position: 5 });
      });

      it('skips a write at the same position (a duplicate delivery changes nothing)', async () => {
        await courses.write([upsert('c1', 5, { title: 'first', status: 'open', level: 1 } as Course)]);
        expect(await courses.write([upsert('c1', 5, { title: 'duplicate', status: 'closed', level: 9 } as Course)])).toBe(0);
        expect(await courses.get('c1')).toEqual({ id: 'c1', _position: 5, title: 'first', status: 'open', level: 1 });
      });

      it('applies the writes of a batch in order and counts only the applied ones', async () => {
        const applied = await courses.write([
          upsert('a', 1, { title: 'a1', status: 'draft', level: 1 } as Course),
          upsert('a', 3, { title: 'a3', status: 'open', level: 1 } as Course),
          upsert('a', 2, { title: 'a2 (stale inside the batch)', status: 'closed', level: 1 } as Course),
          upsert('b', 4, { title: 'b4', status: 'open', level: 2 } as Course),
        ]);
        expect(applied).toBe(3);
        expect(await courses.get('a')).toMatchObject({ title: 'a3', _position: 3 });
        expect(await courses.get('b')).toMatchObject({ title: 'b4', _position: 4 });
        expect(await courses.write([])).toBe(0);
      });

      it('gives the same documents when the same batch is applied twice', async () => {
        const batch: Array<WriteOp<Course>> = [
          upsert('x', 10, { title: 'x', status: 'draft', level: 1 } as Course),
          upsert('y', 11, { title: 'y', status: 'open', level: 2 } as Course),
          upsert('x', 12, { title: 'x2', status: 'open', level: 1, tags: ['t'] } as Course),
          remove('y', 13),
          upsert('z', 14, { title: 'z', status: 'closed', level: 3 } as Course),
        ];
        expect(await courses.write(batch)).toBe(5);
        const once = await courses.find({ sort: [['title', 'asc']] });
        const countOnce = await courses.count();
        expect(await courses.write(batch)).toBe(0);
        expect(await courses.find({ sort: [['title', 'asc']] })).toEqual(once);
        expect(await courses.count()).toBe(countOnce);
        expect(ids(once)).toEqual(['x', 'z']);
      });

      it('leaves a tombstone: a deleted document stays deleted when older events are replayed', async () => {
        await courses.write([upsert('c1', 1, { title: 'Algebra I', status: 'open', level: 1 } as Course)]);
        expect(await courses.write([remove('c1', 2)])).toBe(1);
        expect(await courses.get('c1')).toBeUndefined();
        expect(await courses.find()).toEqual([]);
        expect(await courses.count()).toBe(0);

        // Replay from the beginning: the upsert at 1 and the delete at 2 again.
        expect(await courses.write([upsert('c1', 1, { title: 'Algebra I', status: 'open', level: 1 } as Course), remove('c1', 2)])).toBe(0);
        expect(await courses.get('c1')).toBeUndefined();
        expect(await courses.find({ where: { status: 'open' } })).toEqual([]);

        // A genuinely newer event brings it back.
        expect(await courses.write([upsert('c1', 3, { title: 'Algebra I (again)', status: 'open', level: 1 } as Course)])).toBe(1);
        expect(await courses.get('c1')).toMatchObject({ title: 'Algebra I (again)', _position: 3 });
      });

      it('keeps a tombstone for a document deleted before it was ever seen', async () => {
        expect(await courses.write([remove('ghost', 5)])).toBe(1);
        expect(await courses.write([upsert('ghost', 4, { title: 'late', status: 'open', level: 1 } as Course)])).toBe(0);
        expect(await courses.get('ghost')).toBeUndefined();
        expect(await courses.count()).toBe(0);
      });

      it('getMany returns the live documents of the ids asked, in one call (missing and deleted ones absent, duplicates once)', async () => {
        await courses.write([
          upsert('c1', 1, { title: 'Algebra I', status: 'open', level: 1 } as Course),
          upsert('c2', 2, { title: 'Algebra II', status: 'open', level: 2 } as Course),
          upsert('c3', 3, { title: 'Geometry', status: 'open', level: 1 } as Course),
          remove('c3', 4),
        ]);
        const found = await courses.getMany(['c2', 'missing', 'c1', 'c3', 'c2']);
        expect([...found].sort((a, b) => a.id.localeCompare(b.id))).toEqual([
          { id: 'c1', _position: 1, title: 'Algebra I', status: 'open', level: 1 },
          { id: 'c2', _position: 2, title: 'Algebra II', status: 'open', level: 2 },
        ]);
        expect(await courses.getMany([])).toEqual([]);
        // More ids than one lookup statement holds.
        const many = Array.from({ length: 450 }, (_, i) => `m${i}`);
        await courses.write(many.map((id, i) => upsert(id, 10 + i, { title: id, status: 'open', level: 1 } as Course)));
        expect((await courses.getMany([...many, 'missing'])).map((d) => d.id).sort()).toEqual([...many].sort());
      });

      it('returns copies: changing a returned or a written object changes nothing stored', async () => {
        const doc: Course = { title: 'Algebra I', status: 'open', level: 1, tags: ['math'] };
        await courses.write([upsert('c1', 1, doc)]);
        doc.title = 'changed by the writer';
        doc.tags?.push('changed');
        const read = (await courses.get('c1')) as Doc;
        read.title = 'changed by the reader';
        read.tags?.push('changed');
        expect(await courses.get('c1')).toEqual({ id: 'c1', _position: 1, title: 'Algebra I', status: 'open', level: 1, tags: ['math'] });
      });

      it('keeps collections apart', async () => {
        const other = store.collection<Course>(`contract_other_${randomUUID().replace(/-/g, '').slice(0, 12)}`);
        await courses.write([upsert('same-id', 1, { title: 'in courses', status: 'open', level: 1 } as Course)]);
        await other.write([upsert('same-id', 1, { title: 'in other', status: 'open', level: 1 } as Course)]);
        expect(await courses.get('same-id')).toMatchObject({ title: 'in courses' });
        expect(await other.get('same-id')).toMatchObject({ title: 'in other' });
        await other.clear();
        expect(await courses.get('same-id')).toBeDefined();
      });

      it('clear removes every document and tombstone (a rebuild replays from the start)', async () => {
        await seed(courses);
        await courses.write([remove('c1', 100)]);
        await courses.clear();
        expect(await courses.count()).toBe(0);
        expect(await courses.find()).toEqual([]);
        expect(await courses.write([upsert('c1', 1, { title: 'rebuilt', status: 'open', level: 1 } as Course)])).toBe(1);
        expect(await courses.get('c1')).toMatchObject({ title: 'rebuilt', _position: 1 });
      });
    });

    describe('queries', () => {
      beforeEach(async () => {
        await seed(courses);
      });

      it('finds every live document without a query', async () => {
        expect((await courses.find()).map((d) => d.id).sort()).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6']);
        expect(await courses.count()).toBe(6);
      });

      it('filters by equality on top-level fields (strings, numbers, booleans, several fields)', async () => {
        expect(ids(await courses.find({ where: { status: 'open' }, sort: [['title', 'asc']] })).sort()).toEqual(['c1', 'c2', 'c5']);
        expect(ids(await courses.find({ where: { level: 2 } })).sort()).toEqual(['c2', 'c4']);
        expect(ids(await courses.find({ where: { featured: true } })).sort()).toEqual(['c1', 'c4']);
        expect(ids(await courses.find({ where: { featured: false } }))).toEqual(['c2']);
        expect(ids(await courses.find({ where: { status: 'open', level: 2 } }))).toEqual(['c2']);
        expect(ids(await courses.find({ where: { status: 'nope' } }))).toEqual([]);
        expect(ids(await courses.find({ where: { id: 'c3' } }))).toEqual(['c3']);
      });

      it('does not confuse a number with its text', async () => {
        expect(ids(await courses.find({ where: { level: '2' } }))).toEqual([]);
        expect(ids(await courses.find({ where: { title: 1 } }))).toEqual([]);
      });

      it('matches null against a null or a missing field', async () => {
        expect(ids(await courses.find({ where: { credits: null } })).sort()).toEqual(['c3', 'c4']);
      });

      it('treats an array value as "one of"', async () => {
        expect(ids(await courses.find({ where: { status: ['draft', 'closed'] } })).sort()).toEqual(['c3', 'c4', 'c6']);
        expect(ids(await courses.find({ where: { level: [1, 10] } })).sort()).toEqual(['c1', 'c3', 'c6']);
        expect(ids(await courses.find({ where: { id: ['c1', 'c5', 'unknown'] } })).sort()).toEqual(['c1', 'c5']);
        expect(ids(await courses.find({ where: { status: [] } }))).toEqual([]);
        expect(await courses.count({ where: { status: ['open'] } })).toBe(3);
      });

      it('searches case-insensitively for a substring in any of the fields', async () => {
        expect(ids(await courses.find({ search: { fields: ['title'], text: 'algebra' } })).sort()).toEqual(['c1', 'c3']);
        expect(ids(await courses.find({ search: { fields: ['title'], text: 'ALGEB' } })).sort()).toEqual(['c1', 'c3']);
        expect(ids(await courses.find({ search: { fields: ['title', 'description'], text: 'rings' } }))).toEqual(['c3']);
        expect(ids(await courses.find({ search: { fields: ['title'], text: 'rings' } }))).toEqual([]);
        expect(ids(await courses.find({ search: { fields: ['title'], text: 'nothing like this' } }))).toEqual([]);
      });

      it('searches Chinese text', async () => {
        expect(ids(await courses.find({ search: { fields: ['title'], text: '计算机' } }))).toEqual(['c2']);
        expect(ids(await courses.find({ search: { fields: ['title', 'description'], text: '程序设计' } }))).toEqual(['c2']);
        expect(ids(await courses.find({ search: { fields: ['title', 'description'], text: '唐诗' } }))).toEqual(['c4']);
        expect(await courses.count({ search: { fields: ['title', 'description'], text: '计算机' } })).toBe(1);
      });

      it('searches text that holds quotes, percent signs and underscores literally', async () => {
        expect(ids(await courses.find({ search: { fields: ['title', 'description'], text: '100%' } }))).toEqual(['c5']);
        expect(ids(await courses.find({ search: { fields: ['title', 'description'], text: '%' } }))).toEqual(['c5']);
        expect(ids(await courses.find({ search: { fields: ['description'], text: '_' } })).sort()).toEqual(['c5', 'c6']);
        expect(ids(await courses.find({ search: { fields: ['description'], text: 'snake_case' } }))).toEqual(['c6']);
        expect(ids(await courses.find({ search: { fields: ['description'], text: 'snakeXcase' } }))).toEqual([]);
        expect(ids(await courses.find({ search: { fields: ['title'], text: "o'brien" } }))).toEqual(['c6']);
        expect(ids(await courses.find({ search: { fields: ['title'], text: '"quoted"' } }))).toEqual(['c6']);
        expect(ids(await courses.find({ search: { fields: ['title'], text: "'; DROP TABLE x; --" } }))).toEqual([]);
        expect(await courses.count()).toBe(6);
      });

      it('combines where and search', async () => {
        expect(ids(await courses.find({ where: { status: 'closed' }, search: { fields: ['title'], text: 'algebra' } }))).toEqual(['c3']);
        expect(await courses.count({ where: { status: 'open' }, search: { fields: ['title', 'description'], text: '计算机' } })).toBe(1);
        expect(await courses.count({ where: { status: 'closed' }, search: { fields: ['title', 'description'], text: '计算机' } })).toBe(0);
      });

      it('sorts by several keys, numbers as numbers', async () => {
        const byLevel = await courses.find({ sort: [['level', 'asc'], ['title', 'asc']] });
        expect(byLevel.map((d) => [d.level, d.id])).toEqual([
          [1, 'c1'],
          [1, 'c6'],
          [2, 'c4'],
          [2, 'c2'],
          [3, 'c5'],
          [10, 'c3'],
        ]);
        const mixed = await courses.find({ sort: [['status', 'desc'], ['level', 'desc']] });
        expect(ids(mixed)).toEqual(['c5', 'c2', 'c1', 'c4', 'c3', 'c6']);
        const byPosition = await courses.find({ sort: [['_position', 'desc']] });
        expect(ids(byPosition)).toEqual(['c6', 'c5', 'c4', 'c3', 'c2', 'c1']);
      });

      it('pages with skip and limit', async () => {
        const sort: Array<[string, 'asc' | 'desc']> = [['_position', 'asc']];
        expect(ids(await courses.find({ sort, limit: 2 }))).toEqual(['c1', 'c2']);
        expect(ids(await courses.find({ sort, skip: 2, limit: 2 }))).toEqual(['c3', 'c4']);
        expect(ids(await courses.find({ sort, skip: 4 }))).toEqual(['c5', 'c6']);
        expect(ids(await courses.find({ sort, skip: 10, limit: 5 }))).toEqual([]);
        expect(ids(await courses.find({ where: { status: 'open' }, sort, skip: 1, limit: 1 }))).toEqual(['c2']);
      });

      it('pages a "one of" query in the order of the whole result (numbers, text, missing values, ties by id)', async () => {
        const titles = ['Algebra', 'algebra', '代数', 'Zoology', 'Ärger', '代数', 'Botany', 'Algebra'];
        await courses.write(
          titles.map((title, i) =>
            upsert(`p${String.fromCharCode(104 - i)}`, 100 + i, { title, status: (['open', 'closed', 'draft'] as const)[i % 3], level: i % 4, ...(i % 3 === 0 ? { credits: i } : i % 3 === 1 ? { credits: null } : {}) } as Course),
          ),
        );
        for (const sort of [
          [['credits', 'asc'], ['title', 'desc']],
          [['title', 'asc']],
          [['level', 'desc'], ['_position', 'asc']],
        ] as Array<Array<[string, 'asc' | 'desc']>>) {
          const where = { status: ['open', 'closed', 'draft'], level: [0, 1, 2, 3] };
          for (const oneOf of [{ status: ['closed', 'open'] }, { level: [3, 1, 0] }, { status: ['draft', 'open', 'closed'] }] as Array<Record<string, Scalar[]>>) {
            const all = ids(await courses.find({ where: oneOf, sort }));
            for (let skip = 0; skip <= all.length; skip += 2) expect({ sort, oneOf, skip, page: ids(await courses.find({ where: oneOf, sort, skip, limit: 3 })) }).toEqual({ sort, oneOf, skip, page: all.slice(skip, skip + 3) });
          }
          expect(ids(await courses.find({ where, sort, limit: 100 }))).toEqual(ids(await courses.find({ where, sort })));
        }
      });

      it('counts what find would return, ignoring tombstones', async () => {
        expect(await courses.count()).toBe(6);
        expect(await courses.count({ where: { status: 'open' } })).toBe(3);
        expect(await courses.count({ search: { fields: ['title'], text: 'algebra' } })).toBe(2);
        await courses.write([remove('c1', 50)]);
        expect(await courses.count()).toBe(5);
        expect(await courses.count({ where: { status: 'open' } })).toBe(2);
        expect(await courses.count({ search: { fields: ['title'], text: 'algebra' } })).toBe(1);
      });
    });

    describe('checkpoints', () => {
      it('loads 0 for a subscription that never stored one', async () => {
        expect(await store.checkpoints.load(`contract-${randomUUID()}`)).toBe(0);
      });

      it('stores and loads a checkpoint per subscription, the last store winning', async () => {
        const a = `contract-a-${randomUUID()}`;
        const b = `contract-b-${randomUUID()}`;
        await store.checkpoints.store(a, 10);
        await store.checkpoints.store(b, 3);
        await store.checkpoints.store(a, 25);
        expect(await store.checkpoints.load(a)).toBe(25);
        expect(await store.checkpoints.load(b)).toBe(3);
        // A rebuild starts again from 0.
        await store.checkpoints.store(b, 0);
        expect(await store.checkpoints.load(b)).toBe(0);
      });

      it('resumes from the stored checkpoint: events up to it are not applied again', async () => {
        const subscription = `contract-resume-${randomUUID()}`;
        const events = Array.from({ length: 10 }, (_, n) => ({ position: n + 1, id: `doc-${n % 3}`, title: `title ${n + 1}` }));
        /** Delivers the events after the stored checkpoint, re-delivering the last `overlap` already applied. */
        const project = async (upTo: number, overlap = 0): Promise<number> => {
          const after = await store.checkpoints.load(subscription);
          const batch = events.filter((e) => e.position > after - overlap && e.position <= upTo);
          const applied = await courses.write(batch.map((e) => upsert(e.id, e.position, { title: e.title, status: 'open', level: 1 } as Course)));
          if (batch.length) await store.checkpoints.store(subscription, batch[batch.length - 1].position);
          return applied;
        };
        expect(await project(6)).toBe(6);
        expect(await store.checkpoints.load(subscription)).toBe(6);
        // Resuming with a redelivery of 5..6 (at-least-once) still applies only 7..10.
        expect(await project(10, 2)).toBe(4);
        expect(await store.checkpoints.load(subscription)).toBe(10);
        expect((await courses.find({ sort: [['id', 'asc']] })).map((d) => [d.id, d._position, d.title])).toEqual([
          ['doc-0', 10, 'title 10'],
          ['doc-1', 8, 'title 8'],
          ['doc-2', 9, 'title 9'],
        ]);
      });
    });

    it('keeps documents, tombstones and checkpoints across a restart (when the adapter can reopen)', async () => {
      if (!under.reopen) return;
      const name = `contract_durable_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
      await store.collection<Course>(name).write([upsert('keep', 1, { title: '保留', status: 'open', level: 1 }), upsert('gone', 2, { title: 'x', status: 'open', level: 1 }), remove('gone', 3)]);
      const subscription = `contract-durable-${randomUUID()}`;
      await store.checkpoints.store(subscription, 3);
      const reopened = await under.reopen();
      expect(await reopened.checkpoints.load(subscription)).toBe(3);
      const again = reopened.collection<Course>(name);
      expect(await again.get('keep')).toEqual({ id: 'keep', _position: 1, title: '保留', status: 'open', level: 1 });
      expect(await again.get('gone')).toBeUndefined();
      expect(await again.write([upsert('gone', 2, { title: 'x', status: 'open', level: 1 })])).toBe(0);
      expect(await again.count()).toBe(1);
    });
  });
}
