import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { creditCode, httpClient, HttpResult, lastSmsCode, residentId, TestSystem } from './e2e-support';

/**
 * The contract run's pieces: the pinned schemathesis (installed into the test servers' cache by
 * tools/servers/servers.js), one actor of each role on a running embedded system, and one
 * schemathesis run against the system's own OpenAPI document.
 */

const REPO = resolve(__dirname, '../../../..');
export const CONTRACT_CONFIG = join(REPO, 'tools', 'contract', 'schemathesis.toml');
/** Where the OpenAPI document is served (bootstrap.ts). */
export const OPENAPI_PATH = '/api/docs/openapi.json';

export type Schemathesis = { bin: string; version: string } | { skipped: string };

/** The pinned schemathesis, installed on first use; `skipped` only where there is no Python. */
export function schemathesis(): Schemathesis {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const servers = require(join(REPO, 'tools', 'servers', 'servers.js')) as { prepareSchemathesis(): { bin?: string; skipped?: string; dir: string } };
  const prepared = servers.prepareSchemathesis();
  if (prepared.skipped || !prepared.bin) return { skipped: prepared.skipped ?? 'schemathesis could not be prepared' };
  const version = /schemathesis==(\S+)/.exec(readFileSync(join(REPO, 'tools', 'contract', 'requirements.txt'), 'utf8'))?.[1] ?? '?';
  return { bin: prepared.bin, version };
}

export const CONTRACT_PASSWORD = 'Contract-Passw0rd-1';
export const CONTRACT_ADMIN = { ADMIN_USERNAME: 'Contract_Admin', ADMIN_PASSWORD: 'Contract-Adm1n-2026' };

export interface ContractActors {
  learner: string;
  institution: string;
  admin: string;
}

/**
 * Registers a learner and an institution over HTTP (SMS code, registration), approves the
 * institution as the administrator of the configuration, and signs all three in: their tokens.
 */
export async function contractActors(system: TestSystem): Promise<ContractActors> {
  const api = httpClient(`${system.url}/api/v1`);
  const ok = async (what: string, pending: Promise<HttpResult>, status: number) => {
    const res = await pending;
    if (res.status !== status) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const register = async (body: { mobile: string } & Record<string, unknown>): Promise<string> => {
    await ok('SMS code', api('POST', '/sms-codes', { body: { mobile: body.mobile, purpose: 'register' } }), 202);
    return (await ok(`register ${String(body.username)}`, api('POST', '/accounts', { body: { ...body, smsCode: lastSmsCode(system, body.mobile) } }), 201)).id;
  };
  const login = async (identifier: string, password: string): Promise<string> =>
    (await ok(`sign in ${identifier}`, api('POST', '/sessions', { body: { identifier, password } }), 200)).accessToken;

  await register({
    type: 'individual',
    username: 'contract_learner',
    password: CONTRACT_PASSWORD,
    passwordConfirmation: CONTRACT_PASSWORD,
    realName: '契约',
    nationality: 'CN',
    ethnicity: '01',
    gender: 'female',
    idType: 'resident-id-card',
    idNumber: residentId('44010619900307123'),
    birthDate: '1990-03-07',
    email: 'contract-learner@example.com',
    address: { province: '440000', city: '440100', district: '440106', detail: '中山大道西 55 号' },
    mobile: '13512345678',
    acceptTerms: true,
  });
  const admin = await login(CONTRACT_ADMIN.ADMIN_USERNAME, CONTRACT_ADMIN.ADMIN_PASSWORD);
  const institutionCode = creditCode('12440000500000123');
  await ok('list the institution in the directory', api('POST', '/admin/qualification-institutions', { token: admin, body: { name: '契约测试学院', creditCode: institutionCode } }), 201);
  const institutionId = await register({
    type: 'institution',
    username: 'contract_institution',
    password: CONTRACT_PASSWORD,
    passwordConfirmation: CONTRACT_PASSWORD,
    name: '契约测试学院',
    unifiedSocialCreditCode: institutionCode,
    contactName: '王五',
    email: 'contract-institution@example.cn',
    mobile: '13612345678',
    acceptTerms: true,
  });
  await ok('approve the institution', api('POST', `/admin/institutions/${institutionId}/approval`, { token: admin }), 200);
  return {
    learner: await login('contract_learner', CONTRACT_PASSWORD),
    institution: await login('contract_institution', CONTRACT_PASSWORD),
    admin,
  };
}

export interface ContractRunResult {
  role: string;
  exitCode: number | null;
  output: string;
  ms: number;
}

/**
 * One schemathesis run (tools/contract/schemathesis.toml) against the system's OpenAPI document
 * with a role's token. Spawned, never spawnSync: the server answering it runs in this process.
 */
export function runContract(st: { bin: string }, system: TestSystem, role: string, token: string, reportDir: string, extraArgs: string[] = []): Promise<ContractRunResult> {
  mkdirSync(reportDir, { recursive: true });
  const args = [
    '--config-file',
    CONTRACT_CONFIG,
    '--no-color',
    'run',
    `${system.url}${OPENAPI_PATH}`,
    '--url',
    system.url,
    '--header',
    `Authorization: Bearer ${token}`,
    '--report',
    'junit',
    '--report-junit-path',
    join(reportDir, `${role}.junit.xml`),
    ...(process.env.CONTRACT_SEED ? ['--seed', process.env.CONTRACT_SEED] : []),
    ...extraArgs,
  ];
  const t0 = Date.now();
  return new Promise((done, fail) => {
    const child = spawn(st.bin, args, { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', COLUMNS: '160' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', fail);
    child.on('close', (exitCode) => done({ role, exitCode, output, ms: Date.now() - t0 }));
  });
}
