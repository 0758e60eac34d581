/**
 * Where the real servers of the integration tests are. The jest global setup
 * (./global-setup.ts) fills these environment variables before the workers start: from the
 * environment itself, else testcontainers when a Docker engine answers, else the project's start
 * script (tools/servers/servers.js). When a server could not be had, it records why in
 * CREDIT_BANK_<SERVER>_UNAVAILABLE, and the `describeWith…` helpers skip visibly.
 */

export type ServerKind = 'kafka' | 'mongodb' | 'eventstore';

export const SERVER_ENV: Record<ServerKind, { url: string; unavailable: string; label: string }> = {
  kafka: { url: 'KAFKA_BROKERS', unavailable: 'CREDIT_BANK_KAFKA_UNAVAILABLE', label: 'Kafka' },
  mongodb: { url: 'MONGODB_URI', unavailable: 'CREDIT_BANK_MONGODB_UNAVAILABLE', label: 'MongoDB (or FerretDB)' },
  eventstore: { url: 'EVENTSTORE_URL', unavailable: 'CREDIT_BANK_EVENTSTORE_UNAVAILABLE', label: 'EventStoreDB' },
};

function read(name: string): string | undefined {
  const v = process.env[name]?.trim();
  return v ? v : undefined;
}

/** `KAFKA_BROKERS` split on commas (host:port each), or undefined when no broker is known. */
export function kafkaBrokers(): string[] | undefined {
  const v = read('KAFKA_BROKERS');
  if (!v) return undefined;
  const list = v.split(',').map((s) => s.trim()).filter(Boolean);
  return list.length ? list : undefined;
}

/** `MONGODB_URI` (a MongoDB or FerretDB server), or undefined. */
export function mongoUri(): string | undefined {
  return read('MONGODB_URI');
}

/** `EVENTSTORE_URL` (esdb://…), or undefined. */
export function eventStoreUrl(): string | undefined {
  return read('EVENTSTORE_URL');
}

export function serverAvailable(kind: ServerKind): boolean {
  return read(SERVER_ENV[kind].url) !== undefined;
}

/** Why a server is missing, as recorded by the global setup (or a generic reason). */
export function unavailableReason(kind: ServerKind): string {
  const { url, unavailable } = SERVER_ENV[kind];
  return read(unavailable) ?? `${url} is not set`;
}

/** True when CI asked for real servers (CREDIT_BANK_REQUIRE_SERVERS=1): a missing one is an error, never a skip. */
export function serversRequired(): boolean {
  return process.env.CREDIT_BANK_REQUIRE_SERVERS === '1';
}

/** The servers that CREDIT_BANK_REQUIRE_SERVERS=1 makes mandatory (EventStoreDB has no server obtainable here). */
export const REQUIRED_SERVERS: readonly ServerKind[] = ['kafka', 'mongodb'];

/**
 * `describe` when the server is there; otherwise `describe.skip` (its tests count as skipped in
 * jest's summary and in the closing `tests: … skipped` line) plus a console line saying what was
 * skipped and why. Under CREDIT_BANK_REQUIRE_SERVERS=1 a missing Kafka or MongoDB fails instead.
 */
export function describeWithServer(kind: ServerKind, name: string, fn: () => void): void {
  if (serverAvailable(kind)) {
    describe(name, fn);
    return;
  }
  const reason = unavailableReason(kind);
  if (serversRequired() && REQUIRED_SERVERS.includes(kind)) {
    describe(name, () => {
      it(`needs ${SERVER_ENV[kind].label}`, () => {
        throw new Error(`${SERVER_ENV[kind].label} is required (CREDIT_BANK_REQUIRE_SERVERS=1) but unavailable: ${reason}`);
      });
    });
    return;
  }
  // One plain line (console.warn would add a code frame to every skip).
  process.stderr.write(`SKIPPED "${name}": no ${SERVER_ENV[kind].label} (${reason})\n`);
  describe.skip(`${name} [skipped: no ${SERVER_ENV[kind].label}]`, fn);
}

export function describeWithKafka(name: string, fn: () => void): void {
  describeWithServer('kafka', name, fn);
}

export function describeWithMongo(name: string, fn: () => void): void {
  describeWithServer('mongodb', name, fn);
}

export function describeWithEventStore(name: string, fn: () => void): void {
  describeWithServer('eventstore', name, fn);
}

/** A name no other test run uses (topics, databases, consumer groups on shared servers). */
export function uniqueName(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
