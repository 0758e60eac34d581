import { silentProgress } from '../apps/audit/src/lib/progress';
import { verifyHistory } from '../apps/audit/src/lib/verify';
import { SqliteHistorySource } from '../apps/audit/src/lib/history';
import { chainEvents, GENESIS_HASH, NewEvent } from '@credit-bank/kernel';
import { SqliteEventStore } from '@credit-bank/sqlite-event-store';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Row } from './report';

const OWNER = randomUUID();

/** One achievement's life as the ledger writes it: stored, amended, submitted. */
function achievementEvents(i: number, at: string): NewEvent[] {
  const achievementId = randomUUID();
  const metadata = (n: number) => ({ eventId: randomUUID(), schemaVersion: 1, correlationId: `c-${i}-${n}`, causationId: `c-${i}-${n}`, actor: OWNER, occurredAt: at });
  return [
    {
      type: 'AchievementStored',
      data: {
        achievementId,
        ownerId: OWNER,
        storedAt: at,
        category: 'vocational-qualification',
        source: 'catalog',
        catalog: { itemId: randomUUID(), achievementName: '全国计算机等级考试二级及以上证书', institutionName: '教育部教育考试院', frameworkLevel: 4, credits: 6, type: 'certificate' },
        certificateNumber: `NCRE-2023-${i}`,
        issueDate: '2023-12-01',
        certificateLevel: '二级',
        occupation: '程序员',
        educationLevel: '高中',
        evidenceId: randomUUID(),
        description: 'Python 语言程序设计',
      },
      metadata: metadata(0),
    },
    { type: 'AchievementAmended', data: { achievementId, changes: { description: 'Python 语言程序设计（已核对）' }, amendedAt: at }, metadata: metadata(1) },
    { type: 'RecognitionRequested', data: { achievementId, responsibleInstitution: '教育部教育考试院', requestedAt: at }, metadata: metadata(2) },
  ];
}

/**
 * Writes `total` hash-chained events (achievement streams of 3 events, 64 streams interleaved as
 * concurrent learners would) straight into the event store's table.
 */
export function populate(filename: string, total: number): void {
  new SqliteEventStore({ filename, synchronous: 'NORMAL' }).close();
  const db = new Database(filename);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  const insert = db.prepare('INSERT INTO events (stream_id, revision, type, data, metadata) VALUES (?, ?, ?, ?, ?)');
  const at = new Date().toISOString();
  const rows: Array<[string, number, string, string, string]> = [];
  let written = 0;
  let i = 0;
  const writeRows = db.transaction((batch: typeof rows) => {
    for (const r of batch) insert.run(...r);
  });
  while (written < total) {
    // 64 streams at a time, their events interleaved.
    const group = Array.from({ length: 64 }, () => {
      const streamId = `ledger.achievement-${randomUUID()}`;
      return { streamId, events: chainEvents(streamId, 0, GENESIS_HASH, achievementEvents(i++, at)) };
    });
    for (let revision = 0; revision < 3 && written < total; revision++) {
      for (const { streamId, events } of group) {
        if (written >= total) break;
        const e = events[revision];
        rows.push([streamId, revision, e.type, JSON.stringify(e.data), JSON.stringify(e.metadata)]);
        written++;
      }
    }
    if (rows.length >= 20_000) writeRows(rows.splice(0));
  }
  writeRows(rows.splice(0));
  db.close();
}

function time<T>(work: () => T): { seconds: number; result: T } {
  const t0 = process.hrtime.bigint();
  const result = work();
  return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, result };
}

async function timeAsync<T>(work: () => Promise<T>): Promise<{ seconds: number; result: T; peakRssMb: number }> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const t0 = process.hrtime.bigint();
  try {
    const result = await work();
    return { seconds: Number(process.hrtime.bigint() - t0) / 1e9, result, peakRssMb: Math.round(Math.max(peak, process.memoryUsage().rss) / 1048576) };
  } finally {
    clearInterval(sampler);
  }
}

/** `verify` over ≥ 1M events beside raw scans of the same table, in the same run. */
export async function benchAudit(events: number): Promise<Row[]> {
  const dir = mkdtempSync(join(tmpdir(), 'credit-bank-bench-audit-'));
  try {
    const filename = join(dir, 'events.sqlite');
    const populated = time(() => populate(filename, events));
    process.stdout.write(`(populated ${events} hash-chained events in ${populated.seconds.toFixed(1)} s)\n`);

    const db = new Database(filename, { readonly: true });
    const bare = time(() => {
      let n = 0;
      for (const _row of db.prepare('SELECT position, stream_id, revision, type, data, metadata FROM events ORDER BY position').iterate()) n++;
      return n;
    });
    const decoded = time(() => {
      let n = 0;
      for (const row of db.prepare('SELECT position, stream_id, revision, type, data, metadata FROM events ORDER BY position').iterate() as IterableIterator<{ data: string; metadata: string }>) {
        JSON.parse(row.data);
        JSON.parse(row.metadata);
        n++;
      }
      return n;
    });
    db.close();

    const source = new SqliteHistorySource(filename);
    const verified = await timeAsync(() => verifyHistory(source, silentProgress));
    await source.close();
    if (!verified.result.ok || verified.result.events !== events) {
      throw new Error(`verify found breaks in ${verified.result.events} events of a valid store: ${JSON.stringify(verified.result.breaks.slice(0, 3))}`);
    }
    const rate = (n: number, s: number) => n / s;
    return [
      { name: `raw scan, rows only (${bare.result} rows)`, rate: rate(bare.result, bare.seconds), unit: 'events/s' },
      { name: 'raw scan + JSON decode of data and metadata', rate: rate(decoded.result, decoded.seconds), unit: 'events/s' },
      {
        name: 'audit verify (chains + revisions + decider replay)',
        rate: rate(events, verified.seconds),
        unit: 'events/s',
        baseline: rate(decoded.result, decoded.seconds),
        target: 0.5,
        note: `vs rows-only scan ${(rate(events, verified.seconds) / rate(bare.result, bare.seconds)).toFixed(2)}; peak RSS ${verified.peakRssMb} MB`,
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
