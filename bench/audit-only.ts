/** `node dist/bench/audit-only.js`: just the audit benchmark (BENCH_AUDIT_EVENTS, default 1,000,000). */
import 'reflect-metadata';
import { benchAudit } from './audit.bench';
import { print } from './report';

benchAudit(Number(process.env.BENCH_AUDIT_EVENTS ?? 1_000_000))
  .then(print)
  .catch((error) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
