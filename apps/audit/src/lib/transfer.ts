import { storedHash } from '@credit-bank/kernel';
import { PRIVATE_FILE_MODE } from '@credit-bank/platform';
import { SqliteEventStore } from '@credit-bank/sqlite-event-store';
import { closeSync, createReadStream, existsSync, fstatSync, fsyncSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { HistorySource } from './history';
import { Progress } from './progress';

/**
 * The export format: JSON Lines, one event per line, in position order:
 *   {"position":N,"streamId":"…","revision":R,"type":"…","data":{…},"metadata":{…,"hash":"…"}}
 * `data` and `metadata` are written exactly as stored, so the hashes can be checked from the file.
 */
export interface ExportSummary {
  file: string;
  /** Position the export started after (the last one already in the file when resuming). */
  resumedAfter: number;
  exported: number;
  lastPosition: number;
  seconds: number;
}

/** The position of the last complete line of an export file; a torn last line is cut off. */
export function lastExportedPosition(file: string): number {
  if (!existsSync(file)) return 0;
  const fd = openSync(file, 'r+');
  try {
    const size = fstatSync(fd).size;
    if (size === 0) return 0;
    const chunk = Math.min(size, 4 * 1024 * 1024);
    const buffer = Buffer.alloc(chunk);
    readSync(fd, buffer, 0, chunk, size - chunk);
    const text = buffer.toString('utf8');
    const end = text.lastIndexOf('\n');
    if (end < 0) {
      ftruncateSync(fd, 0);
      return 0;
    }
    if (end !== text.length - 1) ftruncateSync(fd, size - (Buffer.byteLength(text.slice(end + 1), 'utf8'))); // torn line
    const start = text.lastIndexOf('\n', end - 1);
    const line = text.slice(start + 1, end);
    const position = (JSON.parse(line) as { position?: unknown }).position;
    if (typeof position !== 'number') throw new Error(`${file} does not end with an exported event`);
    return position;
  } finally {
    closeSync(fd);
  }
}

export async function exportHistory(source: HistorySource, file: string, fromPosition: number, progress: Progress): Promise<ExportSummary> {
  const started = process.hrtime.bigint();
  const resumedAfter = Math.max(fromPosition - 1, lastExportedPosition(file));
  const total = await source.estimate({ after: resumedAfter });
  progress.start('export', total);
  // The history is personal data: an export is readable by its writer only.
  const fd = openSync(file, 'a', PRIVATE_FILE_MODE);
  let pending: string[] = [];
  let pendingBytes = 0;
  let exported = 0;
  let lastPosition = resumedAfter;
  const flush = () => {
    if (pending.length) writeSync(fd, pending.join(''));
    pending = [];
    pendingBytes = 0;
  };
  try {
    for await (const e of source.byPosition({ after: resumedAfter })) {
      const line = `{"position":${e.position},"streamId":${JSON.stringify(e.streamId)},"revision":${e.revision},"type":${JSON.stringify(e.type)},"data":${e.data},"metadata":${e.metadata}}\n`;
      pending.push(line);
      pendingBytes += line.length;
      exported++;
      lastPosition = e.position;
      if (pendingBytes > 1 << 20) {
        flush();
        progress.update(exported);
      }
    }
    flush();
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  progress.stop(exported);
  return { file, resumedAfter, exported, lastPosition, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

export interface ImportSummary {
  file: string;
  imported: number;
  /** Events whose position in the new store differs from the exported one (a source with holes). */
  renumbered: number;
  unhashed: number;
  seconds: number;
}

interface ExportedLine {
  position: number;
  streamId: string;
  revision: number;
  type: string;
  data: object;
  metadata: Record<string, unknown>;
}

/**
 * Appends an export into an empty store, keeping streams, revisions, data and metadata (hashes
 * included) exactly, so the chains are the same. Appends go to the adapter directly (the hash
 * chaining decorator would rewrite the hashes) with the expected revision of each event.
 */
export async function importHistory(target: SqliteEventStore, file: string, progress: Progress): Promise<ImportSummary> {
  const started = process.hrtime.bigint();
  if ((await target.headPosition()) !== 0) throw new Error(`The target event store ${target.filename} is not empty: import only into an empty store`);
  progress.start('import', 0);
  let imported = 0;
  let renumbered = 0;
  let unhashed = 0;
  let window: Array<Promise<void>> = [];
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  let lineNo = 0;
  for await (const text of lines) {
    lineNo++;
    if (!text.trim()) continue;
    let e: ExportedLine;
    try {
      e = JSON.parse(text) as ExportedLine;
    } catch (error) {
      throw new Error(`${file}:${lineNo}: not a JSON line (${error instanceof Error ? error.message : String(error)})`);
    }
    if (typeof e.streamId !== 'string' || !Number.isInteger(e.revision) || typeof e.type !== 'string' || typeof e.metadata !== 'object') {
      throw new Error(`${file}:${lineNo}: not an exported event`);
    }
    if (!storedHash(e)) unhashed++;
    const exportedPosition = e.position;
    window.push(
      target
        .append(e.streamId, [{ type: e.type, data: e.data, metadata: e.metadata as never }], { expectedRevision: e.revision === 0 ? 'no_stream' : e.revision - 1 })
        .then((result) => {
          if (result.position !== exportedPosition) renumbered++;
        }),
    );
    imported++;
    if (window.length >= 512) {
      await Promise.all(window);
      window = [];
      progress.update(imported);
    }
  }
  await Promise.all(window);
  progress.stop(imported);
  return { file, imported, renumbered, unhashed, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}
