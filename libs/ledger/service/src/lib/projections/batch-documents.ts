import { ReadCollection, WriteOp } from '@credit-bank/kernel';

type Entry<T> = { doc: T | null; position: number };

/**
 * The documents a projection touches in one batch: loaded from the collection in one round
 * (`load`, with every id the batch names), then kept here so later events of the batch build on
 * earlier ones, and written in one bulk at the end. An id found missing is remembered too, so a
 * new document costs no second lookup. Each document remembers the position of the last event
 * applied to it; `stale` tells whether an event was applied already (a replay or an overlapping
 * batch), so applying events twice changes nothing.
 */
export class BatchDocuments<T extends object> {
  private readonly docs = new Map<string, Entry<T> | 'missing'>();
  private readonly ops: Array<WriteOp<T>> = [];

  constructor(private readonly collection: ReadCollection<T>) {}

  /** Loads, in one round, the documents of these ids that are not known yet (misses remembered). */
  async load(ids: Iterable<string>): Promise<void> {
    const wanted = [...new Set(ids)].filter((id) => !this.docs.has(id));
    if (!wanted.length) return;
    for (const id of wanted) this.docs.set(id, 'missing');
    for (const found of await this.collection.getMany(wanted)) {
      const { id, _position, ...doc } = found as T & { id: string; _position: number };
      this.docs.set(id, { doc: doc as unknown as T, position: _position });
    }
  }

  async get(id: string): Promise<Entry<T> | undefined> {
    if (!this.docs.has(id)) await this.load([id]);
    const cached = this.docs.get(id);
    return cached === 'missing' ? undefined : cached;
  }

  /** True when the document already has the event at `position` (or a later one). */
  async stale(id: string, position: number): Promise<boolean> {
    const current = await this.get(id);
    return current !== undefined && current.position >= position;
  }

  put(id: string, doc: T, position: number): void {
    this.docs.set(id, { doc, position });
    this.ops.push({ kind: 'upsert', id, doc, position });
  }

  /** Deletes the document (the store keeps a tombstone at `position`, so a replayed upsert stays deleted). */
  remove(id: string, position: number): void {
    this.docs.set(id, { doc: null, position });
    this.ops.push({ kind: 'delete', id, position });
  }

  async flush(): Promise<void> {
    if (this.ops.length) await this.collection.write(this.ops.splice(0));
  }
}
