import { ReadCollection, WriteOp } from '@credit-bank/kernel';

/**
 * The documents a projection touches in one batch: read once from the collection, then kept here
 * so later events of the batch build on earlier ones, and written in one bulk at the end. Each
 * document remembers the position of the last event applied to it; `stale` tells whether an event
 * was applied already (a replay or an overlapping batch), so applying events twice changes nothing.
 */
export class BatchDocuments<T extends object> {
  private readonly docs = new Map<string, { doc: T | null; position: number }>();
  private readonly ops: Array<WriteOp<T>> = [];

  constructor(private readonly collection: ReadCollection<T>) {}

  async get(id: string): Promise<{ doc: T | null; position: number } | undefined> {
    const cached = this.docs.get(id);
    if (cached) return cached;
    const found = await this.collection.get(id);
    if (!found) return undefined;
    const { id: _id, _position, ...doc } = found as T & { id: string; _position: number };
    const entry = { doc: doc as unknown as T, position: _position };
    this.docs.set(id, entry);
    return entry;
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
