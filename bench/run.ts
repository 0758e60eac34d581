/**
 * `npm run bench`: figures for the embedded profile, each beside a baseline measured in the same
 * run, printed as ratios. BENCH_SCALE (default 1) scales the event-store row counts;
 * BENCH_SECONDS (default 10) the duration of each HTTP load.
 */
import 'reflect-metadata';
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
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
