/**
 * tools/servers/servers.js starts FerretDB on each of its backends (FERRETDB_BACKEND / --backend):
 * on PostgreSQL it runs a private PostgreSQL cluster of its own, and stopping FerretDB stops that
 * cluster and deletes its data. Skipped, saying why, where FerretDB cannot be built (no Go) or
 * PostgreSQL is not installed — except under CREDIT_BANK_REQUIRE_SERVERS=1 (CI), which fails then.
 */
import mongoose from 'mongoose';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serversRequired } from './discovery';

interface FerretRecord {
  pid: number;
  backend: string;
  dataDir: string;
  env: { MONGODB_URI: string };
  postgresql?: { pid: number; port: number };
}
interface ServersScript {
  prepare(what: string, o: { backend?: string }): unknown;
  start(o: { what: string; stateDir: string; ownerPid: number; backend?: string }): Promise<{ ferretdb: FerretRecord }>;
  stop(o: { what: string; stateDir: string }): Promise<string[]>;
  ferretBackend(backend?: string): string;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const script = require(resolve(__dirname, '../../../../../tools/servers/servers.js')) as ServersScript;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function unavailable(backend: string): string | undefined {
  try {
    script.prepare('ferretdb', { backend });
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

describe('FerretDB backends of tools/servers', () => {
  it('refuses an unknown backend, saying which exist', () => {
    expect(() => script.ferretBackend('mysql')).toThrow(/unknown FerretDB backend "mysql" \(.*postgresql or sqlite\)/);
    expect(script.ferretBackend('SQLite')).toBe('sqlite');
  });

  for (const backend of ['postgresql', 'sqlite']) {
    const reason = unavailable(backend);
    if (reason && !serversRequired()) {
      process.stderr.write(`SKIPPED "FerretDB on ${backend}": ${reason.split('\n')[0]}\n`);
      it.skip(`FerretDB on ${backend} [skipped: cannot be prepared here]`, () => undefined);
      continue;
    }

    it(`FerretDB on ${backend} stores and finds documents, and stops with everything it started`, async () => {
      if (reason) throw new Error(`FerretDB on ${backend} is required (CREDIT_BANK_REQUIRE_SERVERS=1) but cannot be prepared: ${reason}`);
      const stateDir = mkdtempSync(join(tmpdir(), 'cb-ferret-backends-'));
      try {
        const { ferretdb } = await script.start({ what: 'ferretdb', stateDir, ownerPid: process.pid, backend });
        expect(ferretdb.backend).toBe(backend);
        if (backend === 'postgresql') {
          expect(ferretdb.postgresql?.port).toBeGreaterThan(0);
          expect(alive(ferretdb.postgresql?.pid ?? 0)).toBe(true);
          expect(existsSync(join(ferretdb.dataDir, 'postgresql', 'PG_VERSION'))).toBe(true);
        } else {
          expect(ferretdb.postgresql).toBeUndefined();
        }

        const client = new mongoose.mongo.MongoClient(ferretdb.env.MONGODB_URI, { serverSelectionTimeoutMS: 10_000 });
        await client.connect();
        try {
          const things = client.db('cb_backends').collection<{ _id: string; owner: string; n: number }>('things');
          await things.insertMany([
            { _id: 'a', owner: 'x', n: 1 },
            { _id: 'b', owner: 'y', n: 2 },
            { _id: 'c', owner: 'x', n: 3 },
          ]);
          expect(await things.findOne({ _id: 'b' })).toEqual({ _id: 'b', owner: 'y', n: 2 });
          expect(await things.find({ owner: 'x' }).sort({ n: -1 }).map((d) => d._id).toArray()).toEqual(['c', 'a']);
          await expect(things.insertOne({ _id: 'a', owner: 'z', n: 4 })).rejects.toMatchObject({ code: 11000 });
        } finally {
          await client.close();
        }

        expect(await script.stop({ what: 'ferretdb', stateDir })).toEqual(['ferretdb']);
        expect(alive(ferretdb.pid)).toBe(false);
        if (ferretdb.postgresql) expect(alive(ferretdb.postgresql.pid)).toBe(false);
        expect(existsSync(ferretdb.dataDir)).toBe(false);
      } finally {
        await script.stop({ what: 'ferretdb', stateDir }).catch(() => undefined);
        rmSync(stateDir, { recursive: true, force: true });
      }
    }, 120_000);
  }
});
