import { CheckpointStore, ReadCollection, ReadQuery, ReadStore, Scalar, StoredDocument, WriteOp } from '@credit-bank/kernel';
import { createHash } from 'node:crypto';
import mongoose from 'mongoose';
import { isDuplicateKey, MongoDatabase, MongoSource } from './mongo-connection';

type Db = mongoose.mongo.Db;
type Filter = mongoose.mongo.Filter<StoredRow>;

/**
 * A document as stored: the read model's fields under `doc` (so that no field of a read model can
 * collide with the bookkeeping fields), the id as `_id`, the position of the last applied write as
 * `_position`, and `_deleted` for tombstones (which have no `doc`).
 */
interface StoredRow {
  _id: string;
  _position: number;
  _deleted: boolean;
  doc?: Record<string, unknown>;
}

interface CheckpointRow {
  _id: string;
  position: number;
  updatedAt: Date;
}

/** Top-level document fields that queries may name (the same rule as the SQLite read store). */
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Collection names used as they are (behind the `rm_` prefix). Others are sanitized and hashed. */
const PLAIN_COLLECTION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,95}$/;
export const CHECKPOINTS_COLLECTION = 'read_checkpoints';
const POSITION_INDEX = 'ix_position';

/**
 * The read-store port on MongoDB (and FerretDB v1.24, which speaks its wire protocol): one MongoDB
 * collection per read-model collection, named {@link mongoCollectionName}, holding
 * `{ _id, _position, _deleted, doc }`; checkpoints in `read_checkpoints` as `{ _id, position,
 * updatedAt }`.
 *
 * Writes go in bulk: one query reads the stored positions of the ids in the batch, the batch is
 * folded in memory (in order; a write applies only if its position is greater than the stored one
 * or the last applied one in the batch), and the surviving final state of each id is sent with
 * unordered `bulkWrite`s: `insertOne` for ids not stored yet, `replaceOne` upserts guarded by
 * `{ _id, _position: { $lt: position } }` for the others (in commands of at most
 * {@link MAX_UPDATES_PER_COMMAND} statements, a FerretDB limit). When the stored document is newer,
 * the guard does not match, the upsert tries to insert the same `_id` and the server answers a
 * duplicate-key error: that write is correctly skipped. A duplicate key can also come from another
 * writer inserting a new id between our read and our insert; such writes are retried once as
 * guarded upserts, where the guard then decides. The batch is not atomic across documents (FerretDB has no
 * transactions): a failure may leave part of it applied, which a replay from the checkpoint repairs.
 *
 * Documents go through JSON (as in the SQLite read store): a `Date` comes back as its ISO string.
 * Field names inside documents must not contain `.` nor start with `$` (FerretDB refuses them).
 * Only features FerretDB v1.24 also has are used: no transactions, change streams, pipelines in
 * updates, TTL or partial indexes.
 */
export class MongoReadStore implements ReadStore {
  readonly checkpoints: CheckpointStore;
  private readonly database: MongoDatabase;
  private readonly collections = new Map<string, MongoReadCollection<object>>();

  constructor(source: MongoSource) {
    this.database = new MongoDatabase(source, 'MongoReadStore');
    this.checkpoints = new MongoCheckpointStore(() => this.database.db());
  }

  collection<T extends object>(name: string): ReadCollection<T> {
    if (this.database.isClosed) throw new Error('MongoReadStore is closed');
    let collection = this.collections.get(name);
    if (!collection) {
      collection = new MongoReadCollection<object>(() => this.database.db(), mongoCollectionName(name));
      this.collections.set(name, collection);
    }
    return collection as unknown as ReadCollection<T>;
  }

  /**
   * Creates (if missing) an index on top-level document fields of a collection, so that `where`
   * equalities and `sort` on them stop scanning. Field names as in queries (`id`, `_position` or a
   * top-level field). Returns the index name.
   */
  async ensureIndex(collectionName: string, fields: string[]): Promise<string> {
    if (!fields.length) throw new Error('MongoReadStore.ensureIndex: name at least one field');
    const paths = fields.map(fieldPath);
    const table = mongoCollectionName(collectionName);
    let name = `ix_${fields.map((f) => f.toLowerCase().replace(/[^a-z0-9_]/g, '_')).join('__')}`;
    if (name.length > 60) name = `${name.slice(0, 47)}_${shortHash(fields.join('\u0000'))}`;
    const spec: Record<string, 1> = { _deleted: 1 };
    for (const path of paths) spec[path] = 1;
    const db = await this.database.db();
    await db.collection(table).createIndex(spec, { name });
    return name;
  }

  /** The MongoDB collection that holds a read-model collection. */
  collectionNameFor(name: string): string {
    return mongoCollectionName(name);
  }

  async close(): Promise<void> {
    this.collections.clear();
    await this.database.close();
  }
}

class MongoReadCollection<T extends object> implements ReadCollection<T> {
  private indexes: Promise<void> | undefined;

  constructor(
    private readonly db: () => Promise<Db>,
    readonly mongoName: string,
  ) {}

  /**
   * By `{_id}` alone, the tombstone filtered here: FerretDB pushes a bare `_id` equality down to its
   * backend, but `{_id, _deleted: false}` decodes the whole collection (the cost followed its size).
   */
  async get(id: string): Promise<(T & StoredDocument) | undefined> {
    const collection = await this.collection();
    const row = await collection.findOne({ _id: id });
    return row && !row._deleted ? toDocument<T>(row) : undefined;
  }

  async getMany(ids: readonly string[]): Promise<Array<T & StoredDocument>> {
    const rows = await this.rowsById([...new Set(ids)]);
    return rows.filter((row) => !row._deleted).map((row) => toDocument<T>(row));
  }

  async find(query: ReadQuery = {}): Promise<Array<T & StoredDocument>> {
    const filter = buildFilter(query);
    const sort = buildSort(query.sort);
    const limit = nonNegativeInteger(query.limit, 'limit');
    const skip = nonNegativeInteger(query.skip, 'skip');
    // MongoDB reads `limit: 0` as "no limit"; the port means none.
    if (limit === 0) return [];
    const collection = await this.collection();
    const rows = await collection
      .find(filter, { sort, ...(skip ? { skip } : {}), ...(limit !== undefined ? { limit } : {}) })
      .toArray();
    return rows.map((row) => toDocument<T>(row));
  }

  async count(query: Omit<ReadQuery, 'sort' | 'skip' | 'limit'> = {}): Promise<number> {
    const filter = buildFilter(query);
    const collection = await this.collection();
    return collection.countDocuments(filter);
  }

  async write(ops: Array<WriteOp<T>>): Promise<number> {
    if (!ops.length) return 0;
    // Validate and serialize everything first: nothing is written if one op is malformed.
    const prepared = ops.map(prepareWrite);
    const collection = await this.collection();

    // Positions stored now, then the batch folded in order: what survives per id, and how many
    // writes of the batch applied on the way.
    const ids = [...new Set(prepared.map((op) => op.id))];
    const current = new Map<string, number>();
    for (const row of await this.rowsById(ids, { _position: 1 })) current.set(row._id, row._position);
    const storedBefore = new Set(current.keys());
    const finals = new Map<string, { op: PreparedWrite; applied: number }>();
    for (const op of prepared) {
      const stored = current.get(op.id);
      if (stored !== undefined && op.position <= stored) continue;
      current.set(op.id, op.position);
      const final = finals.get(op.id);
      if (final) {
        final.op = op;
        final.applied++;
      } else {
        finals.set(op.id, { op, applied: 1 });
      }
    }
    if (!finals.size) return 0;

    const entries = [...finals.values()];
    let refused = await applyFinalWrites(collection, entries.map((e) => e.op), storedBefore);
    if (refused.size) {
      // A duplicate key on the first try may be a race on a new id (another writer inserted it
      // after our read): try once more as guarded upserts, the guard now decides. A duplicate key
      // again means the stored document is at least as new.
      const retried = [...refused];
      const again = await applyFinalWrites(collection, retried.map((i) => entries[i].op), storedBefore, true);
      refused = new Set(retried.filter((_, n) => again.has(n)));
    }
    let applied = 0;
    entries.forEach((entry, i) => {
      if (!refused.has(i)) applied += entry.applied;
    });
    return applied;
  }

  async clear(): Promise<void> {
    const collection = await this.collection();
    await collection.deleteMany({});
  }

  /**
   * The stored rows (tombstones included) of distinct ids, one `{_id}` lookup each, sent at once:
   * the one filter every server answers from the primary key (FerretDB does not push `_id: {$in}`
   * down to its backend and would decode the whole collection), so the cost follows the number of
   * ids, never the collection's size.
   */
  private async rowsById(ids: readonly string[], projection?: Record<string, 1>): Promise<StoredRow[]> {
    if (!ids.length) return [];
    const collection = await this.collection();
    const rows: StoredRow[] = [];
    for (let from = 0; from < ids.length; from += MAX_PARALLEL_LOOKUPS) {
      const found = await Promise.all(ids.slice(from, from + MAX_PARALLEL_LOOKUPS).map((id) => collection.findOne({ _id: id }, projection ? { projection } : {})));
      for (const row of found) if (row) rows.push(row);
    }
    return rows;
  }

  private async collection(): Promise<mongoose.mongo.Collection<StoredRow>> {
    const db = await this.db();
    const collection = db.collection<StoredRow>(this.mongoName);
    if (!this.indexes) {
      this.indexes = collection
        .createIndex({ _position: 1 }, { name: POSITION_INDEX })
        .then(() => undefined)
        .catch((error: unknown) => {
          this.indexes = undefined;
          throw error;
        });
    }
    await this.indexes;
    return collection;
  }
}

/**
 * FerretDB v1.24 (SQLite backend) never answers an `update` command holding 100 statements or
 * more (measured: 99 answer in ~0.8 s, 100 hang); the driver would send a whole bulk in one
 * command, so updates go in commands of at most this many statements.
 */
export const MAX_UPDATES_PER_COMMAND = 64;
/** `{_id}` lookups in flight at once for one `getMany` or write (below the driver's pool of 100). */
const MAX_PARALLEL_LOOKUPS = 32;
/** Inserts have no such limit; commands of this many keep each round trip bounded. */
const MAX_INSERTS_PER_COMMAND = 1000;

/**
 * Sends the final write of each id (distinct ids), unordered: an `insertOne` for an id that was not
 * stored when the batch was read (cheap on FerretDB, whose updates scan), a guarded `replaceOne`
 * upsert for the others (`upsertAll` forces the latter for every write). Returns the indexes of the
 * writes refused with a duplicate key (the id exists and the guard did not match: the stored
 * document is not older, or a concurrent writer inserted it first); other errors throw.
 */
async function applyFinalWrites(collection: mongoose.mongo.Collection<StoredRow>, writes: PreparedWrite[], stored: ReadonlySet<string>, upsertAll = false): Promise<Set<number>> {
  const inserts: number[] = [];
  const updates: number[] = [];
  writes.forEach((w, i) => (!upsertAll && !stored.has(w.id) ? inserts : updates).push(i));
  const refused = new Set<number>();
  const send = async (indexes: number[], toOperation: (w: PreparedWrite) => mongoose.mongo.AnyBulkWriteOperation<StoredRow>): Promise<void> => {
    try {
      await collection.bulkWrite(
        indexes.map((i) => toOperation(writes[i])),
        { ordered: false },
      );
    } catch (error) {
      if (!(error instanceof mongoose.mongo.MongoBulkWriteError)) throw error;
      const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
      // A bulk error without write errors (write concern, network) is a real failure.
      if (!writeErrors.length) throw error;
      for (const writeError of writeErrors) {
        if (!isDuplicateKey(writeError)) throw error;
        refused.add(indexes[writeError.index]);
      }
    }
  };
  for (let from = 0; from < inserts.length; from += MAX_INSERTS_PER_COMMAND) {
    await send(inserts.slice(from, from + MAX_INSERTS_PER_COMMAND), (w) => ({ insertOne: { document: storedRow(w) } }));
  }
  for (let from = 0; from < updates.length; from += MAX_UPDATES_PER_COMMAND) {
    await send(updates.slice(from, from + MAX_UPDATES_PER_COMMAND), (w) => ({
      replaceOne: { filter: { _id: w.id, _position: { $lt: w.position } }, replacement: storedRow(w), upsert: true },
    }));
  }
  return refused;
}

function storedRow(w: PreparedWrite): StoredRow {
  return w.doc ? { _id: w.id, _position: w.position, _deleted: false, doc: w.doc } : { _id: w.id, _position: w.position, _deleted: true };
}

class MongoCheckpointStore implements CheckpointStore {
  constructor(private readonly db: () => Promise<Db>) {}

  async load(subscriptionId: string): Promise<number> {
    const db = await this.db();
    const row = await db.collection<CheckpointRow>(CHECKPOINTS_COLLECTION).findOne({ _id: subscriptionId });
    return row?.position ?? 0;
  }

  async store(subscriptionId: string, position: number): Promise<void> {
    if (typeof position !== 'number' || !Number.isFinite(position) || position < 0) {
      throw new TypeError(`Checkpoint position must be a non-negative number, got ${String(position)}`);
    }
    const db = await this.db();
    const collection = db.collection<CheckpointRow>(CHECKPOINTS_COLLECTION);
    const replace = () => collection.replaceOne({ _id: subscriptionId }, { position, updatedAt: new Date() }, { upsert: true });
    try {
      await replace();
    } catch (error) {
      // Two first stores of one subscription at once: the loser's upsert meets the new _id.
      if (!isDuplicateKey(error)) throw error;
      await replace();
    }
  }
}

interface PreparedWrite {
  id: string;
  position: number;
  /** The document (a JSON copy, without `id` and `_position`), or null for a delete. */
  doc: Record<string, unknown> | null;
}

function prepareWrite<T extends object>(op: WriteOp<T>): PreparedWrite {
  if (typeof op.id !== 'string' || op.id.length === 0) throw new TypeError('A read-store write needs a non-empty string id');
  if (typeof op.position !== 'number' || !Number.isFinite(op.position)) {
    throw new TypeError(`A read-store write needs a finite position (id ${op.id}, got ${String(op.position)})`);
  }
  switch (op.kind) {
    case 'upsert': {
      if (typeof op.doc !== 'object' || op.doc === null || Array.isArray(op.doc)) throw new TypeError(`An upsert needs an object document (id ${op.id})`);
      const { id: _id, _position: _ignored, ...rest } = op.doc as Record<string, unknown>;
      // Through JSON, like the SQLite store: a copy, dates as ISO strings, undefined dropped.
      const doc = JSON.parse(JSON.stringify(rest)) as Record<string, unknown>;
      checkKeys(doc, op.id);
      return { id: op.id, position: op.position, doc };
    }
    case 'delete':
      return { id: op.id, position: op.position, doc: null };
    default:
      throw new TypeError(`Unknown read-store write kind: ${String((op as { kind?: unknown }).kind)}`);
  }
}

/** Keys FerretDB (and MongoDB's query language) cannot hold: with a `.`, starting with `$`, or with NUL. */
function checkKeys(value: unknown, id: string): void {
  if (Array.isArray(value)) {
    for (const item of value) checkKeys(item, id);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes('.') || key.startsWith('$') || key.includes('\u0000')) {
        throw new TypeError(`Read-store documents cannot have a field named ${JSON.stringify(key)} (id ${id}): no '.', no leading '$'`);
      }
      checkKeys(item, id);
    }
  }
}

function toDocument<T>(row: StoredRow): T & StoredDocument {
  return { ...((row.doc ?? {}) as T), id: row._id, _position: row._position };
}

/** The filter of a query, always hiding tombstones. */
function buildFilter(query: Pick<ReadQuery, 'where' | 'search'>): Filter {
  const clauses: Filter[] = [{ _deleted: false }];
  for (const [field, value] of Object.entries(query.where ?? {})) {
    if (value === undefined) continue;
    const path = fieldPath(field);
    const values = Array.isArray(value) ? value : [value];
    for (const v of values) checkScalar(field, v);
    // `null` matches a null or a missing field, as in the SQLite store; `$in: []` matches nothing.
    clauses.push(Array.isArray(value) ? { [path]: { $in: values } } : { [path]: value });
  }
  const search = query.search;
  if (search && typeof search.text === 'string' && search.text.length > 0 && search.fields.length > 0) {
    const pattern = escapeRegex(search.text);
    // A string field, or any string element of an array field (MongoDB matches array elements).
    clauses.push({ $or: search.fields.map((field) => ({ [fieldPath(field)]: { $regex: pattern, $options: 'i' } })) });
  }
  return clauses.length === 1 ? clauses[0] : { $and: clauses };
}

function checkScalar(field: string, value: Scalar): void {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return;
  if (typeof value === 'number' && Number.isFinite(value)) return;
  throw new TypeError(`where.${field}: only strings, finite numbers, booleans and null can be compared (got ${typeof value})`);
}

function buildSort(sort: ReadQuery['sort']): Array<[string, 1 | -1]> {
  const keys: Array<[string, 1 | -1]> = (sort ?? []).map(([field, direction]) => {
    if (direction !== 'asc' && direction !== 'desc') throw new TypeError(`sort ${field}: direction must be 'asc' or 'desc'`);
    return [fieldPath(field), direction === 'asc' ? 1 : -1];
  });
  // A stable order whatever the keys: ties fall back to the id.
  if (!keys.some(([path]) => path === '_id')) keys.push(['_id', 1]);
  return keys;
}

/** The stored path of a query field: the id and position fields, or a field of `doc`. */
function fieldPath(field: string): string {
  if (field === 'id') return '_id';
  if (field === '_position') return '_position';
  if (typeof field !== 'string' || !FIELD_NAME.test(field)) {
    throw new TypeError(`Read-store queries accept top-level field names of letters, digits and _ only, got ${JSON.stringify(field)}`);
  }
  return `doc.${field}`;
}

/** Every regex metacharacter escaped: the text is matched literally. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function nonNegativeInteger(value: number | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < 0) throw new TypeError(`${what} must be a non-negative integer, got ${String(value)}`);
  return value;
}

/**
 * The MongoDB collection of a read-model collection: `rm_<name>` for names of letters, digits and
 * `_` (at most 96 characters), else `rmx_<sanitized>_<hash>`; distinct names never share a
 * collection, and every result is a valid FerretDB collection name.
 */
export function mongoCollectionName(name: string): string {
  if (typeof name !== 'string' || name.length === 0) throw new Error('MongoReadStore: a collection name must be a non-empty string');
  if (PLAIN_COLLECTION_NAME.test(name)) return `rm_${name}`;
  const sanitized = name
    .replace(/[^A-Za-z0-9_]/g, '_')
    .slice(0, 48);
  return `rmx_${sanitized}_${shortHash(name)}`;
}

function shortHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 12);
}
