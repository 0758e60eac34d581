/**
 * `npm run bench`: figures for the embedded profile, each beside a baseline measured in the same
 * run, printed as ratios. BENCH_SCALE (default 1) scales the event-store row counts;
 * BENCH_SECONDS (default 10) the duration of each HTTP load; BENCH_AUDIT_EVENTS (default
 * 1,000,000) the size of the history the audit benchmark verifies; BENCH_DISTRIBUTED=0 skips the
 * distributed profile (Kafka + FerretDB started for the run unless KAFKA_BROKERS and MONGODB_URI
 * are set; FERRETDB_BACKEND=postgresql|sqlite chooses that FerretDB's storage, default postgresql),
 * BENCH_RELAY_EVENTS (default 20,000) the events its relay publishes, BENCH_LAG_RATE (default 0.4
 * of the gateway's burst rate) the commands/s of the projection-lag load.
 */
import 'reflect-metadata';
import { benchAudit } from './audit.bench';
import { benchDistributed } from './distributed.bench';
import { benchEventStore } from './event-store.bench';
import { benchHttp } from './http.bench';
import { benchReadModels } from './read-models.bench';
import { print } from './report';

async function main() {
  const scale = Number(process.env.BENCH_SCALE ?? 1);
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  process.stdout.write(`Credit Bank benchmark — node ${process.version}, ${new Date().toISOString()}\n\n== event store (SQLite, synchronous=FULL)\n`);
  print(await benchEventStore(scale));
  process.stdout.write('\n== HTTP (embedded profile, synchronous=FULL)\n');
  const http = await benchHttp(seconds);
  print(http);
  const stored = Number(process.env.BENCH_STORED ?? 10_000);
  process.stdout.write(`\n== read models (embedded profile): a page of 20, empty store vs ${stored} achievements stored\n`);
  print(await benchReadModels(stored));
  process.stdout.write('\n== distributed profile (four processes, Kafka, MongoDB read models on FerretDB, SQLite event stores)\n');
  const embedded = http.find((r) => r.name.startsWith('POST /achievements, embedded'))?.rate;
  const distributed = await benchDistributed(seconds, embedded);
  if (typeof distributed === 'string') process.stdout.write(`${distributed}\n`);
  else print(distributed);
  const auditEvents = Number(process.env.BENCH_AUDIT_EVENTS ?? 1_000_000);
  process.stdout.write(`\n== audit verify over ${auditEvents} events (SQLite store)\n`);
  print(await benchAudit(auditEvents));
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
