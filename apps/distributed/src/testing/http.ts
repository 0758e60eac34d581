import { Cluster } from './cluster';

export interface HttpResult<T = any> {
  status: number;
  body: T;
}

export interface RequestOptions {
  body?: unknown;
  token?: string;
  headers?: Record<string, string>;
  form?: FormData;
  timeoutMs?: number;
}

/** A small HTTP client over real sockets (fetch); a network failure answers status 0. */
export function httpClient(baseUrl: string) {
  return async function request<T = any>(method: string, path: string, options: RequestOptions = {}): Promise<HttpResult<T>> {
    const headers: Record<string, string> = { ...(options.headers ?? {}) };
    if (options.token) headers.authorization = `Bearer ${options.token}`;
    let body: string | FormData | undefined;
    if (options.form) body = options.form;
    else if (options.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.body);
    }
    try {
      const response = await fetch(`${baseUrl}${path}`, { method, headers, body, signal: AbortSignal.timeout(options.timeoutMs ?? 30_000) });
      const text = await response.text();
      const parsed = /json/.test(response.headers.get('content-type') ?? '') && text ? JSON.parse(text) : text;
      return { status: response.status, body: parsed as T };
    } catch (error) {
      return { status: 0, body: { error: (error as Error).message } as T };
    }
  };
}


/** A valid (checksummed) mainland resident ID number for a serial 0–999. */
export function residentId(serial: number): string {
  const body = `110105199001${String(1 + (serial % 28)).padStart(2, '0')}${String(serial % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = body.split('').reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}

let ipCounter = 1;
/** A client address of its own for each learner: the cluster's gateway trusts X-Forwarded-For from loopback (TRUST_PROXY), so auth rate limits stay per learner. */
function nextClientAddress(): string {
  ipCounter++;
  return `10.${(ipCounter >> 16) & 255}.${(ipCounter >> 8) & 255}.${ipCounter & 255}`;
}

export interface Learner {
  id: string;
  username: string;
  realName: string;
  token: string;
  address: string;
}

/** Asks for an SMS code (read from identity's outbox) and registers an individual; undefined when a step is not acknowledged. */
export async function registerLearner(cluster: Cluster, serial: number, prefix: string, options: { login?: boolean; timeoutMs?: number } = {}): Promise<{ status: number; learner?: Learner; id?: string }> {
  const api = httpClient(`${cluster.gatewayUrl}/api/v1`);
  const address = nextClientAddress();
  const headers = { 'x-forwarded-for': address };
  const mobile = `139${String(10_000_000 + serial * 7919).slice(-8)}`;
  const sms = await api('POST', '/sms-codes', { headers, body: { mobile, purpose: 'register' }, timeoutMs: options.timeoutMs });
  if (sms.status !== 202) return { status: sms.status };
  const smsCode = cluster.lastSmsCode(mobile);
  if (!smsCode) return { status: -1 };
  const username = `${prefix}_${serial}`.slice(0, 32);
  const realName = `学员${serial}`;
  const registered = await api('POST', '/accounts', {
    headers,
    timeoutMs: options.timeoutMs,
    body: {
      type: 'individual',
      username,
      password: 'Passw0rd-2024',
      passwordConfirmation: 'Passw0rd-2024',
      realName,
      nationality: 'CN',
      ethnicity: '01',
      gender: 'female',
      idType: 'resident-id-card',
      idNumber: residentId(serial),
      birthDate: `1990-01-${String(1 + (serial % 28)).padStart(2, '0')}`,
      email: `${username}@example.com`,
      address: { province: '440000', city: '440100', district: '440106', detail: '中山大道西 55 号' },
      mobile,
      smsCode,
      acceptTerms: true,
    },
  });
  if (registered.status !== 201) return { status: registered.status };
  const id = registered.body.id as string;
  if (!options.login) return { status: 201, id };
  const session = await api('POST', '/sessions', { headers, body: { identifier: username, password: 'Passw0rd-2024' }, timeoutMs: options.timeoutMs });
  if (session.status !== 200) return { status: session.status, id };
  return { status: 201, id, learner: { id, username, realName, token: session.body.accessToken as string, address } };
}
