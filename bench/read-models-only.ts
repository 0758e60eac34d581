/** `node dist/bench/read-models-only.js`: just the read-model benchmark (BENCH_STORED achievements, default 10,000). */
import 'reflect-metadata';
import { benchReadModels } from './read-models.bench';
import { print } from './report';

benchReadModels(Number(process.env.BENCH_STORED ?? 10_000))
  .then((rows) => {
    print(rows);
    process.exit(0);
  })
  .catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
