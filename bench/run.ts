/**
 * `npm run bench`: figures for the embedded profile, each beside a baseline measured in the same
 * run, printed as ratios. BENCH_SCALE (default 1) scales the event-store row counts;
 * BENCH_SECONDS (default 10) the duration of each HTTP load; BENCH_AUDIT_EVENTS (default
 * 1,000,000) the size of the history the audit benchmark verifies.
 */
import 'reflect-metadata';
import { benchAudit } from './audit.bench';
import { benchEventStore } from './event-store.bench';
import { benchHttp } from './http.bench';
import { print } from './report';

async function main() {
  const scale = Number(process.env.BENCH_SCALE ?? 1);
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  process.stdout.write(`Credit Bank benchmark — node ${process.version}, ${new Date().toISOString()}\n\n== event store (SQLite, synchronous=FULL)\n`);
  print(await benchEventStore(scale));
  process.stdout.write('\n== HTTP (embedded profile, synchronous=FULL)\n');
  print(await benchHttp(seconds));
  const auditEvents = Number(process.env.BENCH_AUDIT_EVENTS ?? 1_000_000);
  process.stdout.write(`\n== audit verify over ${auditEvents} events (SQLite store)\n`);
  print(await benchAudit(auditEvents));
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
