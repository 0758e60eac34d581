import { CheckpointStore, ReadCollection, ReadQuery, ReadStore, Scalar, StoredDocument, WriteOp } from '@credit-bank/kernel';
import { ensurePrivateSqliteFile } from '@credit-bank/platform';
import Database from 'better-sqlite3';

export type SqliteSynchronous = 'FULL' | 'NORMAL';

export interface SqliteReadStoreOptions {
  /**
   * Path of the database file (created if missing), or `':memory:'` for a private in-memory store
   * (no WAL, nothing shared with other instances).
   */
  filename: string;
  /**
   * `PRAGMA synchronous`. `NORMAL` (default; WAL): a power loss may drop the last commits, which
   * the projections re-apply from their checkpoints. `FULL`: every commit is fsynced.
   */
  synchronous?: SqliteSynchronous;
  /** How long a write waits for another connection's lock (`PRAGMA busy_timeout`). Default 5000 ms. */
  busyTimeoutMs?: number;
}

/** A row of a collection table as SQLite returns it. */
interface DocumentRow {
  id: string;
  position: number;
  doc: string;
}

type SqlValue = string | number | null;

interface Filter {
  sql: string;
  params: SqlValue[];
}

/** Top-level document fields that queries may name. Anything else is refused (it ends up in SQL). */
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** The SQL function folding text for case-insensitive search (JavaScript's Unicode lower-casing). */
const FOLD = 'cb_fold';
const MAX_CACHED_STATEMENTS = 256;
/** Ids per `getMany` statement (one statement per chunk size keeps the statement cache small). */
const MAX_IDS_PER_LOOKUP = 200;
/** A "one of" with more values than this is left to SQLite (an `IN`) rather than run value by value. */
const MAX_MERGED_VALUES = 8;

/**
 * The read-store port on one SQLite file (better-sqlite3, WAL): one table per collection with
 * columns `id` (primary key), `position` (the `_position` of the last applied write), `deleted`
 * (tombstone flag) and `doc` (the document as JSON, without `id` and `_position`).
 *
 * Tables are created on first use; a collection name is mapped to a table name of `[a-z0-9_]`
 * (prefixed `rm_`) and the mapping is kept in `read_collections`, so two names that sanitize alike
 * (`a-b`, `a_b`) still get distinct tables. Documents go through JSON: a `Date` comes back as its
 * ISO string.
 *
 * All calls run synchronously on the single connection (better-sqlite3) and return settled
 * promises; a bulk `write` is one transaction.
 */
export class SqliteReadStore implements ReadStore {
  readonly checkpoints: CheckpointStore;
  private readonly db: Database.Database;
  private readonly collections = new Map<string, SqliteReadCollection<object>>();
  private readonly statements = new Map<string, Database.Statement>();
  private closed = false;

  constructor(options: SqliteReadStoreOptions) {
    const synchronous = options.synchronous ?? 'NORMAL';
    if (synchronous !== 'FULL' && synchronous !== 'NORMAL') throw new Error(`SqliteReadStore: synchronous must be FULL or NORMAL, got ${String(synchronous)}`);
    const busyTimeoutMs = options.busyTimeoutMs ?? 5000;
    ensurePrivateSqliteFile(options.filename);
    this.db = new Database(options.filename, { timeout: busyTimeoutMs });
    try {
      this.db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
      if (options.filename !== ':memory:' && options.filename !== '') this.db.pragma('journal_mode = WAL');
      this.db.pragma(`synchronous = ${synchronous}`);
      // Replaced and deleted documents are zeroed in the file, not left in free space (erasure).
      this.db.pragma('secure_delete = ON');
      this.db.function(FOLD, { deterministic: true }, (value: unknown) => (typeof value === 'string' ? value.toLowerCase() : null));
      this.db.exec(`
        CREATE TABLE IF NOT EXISTS read_collections (
          name TEXT PRIMARY KEY,
          table_name TEXT NOT NULL UNIQUE
        );
        CREATE TABLE IF NOT EXISTS checkpoints (
          subscription_id TEXT PRIMARY KEY,
          position INTEGER NOT NULL,
          updated_at TEXT NOT NULL
        );
      `);
    } catch (error) {
      this.db.close();
      throw error;
    }
    this.checkpoints = new SqliteCheckpointStore(this.db);
  }

  collection<T extends object>(name: string): ReadCollection<T> {
    this.assertOpen();
    let collection = this.collections.get(name);
    if (!collection) {
      collection = new SqliteReadCollection<object>(this.db, this.tableFor(name), (sql) => this.statement(sql));
      this.collections.set(name, collection);
    }
    return collection as unknown as ReadCollection<T>;
  }

  /**
   * Creates (if missing) an index on top-level document fields of a collection, so `where`
   * equalities and `sort` on them stop scanning. Field names as in queries (`id`, `_position` or a
   * top-level field). Returns the index name.
   */
  ensureIndex(collectionName: string, fields: string[]): string {
    this.assertOpen();
    if (!fields.length) throw new Error('SqliteReadStore.ensureIndex: name at least one field');
    const table = this.tableFor(collectionName);
    // The tombstone flag first: every query filters on it, so a count is answered from the index
    // alone (no row read per match) and a page reads only the rows it returns.
    const expressions = ['deleted', ...fields.map(fieldExpression)];
    const index = `ix_${table}__${fields.map((f) => f.toLowerCase().replace(/[^a-z0-9_]/g, '_')).join('__')}`.slice(0, 117);
    const name = `${index}__d`;
    this.db.exec(`CREATE INDEX IF NOT EXISTS ${quoteIdentifier(name)} ON ${quoteIdentifier(table)} (${expressions.join(', ')})`);
    // The same index without the flag, as earlier versions made it, is only a cost on every write.
    this.db.exec(`DROP INDEX IF EXISTS ${quoteIdentifier(index)}`);
    return name;
  }

  /** SQLite's `EXPLAIN QUERY PLAN` of a collection's `find` and `count` for a query (to check that an index answers it). */
  queryPlan(collectionName: string, query: ReadQuery = {}): { find: string[]; count: string[] } {
    return (this.collection(collectionName) as unknown as SqliteReadCollection<object>).queryPlan(query);
  }

  /** SQLite's `EXPLAIN QUERY PLAN` of a collection's `getMany` for `count` ids (to check that the primary key answers it). */
  lookupPlan(collectionName: string, count: number): string[] {
    return (this.collection(collectionName) as unknown as SqliteReadCollection<object>).lookupPlan(count);
  }

  /** The SQLite table that holds a collection (created if missing). */
  tableFor(collectionName: string): string {
    this.assertOpen();
    if (typeof collectionName !== 'string' || collectionName.length === 0) throw new Error('SqliteReadStore: a collection name must be a non-empty string');
    const existing = this.db.prepare('SELECT table_name FROM read_collections WHERE name = ?').get(collectionName) as { table_name: string } | undefined;
    if (existing) {
      createCollectionTable(this.db, existing.table_name);
      return existing.table_name;
    }
    return this.db.transaction(() => {
      const base = `rm_${sanitizeName(collectionName)}`;
      const taken = this.db.prepare('SELECT 1 FROM read_collections WHERE table_name = ?');
      let table = base;
      for (let n = 2; taken.get(table); n++) table = `${base}_${n}`;
      this.db.prepare('INSERT INTO read_collections (name, table_name) VALUES (?, ?)').run(collectionName, table);
      createCollectionTable(this.db, table);
      return table;
    }).immediate();
  }

  /** Names of every collection this file holds (for audits and dumps). */
  collectionNames(): string[] {
    this.assertOpen();
    return (this.db.prepare('SELECT name FROM read_collections ORDER BY name').all() as Array<{ name: string }>).map((r) => r.name);
  }

  /**
   * Checkpoints the write-ahead log into the file and truncates it: the log still holds the pages
   * as they were before the last writes (an erased person's documents), the file itself was
   * written with `secure_delete`. A reader holding an old snapshot (another connection) can keep
   * part of the log alive until the next call.
   */
  async purgeReplaced(): Promise<void> {
    this.assertOpen();
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.statements.clear();
    this.collections.clear();
    this.db.close();
  }

  private statement(sql: string): Database.Statement {
    this.assertOpen();
    let statement = this.statements.get(sql);
    if (statement) {
      // Keep the map in least-recently-used order.
      this.statements.delete(sql);
    } else {
      statement = this.db.prepare(sql);
      if (this.statements.size >= MAX_CACHED_STATEMENTS) {
        const oldest = this.statements.keys().next().value;
        if (oldest !== undefined) this.statements.delete(oldest);
      }
    }
    this.statements.set(sql, statement);
    return statement;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('SqliteReadStore is closed');
  }
}

class SqliteReadCollection<T extends object> implements ReadCollection<T> {
  private readonly table: string;
  private readonly getStatement: Database.Statement;
  private readonly upsertStatement: Database.Statement;
  private readonly deleteStatement: Database.Statement;
  private readonly writeAll: (ops: PreparedWrite[]) => number;

  constructor(
    private readonly db: Database.Database,
    tableName: string,
    private readonly statement: (sql: string) => Database.Statement,
  ) {
    this.table = quoteIdentifier(tableName);
    this.getStatement = db.prepare(`SELECT id, position, doc FROM ${this.table} WHERE id = ? AND deleted = 0`);
    // The guard: an existing row is only replaced by a strictly newer position.
    this.upsertStatement = db.prepare(
      `INSERT INTO ${this.table} (id, position, deleted, doc) VALUES (?, ?, 0, ?)
       ON CONFLICT (id) DO UPDATE SET position = excluded.position, deleted = 0, doc = excluded.doc
       WHERE excluded.position > ${this.table}.position`,
    );
    this.deleteStatement = db.prepare(
      `INSERT INTO ${this.table} (id, position, deleted, doc) VALUES (?, ?, 1, NULL)
       ON CONFLICT (id) DO UPDATE SET position = excluded.position, deleted = 1, doc = NULL
       WHERE excluded.position > ${this.table}.position`,
    );
    this.writeAll = db.transaction((ops: PreparedWrite[]) => {
      let applied = 0;
      for (const op of ops) {
        const result = op.doc === null ? this.deleteStatement.run(op.id, op.position) : this.upsertStatement.run(op.id, op.position, op.doc);
        applied += result.changes;
      }
      return applied;
    });
  }

  async get(id: string): Promise<(T & StoredDocument) | undefined> {
    const row = this.getStatement.get(id) as DocumentRow | undefined;
    return row ? toDocument<T>(row) : undefined;
  }

  async getMany(ids: readonly string[]): Promise<Array<T & StoredDocument>> {
    const distinct = [...new Set(ids)];
    const rows: DocumentRow[] = [];
    // Primary-key lookups, in chunks well below SQLite's bound-parameter limit.
    for (let from = 0; from < distinct.length; from += MAX_IDS_PER_LOOKUP) {
      const chunk = distinct.slice(from, from + MAX_IDS_PER_LOOKUP);
      rows.push(...(this.statement(this.lookupSql(chunk.length)).all(...chunk) as DocumentRow[]));
    }
    return rows.map((row) => toDocument<T>(row));
  }

  /**
   * `getMany`'s statement for `count` ids. `+deleted` keeps the tombstone flag out of index
   * choice: every secondary index leads with it, and with five or more ids in the `IN` SQLite
   * preferred such an index (`deleted = 0`: every live row) to the primary key — a batch's
   * lookup read the whole collection (0.8 ms at 10,000 documents, growing with them).
   */
  lookupSql(count: number): string {
    return `SELECT id, position, doc FROM ${this.table} WHERE id IN (${Array.from({ length: count }, () => '?').join(', ')}) AND +deleted = 0`;
  }

  /** SQLite's `EXPLAIN QUERY PLAN` of `getMany` for `count` ids. */
  lookupPlan(count: number): string[] {
    const ids = Array.from({ length: count }, (_, n) => `id-${n}`);
    return (this.db.prepare(`EXPLAIN QUERY PLAN ${this.lookupSql(count)}`).all(...ids) as Array<{ detail: string }>).map((row) => row.detail);
  }

  async find(query: ReadQuery = {}): Promise<Array<T & StoredDocument>> {
    const split = splitOneOf(query);
    if (split) return this.findMerged(query, split);
    const { sql, params } = this.findStatement(query);
    const rows = this.statement(sql).all(...params) as DocumentRow[];
    return rows.map((row) => toDocument<T>(row));
  }

  /**
   * A page of a query whose `where` holds one "one of" field (an inbox's two addressees, a
   * queue's open statuses): SQLite cannot walk an index in the sort's order across the values of
   * an `IN`, so it would sort every match before taking the page. One query per value instead,
   * each walked in order up to `skip + limit`, merged here in the same order: the work follows
   * the page, not the number of matches.
   */
  private findMerged(query: ReadQuery, split: { field: string; values: Scalar[] }): Array<T & StoredDocument> {
    const skip = query.skip ?? 0;
    const limit = query.limit as number;
    const keys = [...(query.sort ?? []), ['id', 'asc'] as [string, 'asc' | 'desc']];
    const rows: Array<{ row: DocumentRow; key: unknown[] }> = [];
    for (const value of split.values) {
      const part = { ...query, where: { ...query.where, [split.field]: value }, skip: 0, limit: skip + limit };
      const { sql, params } = this.findStatement(part);
      // The sort keys as SQLite compares them, beside each row.
      const keyColumns = keys.map(([field], i) => `${fieldExpression(field)} AS k${i}`).join(', ');
      const keyed = sql.replace(/^SELECT id, position, doc FROM/, `SELECT id, position, doc, ${keyColumns} FROM`);
      for (const raw of this.statement(keyed).all(...params) as Array<Record<string, unknown>>) {
        rows.push({ row: { id: raw.id as string, position: raw.position as number, doc: raw.doc as string }, key: keys.map((_, i) => raw[`k${i}`]) });
      }
    }
    // The values are distinct, so the parts are disjoint: merged, then the page taken.
    return rows
      .sort((a, b) => {
        for (let i = 0; i < keys.length; i++) {
          const order = compareSqlValues(a.key[i], b.key[i]);
          if (order) return keys[i][1] === 'desc' ? -order : order;
        }
        return 0;
      })
      .slice(skip, skip + limit)
      .map(({ row }) => toDocument<T>(row));
  }

  async count(query: Omit<ReadQuery, 'sort' | 'skip' | 'limit'> = {}): Promise<number> {
    const { sql, params } = this.countStatement(query);
    const row = this.statement(sql).get(...params) as { n: number };
    return row.n;
  }

  /** SQLite's `EXPLAIN QUERY PLAN` of what `find` and `count` run for a query (one line per step). */
  queryPlan(query: ReadQuery = {}): { find: string[]; count: string[] } {
    const plan = ({ sql, params }: Filter): string[] =>
      (this.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>).map((row) => row.detail);
    return { find: plan(this.findStatement(query)), count: plan(this.countStatement(query)) };
  }

  private findStatement(query: ReadQuery): Filter {
    const filter = buildFilter(query);
    const order = buildOrder(query.sort);
    const params: SqlValue[] = [...filter.params];
    let paging = '';
    const limit = nonNegativeInteger(query.limit, 'limit');
    const skip = nonNegativeInteger(query.skip, 'skip');
    if (limit !== undefined || skip !== undefined) {
      paging = ' LIMIT ? OFFSET ?';
      params.push(limit ?? -1, skip ?? 0);
    }
    return { sql: `SELECT id, position, doc FROM ${this.table} WHERE ${filter.sql} ORDER BY ${order}${paging}`, params };
  }

  private countStatement(query: Omit<ReadQuery, 'sort' | 'skip' | 'limit'>): Filter {
    const filter = buildFilter(query);
    return { sql: `SELECT COUNT(*) AS n FROM ${this.table} WHERE ${filter.sql}`, params: filter.params };
  }

  async write(ops: Array<WriteOp<T>>): Promise<number> {
    if (!ops.length) return 0;
    // Serialize and validate everything first: nothing is written if one op is malformed.
    const prepared = ops.map(prepareWrite);
    return this.writeAll(prepared);
  }

  async clear(): Promise<void> {
    this.db.prepare(`DELETE FROM ${this.table}`).run();
  }
}

class SqliteCheckpointStore implements CheckpointStore {
  private readonly loadStatement: Database.Statement;
  private readonly storeStatement: Database.Statement;

  constructor(db: Database.Database) {
    this.loadStatement = db.prepare('SELECT position FROM checkpoints WHERE subscription_id = ?');
    this.storeStatement = db.prepare(
      `INSERT INTO checkpoints (subscription_id, position, updated_at) VALUES (?, ?, ?)
       ON CONFLICT (subscription_id) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at`,
    );
  }

  async load(subscriptionId: string): Promise<number> {
    const row = this.loadStatement.get(subscriptionId) as { position: number } | undefined;
    return row?.position ?? 0;
  }

  async store(subscriptionId: string, position: number): Promise<void> {
    if (typeof position !== 'number' || !Number.isFinite(position) || position < 0) {
      throw new TypeError(`Checkpoint position must be a non-negative number, got ${String(position)}`);
    }
    this.storeStatement.run(subscriptionId, position, new Date().toISOString());
  }
}

interface PreparedWrite {
  id: string;
  position: number;
  /** The document JSON, or null for a delete. */
  doc: string | null;
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
      return { id: op.id, position: op.position, doc: JSON.stringify(rest) };
    }
    case 'delete':
      return { id: op.id, position: op.position, doc: null };
    default:
      throw new TypeError(`Unknown read-store write kind: ${String((op as { kind?: unknown }).kind)}`);
  }
}

function toDocument<T>(row: DocumentRow): T & StoredDocument {
  return { ...(JSON.parse(row.doc) as T), id: row.id, _position: row.position };
}

/** `WHERE` clause (always hiding tombstones) and its parameters. */
function buildFilter(query: Pick<ReadQuery, 'where' | 'search'>): Filter {
  // By id, the primary key answers: `+deleted` keeps the flag-led indexes out of the choice (see lookupSql).
  const clauses = [query.where?.id !== undefined ? '+deleted = 0' : 'deleted = 0'];
  const params: SqlValue[] = [];
  for (const [field, value] of Object.entries(query.where ?? {})) {
    if (value === undefined) continue;
    const expression = fieldExpression(field);
    const values = Array.isArray(value) ? value : [value];
    clauses.push(equalityClause(field, expression, values, params));
  }
  const search = query.search;
  if (search && typeof search.text === 'string' && search.text.length > 0 && search.fields.length > 0) {
    const needle = search.text.toLowerCase();
    const alternatives = search.fields.map((field) => {
      if (field === 'id' || field === '_position') {
        params.push(needle);
        return `instr(${FOLD}(${fieldExpression(field)}), ?) > 0`;
      }
      const path = jsonPath(field);
      params.push(needle);
      // A string field, or any string element of an array field.
      return `(json_type(doc, '${path}') IN ('text', 'array') AND EXISTS (SELECT 1 FROM json_each(doc, '${path}') AS e WHERE e.type = 'text' AND instr(${FOLD}(e.value), ?) > 0))`;
    });
    clauses.push(`(${alternatives.join(' OR ')})`);
  }
  return { sql: clauses.join(' AND '), params };
}

/** The one `where` field given as several values, when a page (a limit) is asked and no search narrows it. */
function splitOneOf(query: ReadQuery): { field: string; values: Scalar[] } | undefined {
  if (query.limit === undefined || query.limit === 0) return undefined;
  const several = Object.entries(query.where ?? {}).filter((entry): entry is [string, Scalar[]] => Array.isArray(entry[1]) && entry[1].length > 1);
  if (several.length !== 1) return undefined;
  const [field, values] = several[0];
  if (values.length > MAX_MERGED_VALUES || values.some((v) => v === null || typeof v === 'boolean')) return undefined;
  return { field, values: [...new Set(values)] };
}

/** SQLite's order of values (BINARY collation): NULL, then numbers, then text (by UTF-8 bytes), then blobs. */
function compareSqlValues(a: unknown, b: unknown): number {
  const rank = (v: unknown) => (v === null || v === undefined ? 0 : typeof v === 'number' || typeof v === 'bigint' ? 1 : typeof v === 'string' ? 2 : 3);
  const ra = rank(a);
  const rb = rank(b);
  if (ra !== rb) return ra - rb;
  if (ra === 1) return Number(a) - Number(b);
  if (ra === 2) return Buffer.compare(Buffer.from(a as string, 'utf8'), Buffer.from(b as string, 'utf8'));
  if (ra === 3) return Buffer.compare(a as Buffer, b as Buffer);
  return 0;
}

function equalityClause(field: string, expression: string, values: Scalar[], params: SqlValue[]): string {
  if (values.length === 0) return '0';
  const alternatives: string[] = [];
  const plain: Array<string | number> = [];
  for (const value of values) {
    if (value === null) {
      // Like MongoDB: `null` matches a null or a missing field.
      alternatives.push(`${expression} IS NULL`);
    } else if (typeof value === 'boolean') {
      if (expression.startsWith('json_extract')) alternatives.push(`json_type(doc, '${jsonPath(field)}') = '${value ? 'true' : 'false'}'`);
      else alternatives.push('0');
    } else if (typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value))) {
      plain.push(value);
    } else {
      throw new TypeError(`where.${field}: only strings, finite numbers, booleans and null can be compared (got ${typeof value})`);
    }
  }
  if (plain.length === 1) {
    alternatives.unshift(`${expression} = ?`);
    params.push(plain[0]);
  } else if (plain.length > 1) {
    alternatives.unshift(`${expression} IN (${plain.map(() => '?').join(', ')})`);
    params.push(...plain);
  }
  return alternatives.length === 1 ? alternatives[0] : `(${alternatives.join(' OR ')})`;
}

function buildOrder(sort: ReadQuery['sort']): string {
  const keys = (sort ?? []).map(([field, direction]) => {
    if (direction !== 'asc' && direction !== 'desc') throw new TypeError(`sort ${field}: direction must be 'asc' or 'desc'`);
    return `${fieldExpression(field)} ${direction.toUpperCase()}`;
  });
  // A stable order whatever the keys: ties fall back to the id.
  keys.push('id ASC');
  return keys.join(', ');
}

/** The SQL expression of a query field: the id and position columns, or a top-level JSON field. */
function fieldExpression(field: string): string {
  if (field === 'id') return 'id';
  if (field === '_position') return 'position';
  return `json_extract(doc, '${jsonPath(field)}')`;
}

function jsonPath(field: string): string {
  if (typeof field !== 'string' || !FIELD_NAME.test(field)) {
    throw new TypeError(`Read-store queries accept top-level field names of letters, digits and _ only, got ${JSON.stringify(field)}`);
  }
  return `$.${field}`;
}

function nonNegativeInteger(value: number | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < 0) throw new TypeError(`${what} must be a non-negative integer, got ${String(value)}`);
  return value;
}

/** A collection name as `[a-z0-9_]`, at most 48 characters. */
export function sanitizeName(name: string): string {
  const sanitized = name
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .slice(0, 48);
  return sanitized || '_';
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

function createCollectionTable(db: Database.Database, table: string): void {
  db.exec(`CREATE TABLE IF NOT EXISTS ${quoteIdentifier(table)} (
    id TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    doc TEXT
  )`);
}
