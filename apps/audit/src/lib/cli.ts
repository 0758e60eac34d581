import { EventStoreDbEventStore } from '@credit-bank/eventstoredb';
import { SqliteEventStore } from '@credit-bank/sqlite-event-store';
import { SqliteReadStore } from '@credit-bank/sqlite-read-store';
import { ensurePrivateDir, PRIVATE_DIR_MODE } from '@credit-bank/platform';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { HistorySource, PortHistorySource, SqliteHistorySource } from './history';
import { Progress, progressFor, silentProgress } from './progress';
import { canonicalDump, compareDumps, replayInto } from './read-models';
import { ACHIEVEMENTS_COLLECTION } from '@credit-bank/ledger-service';
import { ACCOUNTS_COLLECTION } from '@credit-bank/identity-service';
import { exportHistory, importHistory } from './transfer';
import { verifyHistory } from './verify';
import { AuditKeys, openAuditKeys } from './keys';

export const USAGE = `Credit Bank audit tool: reads the event history straight from the event store.

Usage: npm run audit -- <command> [options]

Commands:
  verify                          recompute every hash chain, check revisions and domain rules;
                                  exit status 1 on any break
  replay --as-of <time>           rebuild the read models as they stood at <time> into a separate
        [--out <file>]            SQLite file (default: a new file in the temp folder)
  statement <learner> --as-of <time>
                                  one learner's achievements as they stood at <time>
                                  (<learner>: account id or username)
  rebuild --compare [--keep]      rebuild every read model into a scratch database and compare it
                                  with the live read models; exit status 1 on any difference
  export --to <file> [--from <position>]
                                  the history as JSON Lines (positions and hashes); run again to
                                  resume an interrupted export
  import --from <file>            append an export into an empty event store

Options:
  --json                          machine-readable result on stdout
  --quiet                         no progress output
  --data-dir <dir>                the embedded profile's data folder (default: $DATA_DIR or ./data)

The store is chosen like the services choose it: EVENTSTORE_URL (EventStoreDB) when set, else
DATA_DIR (events.sqlite; replay, statement and rebuild use DATA_DIR's read-models.sqlite as the
live read models and write scratch SQLite files).
Personal fields are stored sealed with each person's key: verify checks them without keys;
replay, statement and rebuild open them with the key store (DATA_DIR/keys.sqlite, or MongoDB
database <MONGODB_DATABASE_PREFIX>keys with EVENTSTORE_URL and MONGODB_URI) and the master key
(MASTER_KEY, MASTER_KEY_FILE or DATA_DIR/master-key); an erased person's fields read as null.
export copies events as stored (sealed), so an import restores them with the same key store.
Progress goes to stderr (a bar on a terminal, plain lines otherwise); results to stdout.
`;

export interface AuditIo {
  stdout: { write(text: string): unknown };
  stderr: NodeJS.WriteStream | { write(text: string): unknown; isTTY?: boolean };
  env: Record<string, string | undefined>;
}

class UsageError extends Error {}

const EVENTS_FILE = 'events.sqlite';
const READ_MODELS_FILE = 'read-models.sqlite';

function parseTime(value: string | undefined, option: string): string {
  if (!value) throw new UsageError(`${option} <time> is required (ISO-8601, e.g. 2026-11-28T12:00:00Z)`);
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw new UsageError(`${option}: not a date/time: ${value}`);
  return new Date(ms).toISOString();
}

function openSource(dataDir: string, env: AuditIo['env']): HistorySource {
  if (env.EVENTSTORE_URL) {
    // The distributed profile: EventStoreDB through the event-store port (position order).
    return new PortHistorySource(new EventStoreDbEventStore({ connectionString: env.EVENTSTORE_URL }), `EventStoreDB ${env.EVENTSTORE_URL.replace(/\/\/[^@/]*@/, '//***@')}`);
  }
  const file = join(dataDir, EVENTS_FILE);
  if (!existsSync(file)) throw new UsageError(`No event store at ${file} (set DATA_DIR or --data-dir to the services' data folder)`);
  return new SqliteHistorySource(file);
}

/** The key store for commands that read personal fields; says on stderr when there is none. */
function keysFor(dataDir: string, env: AuditIo['env'], stderr: AuditIo['stderr']): AuditKeys {
  const keys = openAuditKeys(dataDir, env);
  if (!keys.keyStore) stderr.write(`No key store (${keys.reason}): personal fields read as erased\n`);
  return keys;
}

/** Runs one audit command; resolves to the process exit status. */
export async function runAudit(argv: string[], io: AuditIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean', default: false },
        quiet: { type: 'boolean', default: false },
        'data-dir': { type: 'string' },
        'as-of': { type: 'string' },
        out: { type: 'string' },
        compare: { type: 'boolean', default: false },
        keep: { type: 'boolean', default: false },
        from: { type: 'string' },
        to: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    io.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 64; // EX_USAGE
  }
  const { values, positionals } = parsed;
  const [command, ...rest] = positionals;
  if (values.help || !command || command === 'help') {
    io.stdout.write(USAGE);
    return command || values.help ? 0 : 64;
  }
  const json = values.json === true;
  const progress: Progress = values.quiet ? silentProgress : progressFor(io.stderr as NodeJS.WriteStream);
  const dataDir = resolve(values['data-dir'] ?? io.env.DATA_DIR ?? './data');
  const out = (result: unknown, text: string) => io.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : text);

  try {
    switch (command) {
      case 'verify': {
        const source = openSource(dataDir, io.env);
        try {
          const report = await verifyHistory(source, progress);
          const lines = [
            `${report.ok ? 'OK' : 'BROKEN'}: ${report.events} events in ${report.streams} streams verified in ${report.seconds.toFixed(2)} s (${report.eventsPerSecond} events/s) — ${report.source}`,
            ...Object.entries(report.byAggregate).map(([name, n]) => `  ${name}: ${n} events`),
            ...report.breaks.map((b) => `  ${b.kind} at ${b.streamId ?? '(store)'}${b.revision !== undefined ? ` revision ${b.revision}` : ''}${b.position !== undefined ? ` (position ${b.position})` : ''}${b.type ? ` ${b.type}` : ''}: ${b.message}${b.expected !== undefined ? ` [expected ${b.expected}, found ${b.actual}]` : ''}`),
            ...(report.breaksNotListed ? [`  … and ${report.breaksNotListed} more breaks`] : []),
          ];
          out(report, `${lines.join('\n')}\n`);
          return report.ok ? 0 : 1;
        } finally {
          await source.close();
        }
      }
      case 'replay':
      case 'statement': {
        const asOf = parseTime(values['as-of'], '--as-of');
        const learner = command === 'statement' ? rest[0] : undefined;
        if (command === 'statement' && !learner) throw new UsageError('statement <learner> --as-of <time>: the learner (account id or username) is required');
        const source = openSource(dataDir, io.env);
        const live = resolve(dataDir, READ_MODELS_FILE);
        const scratchDir = command === 'statement' || !values.out ? mkdtempSync(join(tmpdir(), 'credit-bank-replay-')) : undefined;
        const file = resolve(values.out && command === 'replay' ? values.out : join(scratchDir as string, READ_MODELS_FILE));
        if (file === live) throw new UsageError(`--out must not be the live read-model database ${live}`);
        if (existsSync(file)) throw new UsageError(`--out ${file} exists: replay writes into a new database only`);
        mkdirSync(dirname(file), { recursive: true, mode: PRIVATE_DIR_MODE });
        const target = new SqliteReadStore({ filename: file });
        const keys = keysFor(dataDir, io.env, io.stderr);
        try {
          const cut = await source.firstPositionAfter(asOf);
          const summary = await replayInto(source, target, { upTo: cut === undefined ? undefined : cut - 1 }, progress, 'replay', keys.keyStore);
          if (command === 'replay') {
            const result = { asOf, database: file, ...summary };
            out(result, [`Read models as of ${asOf} (${summary.events} events, up to position ${summary.upToPosition}) written to ${file}:`, ...Object.entries(summary.collections).map(([n, c]) => `  ${n}: ${c}`)].join('\n') + '\n');
            return 0;
          }
          const statement = await learnerStatement(target, learner as string, asOf, summary.upToPosition);
          if (!statement) {
            out({ asOf, learner, found: false }, `No learner ${learner} as of ${asOf}\n`);
            return 1;
          }
          out(statement, formatStatement(statement));
          return 0;
        } finally {
          await keys.keyStore?.close();
          await target.close();
          await source.close();
          if (scratchDir) rmSync(scratchDir, { recursive: true, force: true });
        }
      }
      case 'rebuild': {
        if (!values.compare) throw new UsageError('rebuild needs --compare (rebuild never writes the live read models)');
        const source = openSource(dataDir, io.env);
        const liveFile = join(dataDir, READ_MODELS_FILE);
        if (!existsSync(liveFile)) throw new UsageError(`No live read models at ${liveFile}`);
        const scratchDir = mkdtempSync(join(tmpdir(), 'credit-bank-rebuild-'));
        const target = new SqliteReadStore({ filename: join(scratchDir, READ_MODELS_FILE) });
        const live = new SqliteReadStore({ filename: liveFile });
        const keys = keysFor(dataDir, io.env, io.stderr);
        try {
          const head = await source.headPosition();
          const summary = await replayInto(source, target, { upTo: head }, progress, 'rebuild', keys.keyStore);
          const differences = compareDumps(await canonicalDump(live), await canonicalDump(target));
          const result = { upToPosition: head, events: summary.events, collections: summary.collections, differences };
          const lines = [
            `${differences.length === 0 ? 'SAME' : 'DIFFERENT'}: live read models vs a rebuild from ${summary.events} events (up to position ${head}): ${differences.length} differences`,
            ...differences.slice(0, 200).map((d) => `  ${d.kind} ${d.collection}${d.id ? `/${d.id}` : ''}${d.fields ? ` fields ${d.fields.join(', ')}: live ${JSON.stringify(d.live)} rebuilt ${JSON.stringify(d.rebuilt)}` : ''}`),
            ...(values.keep ? [`  rebuild kept in ${scratchDir}`] : []),
          ];
          out({ ...result, scratch: values.keep ? scratchDir : undefined }, `${lines.join('\n')}\n`);
          return differences.length === 0 ? 0 : 1;
        } finally {
          await keys.keyStore?.close();
          await live.close();
          await target.close();
          await source.close();
          if (!values.keep) rmSync(scratchDir, { recursive: true, force: true });
        }
      }
      case 'export': {
        if (!values.to) throw new UsageError('export --to <file> is required');
        const from = values.from === undefined ? 1 : Number(values.from);
        if (!Number.isSafeInteger(from) || from < 1) throw new UsageError(`--from must be a position ≥ 1, not ${values.from}`);
        const source = openSource(dataDir, io.env);
        try {
          const summary = await exportHistory(source, resolve(values.to), from, progress);
          out(summary, `Exported ${summary.exported} events (after position ${summary.resumedAfter}, up to ${summary.lastPosition}) to ${summary.file} in ${summary.seconds.toFixed(2)} s\n`);
          return 0;
        } finally {
          await source.close();
        }
      }
      case 'import': {
        if (!values.from) throw new UsageError('import --from <file> is required');
        const file = resolve(values.from);
        if (!existsSync(file)) throw new UsageError(`No such export file: ${file}`);
        if (io.env.EVENTSTORE_URL) throw new UsageError('import writes the SQLite event store in DATA_DIR; unset EVENTSTORE_URL');
        ensurePrivateDir(dataDir);
        const target = new SqliteEventStore({ filename: join(dataDir, EVENTS_FILE), synchronous: 'NORMAL' });
        try {
          const summary = await importHistory(target, file, progress);
          out(summary, `Imported ${summary.imported} events from ${file} into ${join(dataDir, EVENTS_FILE)} in ${summary.seconds.toFixed(2)} s${summary.renumbered ? ` (${summary.renumbered} at new positions: the export had holes)` : ''}\n`);
          return 0;
        } finally {
          await target.close();
        }
      }
      default:
        throw new UsageError(`Unknown command: ${command}`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`${error.message}\n`);
      return 64;
    }
    io.stderr.write(`audit ${command} failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
}

export interface StatementLine {
  achievementId: string;
  achievementName: string;
  category: string;
  institutionName: string;
  recognition: string;
  addedAt: string;
  frameworkLevel?: number | null;
  credits?: number | null;
}

export interface LearnerStatement {
  asOf: string;
  upToPosition: number;
  /** `erased`: the learner erased the account (注销): no name or username any more, shown as 已注销. */
  learner: { accountId: string; username?: string; name?: string; erased?: true };
  achievements: StatementLine[];
}

async function learnerStatement(store: SqliteReadStore, learner: string, asOf: string, upToPosition: number): Promise<LearnerStatement | undefined> {
  const accounts = store.collection<{ username?: string; realName?: string; displayName?: string }>(ACCOUNTS_COLLECTION);
  let account = await accounts.get(learner);
  if (!account) [account] = await accounts.find({ where: { username: learner }, limit: 1 });
  const learners = store.collection<{ username: string | null; realName: string | null; learnerErased?: true }>('ledger_learners');
  const accountId = account?.id ?? (await learners.get(learner))?.id;
  if (!accountId) return undefined;
  const known = await learners.get(accountId);
  const docs = await store.collection<Record<string, any>>(ACHIEVEMENTS_COLLECTION).find({ where: { ownerId: accountId }, sort: [['addedSeq', 'asc']] });
  return {
    asOf,
    upToPosition,
    learner: known?.learnerErased
      ? { accountId, erased: true }
      : { accountId, username: account?.username ?? known?.username ?? undefined, name: known?.realName ?? undefined },
    achievements: docs.map((d) => ({
      achievementId: d.id,
      achievementName: d.achievementName,
      category: d.category,
      institutionName: d.institutionName,
      recognition: d.recognition?.status ?? 'unknown',
      addedAt: d.addedAt,
      frameworkLevel: d.frameworkLevel ?? d.catalog?.frameworkLevel ?? null,
      credits: d.credits ?? d.catalog?.credits ?? null,
    })),
  };
}

function formatStatement(s: LearnerStatement): string {
  const head = `Statement of ${s.learner.erased ? '已注销 (erased)' : (s.learner.name ?? s.learner.username ?? s.learner.accountId)} (${s.learner.accountId}) as of ${s.asOf} (history up to position ${s.upToPosition}): ${s.achievements.length} achievements`;
  return [head, ...s.achievements.map((a, i) => `  ${i + 1}. ${a.achievementName} — ${a.category}, ${a.institutionName}, recognition: ${a.recognition}, added ${a.addedAt}`)].join('\n') + '\n';
}
