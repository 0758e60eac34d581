import { NewEvent } from '@credit-bank/kernel';
import { SqliteEventStore } from '@credit-bank/sqlite-event-store';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { percentiles, Row } from './report';

const DATA = JSON.stringify({
  achievementId: randomUUID(),
  ownerId: randomUUID(),
  category: 'vocational-qualification',
  certificateNumber: 'GD-2024-000123',
  issueDate: '2024-06-30',
  achievementName: '全国计算机等级考试二级及以上证书',
  institutionName: '教育部考试中心',
  description: 'x'.repeat(200),
});

function event(): NewEvent {
  return {
    type: 'AchievementStored',
    data: JSON.parse(DATA),
    metadata: { eventId: randomUUID(), schemaVersion: 1, correlationId: randomUUID(), causationId: randomUUID(), actor: randomUUID(), occurredAt: new Date().toISOString() },
  };
}

function rawTable(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE events(position INTEGER PRIMARY KEY AUTOINCREMENT, stream_id TEXT NOT NULL, revision INTEGER NOT NULL,
    type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, UNIQUE(stream_id, revision))`);
  return db;
}

/** Raw better-sqlite3 inserts of the same rows at synchronous=FULL, in transactions of `perTx`. */
function rawInserts(dir: string, rows: number, perTx: number): number {
  const db = rawTable(join(dir, `raw-${perTx}.sqlite`));
  const insert = db.prepare('INSERT INTO events(stream_id, revision, type, data, metadata) VALUES (?, 0, ?, ?, ?)');
  const tx = db.transaction((n: number) => {
    for (let i = 0; i < n; i++) {
      const e = event();
      insert.run(`ledger.achievement-${randomUUID()}`, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata));
    }
  });
  const start = process.hrtime.bigint();
  for (let done = 0; done < rows; done += perTx) tx(Math.min(perTx, rows - done));
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  db.close();
  return rows / seconds;
}

async function adapterAppends(dir: string, rows: number, concurrency: number): Promise<{ rate: number; latencies: number[] }> {
  const store = new SqliteEventStore({ filename: join(dir, `adapter-${concurrency}.sqlite`), synchronous: 'FULL' });
  const latencies: number[] = [];
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < rows) {
        next++;
        const t0 = process.hrtime.bigint();
        await store.append(`ledger.achievement-${randomUUID()}`, [event()], { expectedRevision: 'no_stream' });
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await store.close();
  return { rate: rows / seconds, latencies };
}

export async function benchEventStore(scale: number): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'credit-bank-bench-es-'));
  try {
    const many = Math.round(20000 * scale);
    const few = Math.round(3000 * scale);
    const raw100 = rawInserts(dir, many, 100);
    const raw1 = rawInserts(dir, few, 1);
    const concurrent = await adapterAppends(dir, many, 64);
    const single = await adapterAppends(dir, few, 1);
    return [
      { name: 'raw better-sqlite3, 100-row transactions (FULL)', rate: raw100, unit: 'rows/s' },
      { name: 'event store, 64 concurrent commands (FULL)', rate: concurrent.rate, unit: 'appends/s', baseline: raw100, target: 0.5, ...percentiles(concurrent.latencies) },
      { name: 'raw better-sqlite3, 1-row transactions (FULL)', rate: raw1, unit: 'rows/s' },
      { name: 'event store, one client alone (FULL)', rate: single.rate, unit: 'appends/s', baseline: raw1, target: 1.0, ...percentiles(single.latencies) },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
