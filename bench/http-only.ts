/** `node dist/bench/http-only.js`: just the embedded HTTP benchmark (BENCH_SECONDS, default 10; BENCH_CHILD_NODE_ARGS, e.g. --cpu-prof, for the servers). */
import 'reflect-metadata';
import { benchHttp } from './http.bench';
import { print } from './report';

benchHttp(Number(process.env.BENCH_SECONDS ?? 10))
  .then((rows) => {
    print(rows);
    process.exit(0);
  })
  .catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
