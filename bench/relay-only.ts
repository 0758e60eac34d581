/**
 * `node dist/bench/relay-only.js`: just the publication part of the distributed benchmark — the
 * identity relay beside a raw kafkajs producer in the same run (BENCH_RELAY_EVENTS, default
 * 20,000), on KAFKA_BROKERS and MONGODB_URI when both are set, else on servers started for it.
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchPublication, servers } from './distributed.bench';
import { print } from './report';

async function main(): Promise<void> {
  const s = await servers();
  if (typeof s === 'string') throw new Error(s);
  const dir = mkdtempSync(join(tmpdir(), 'credit-bank-bench-relay-'));
  try {
    print(await benchPublication(s, Number(process.env.BENCH_RELAY_EVENTS ?? 20_000), dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await s.close();
  }
}

main()
  .then(() => process.exit(0))
  .catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
