import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
// The fixture file alone, not @credit-bank/testing's index (jest helpers and server discovery are not built into dist).
import { PNG_EVIDENCE } from '../libs/testing/src/lib/evidence-files';
import { Row } from './report';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon = require('autocannon');

export interface Cannon {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

export function cannon(options: Record<string, unknown>): Promise<Cannon> {
  return new Promise((res, rej) => autocannon(options, (err: Error | null, result: Cannon) => (err ? rej(err) : res(result))));
}

export function freePort(): Promise<number> {
  return new Promise((res) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => res(port));
    });
  });
}

export async function waitFor(url: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer`);
}

function start(script: string, env: Record<string, string>): ChildProcess {
  const extra = process.env.BENCH_CHILD_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...extra, script], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  return child;
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((res) => {
    child.once('exit', () => res());
    child.kill('SIGTERM');
  });
}

export async function json(url: string, init: RequestInit = {}): Promise<any> {
  const response = await fetch(url, init);
  const body = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url} → ${response.status} ${body}`);
  return body ? JSON.parse(body) : undefined;
}

/** A real 4×4 PNG (the gateway decodes and re-encodes every image): the shared fixture. */
export const PNG = PNG_EVIDENCE;

export async function benchHttp(seconds: number): Promise<Row[]> {
  const dist = resolve(__dirname, '..');
  const body = (catalogItemId: string, evidenceId: string) =>
    JSON.stringify({
      category: 'vocational-qualification',
      catalogItemId,
      // One learner stores a certificate once: each request its own number (the evidence id is unique too).
    certificateNumber: `GD-2024-${evidenceId.slice(0, 8)}`,
      issueDate: '2024-06-30',
      certificateLevel: '4',
      occupation: '计算机操作员',
      educationLevel: '61',
      evidenceId,
      description: '办公自动化中级证书，2024 年取得。',
    });

  // Baseline: the bare endpoint.
  const barePort = await freePort();
  const bare = start(join(dist, 'bench', 'bare-server.js'), { PORT: String(barePort) });
  const bareUrl = `http://127.0.0.1:${barePort}`;
  let bareResult: Cannon;
  try {
    await waitFor(`${bareUrl}/achievements`, 30_000).catch(() => undefined);
    await new Promise((r) => setTimeout(r, 500));
    const sample = body('6f1c1c8e-4a39-4d4f-9c41-2f1a7f3b9d10', '7a2b3c4d-5e6f-4a1b-8c9d-0e1f2a3b4c5d');
    bareResult = await cannon({ url: `${bareUrl}/achievements`, method: 'POST', headers: { 'content-type': 'application/json' }, body: sample, connections: 32, duration: seconds });
  } finally {
    await stop(bare);
  }

  // The embedded profile at full durability.
  const dataDir = mkdtempSync(join(tmpdir(), 'credit-bank-bench-http-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const app = start(join(dist, 'apps', 'embedded', 'src', 'main.js'), { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', SQLITE_SYNCHRONOUS: 'FULL' });
  try {
    await waitFor(`${url}/health/ready`);
    const api = `${url}/api/v1`;
    const mobile = '13800138000';
    await json(`${api}/sms-codes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mobile, purpose: 'register' }) });
    const outbox = readFileSync(join(dataDir, 'sms-outbox.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    const smsCode = outbox.filter((m: { mobile: string }) => m.mobile === mobile).pop().code;
    await json(`${api}/accounts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'individual', username: 'bench_user', password: 'Bench-Passw0rd', passwordConfirmation: 'Bench-Passw0rd', realName: '张三',
        nationality: 'CN', ethnicity: '01', gender: 'male', idType: 'resident-id-card', idNumber: '11010519491231002X', birthDate: '1949-12-31',
        email: 'bench@example.com', address: { province: '440000', city: '440100', district: '440106', detail: '中山大道 1 号' }, mobile, smsCode, acceptTerms: true,
      }),
    });
    const { accessToken } = await json(`${api}/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ identifier: 'bench_user', password: 'Bench-Passw0rd' }) });
    const catalog = await json(`${api}/catalog/items?category=vocational-qualification&pageSize=1`);
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` };
    // Each achievement needs its own evidence file (a scan backs one achievement), so a pool of
    // uploads is made before each load and each request takes the next one.
    const uploadPool = async (count: number): Promise<string[]> => {
      const ids: string[] = [];
      let made = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          while (made < count) {
            made++;
            const form = new FormData();
            form.append('file', new Blob([PNG], { type: 'image/png' }), 'scan.png');
            ids.push((await json(`${api}/evidence`, { method: 'POST', headers: { authorization: `Bearer ${accessToken}` }, body: form })).id);
          }
        }),
      );
      return ids;
    };
    const load = (pool: string[]) => ({
      url: `${api}/achievements`,
      method: 'POST',
      headers,
      requests: [{ setupRequest: (req: Record<string, unknown>) => ({ ...req, body: body(catalog.items[0].id, pool.pop() ?? 'pool-exhausted') }) }],
    });

    const maxPool = await uploadPool(Math.round(900 * seconds));
    const max = await cannon({ ...load(maxPool), connections: 32, duration: seconds });
    const rate70 = Math.max(1, Math.floor(max.requests.average * 0.7));
    const pacedPool = await uploadPool(Math.ceil(rate70 * seconds * 1.2) + 50);
    const paced = await cannon({ ...load(pacedPool), connections: 16, duration: seconds, overallRate: rate70 });
    const peak = peakRssMb(app.pid as number);
    const bareRate = bareResult.requests.average;
    return [
      { name: 'bare NestJS-Fastify validated POST', rate: bareRate, unit: 'req/s', p50: bareResult.latency.p50, p99: bareResult.latency.p99 },
      {
        name: 'POST /achievements, embedded (max rate)',
        rate: max.requests.average,
        unit: 'req/s',
        baseline: bareRate,
        target: 0.3,
        p50: max.latency.p50,
        p99: max.latency.p99,
        note: `non-2xx ${max.non2xx}, errors ${max.errors}${maxPool.length ? '' : ', evidence pool exhausted'}`,
      },
      {
        name: `POST /achievements at 70 % (${rate70}/s)`,
        rate: paced.requests.average,
        unit: 'req/s',
        p50: paced.latency.p50,
        p99: paced.latency.p99,
        note: `p99 target ≤ 50 ms: ${paced.latency.p99 <= 50 ? 'ok' : 'MISSED'}; non-2xx ${paced.non2xx}`,
      },
      { name: 'embedded process peak RSS (VmHWM)', rate: peak, unit: 'MB', note: `target < 400 MB: ${peak < 400 ? 'ok' : 'MISSED'}` },
    ];
  } finally {
    await stop(app);
    rmSync(dataDir, { recursive: true, force: true });
  }
}
