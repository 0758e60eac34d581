import mongoose from 'mongoose';

/** Where a Mongo adapter gets its database: a URI it connects to itself, or a connection it borrows. */
export interface MongoUriOptions {
  /** `mongodb://host:port/…`; the database is `dbName`, else the one in the URI path. */
  uri: string;
  /** Database name (overrides the URI path). */
  dbName?: string;
  /** Extra driver options for the connection this adapter opens. */
  connectOptions?: mongoose.ConnectOptions;
}

export type MongoSource = MongoUriOptions | mongoose.Connection;

/**
 * A database handle shared by the Mongo adapters: opens a mongoose connection for `{ uri }` (and
 * closes it on `close()`), or borrows a given mongoose Connection (left open on `close()`; its owner
 * closes it). Operations after `close()` reject.
 */
export class MongoDatabase {
  private readonly connection: mongoose.Connection;
  private readonly owned: boolean;
  private readonly ready: Promise<mongoose.mongo.Db>;
  private closed = false;

  constructor(source: MongoSource, what: string) {
    if (source instanceof mongoose.Connection) {
      this.connection = source;
      this.owned = false;
    } else {
      if (!source || typeof source.uri !== 'string' || source.uri.length === 0) throw new TypeError(`${what}: pass { uri, dbName? } or a mongoose Connection`);
      this.connection = mongoose.createConnection(source.uri, {
        ...(source.dbName ? { dbName: source.dbName } : {}),
        // The adapters use the driver directly: nothing is queued while disconnected.
        bufferCommands: false,
        autoIndex: false,
        autoCreate: false,
        ...source.connectOptions,
      });
      this.owned = true;
    }
    const connection = this.connection;
    this.ready = (connection.readyState === mongoose.ConnectionStates.connected ? Promise.resolve(connection) : connection.asPromise()).then((c) => {
      if (!c.db) throw new Error(`${what}: the mongoose connection has no database`);
      return c.db;
    });
    // Callers see the failure on their first operation; never an unhandled rejection.
    this.ready.catch(() => undefined);
  }

  get isClosed(): boolean {
    return this.closed;
  }

  async db(): Promise<mongoose.mongo.Db> {
    if (this.closed) throw new Error('The MongoDB adapter is closed');
    return this.ready;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.owned) {
      // Wait for a pending connect so that close really ends it.
      await this.ready.catch(() => undefined);
      await this.connection.close();
    }
  }
}

/** MongoDB's (and FerretDB's) duplicate-key error code. */
export const DUPLICATE_KEY = 11000;

export function isDuplicateKey(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === DUPLICATE_KEY;
}
