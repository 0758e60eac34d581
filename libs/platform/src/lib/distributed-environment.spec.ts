import { loadDistributedEnvironment } from './distributed-environment';
import { EnvironmentError } from './environment';

const SECRET = 'x'.repeat(40);
const MASTER_KEY = '0123456789abcdef'.repeat(4);

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof EnvironmentError) return error.problems;
    throw error;
  }
  return [];
}

describe('loadDistributedEnvironment', () => {
  it('reads a service configuration with its defaults', () => {
    const env = loadDistributedEnvironment('ledger', { KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.2:9093', MONGODB_URI: 'mongodb://127.0.0.1:27017/', PORT: '0', MASTER_KEY });
    expect(env).toMatchObject({
      SERVICE: 'ledger',
      KAFKA_BROKERS: '127.0.0.1:9092, 127.0.0.2:9093',
      MONGODB_URI: 'mongodb://127.0.0.1:27017/',
      BLOB_STORE: 'gridfs',
      KAFKA_TOPIC_PREFIX: '',
      KAFKA_TOPIC_PARTITIONS: 3,
      KAFKA_REPLICATION_FACTOR: -1,
      MONGODB_DATABASE_PREFIX: 'credit-bank-',
      REQUEST_TIMEOUT_MS: 15000,
      EVENT_DELIVERY_ATTEMPTS: 3,
      PORT: 0,
    });
    expect(env.EVENTSTORE_URL).toBeUndefined();
  });

  it('lists every mistake at once, and never repeats a secret or a URI', () => {
    const problems = problemsOf(() =>
      loadDistributedEnvironment('identity', { KAFKA_BROKERS: 'kafka', MONGODB_URI: 'postgres://user:pw@db', EVENTSTORE_URL: 'http://es', BLOB_STORE: 's3', KAFKA_TOPIC_PARTITIONS: '0', PORT: 'x' }),
    );
    expect(problems.join('\n')).toMatch(/KAFKA_BROKERS must list/);
    expect(problems.join('\n')).toMatch(/MONGODB_URI must be a mongodb/);
    expect(problems.join('\n')).toMatch(/EVENTSTORE_URL must be an esdb/);
    expect(problems.join('\n')).toMatch(/BLOB_STORE must be gridfs or local/);
    expect(problems.join('\n')).toMatch(/KAFKA_TOPIC_PARTITIONS/);
    expect(problems.join('\n')).toMatch(/PORT must be an integer/);
    expect(problems.join('\n')).toMatch(/JWT_SECRET is required by the identity/);
    expect(problems.join('\n')).toMatch(/MASTER_KEY \(or MASTER_KEY_FILE\) is required by the identity service/);
    expect(problems.join('\n')).not.toContain('pw@db');
  });

  it('needs KAFKA_BROKERS everywhere, MONGODB_URI where read models or GridFS live, JWT_SECRET for the gateway and identity, MASTER_KEY where events are sealed', () => {
    expect(problemsOf(() => loadDistributedEnvironment('catalog', {}))).toEqual([
      expect.stringMatching(/^KAFKA_BROKERS must list/),
      expect.stringMatching(/^MASTER_KEY \(or MASTER_KEY_FILE\) is required by the catalog service/),
      expect.stringMatching(/^MONGODB_URI is required by the catalog service/),
    ]);
    expect(problemsOf(() => loadDistributedEnvironment('gateway', { KAFKA_BROKERS: 'k:9092', JWT_SECRET: SECRET }))).toEqual([expect.stringMatching(/^MONGODB_URI is required by the gateway when BLOB_STORE=gridfs/)]);
    expect(loadDistributedEnvironment('gateway', { KAFKA_BROKERS: 'k:9092', JWT_SECRET: SECRET, BLOB_STORE: 'local' }).BLOB_STORE).toBe('local');
    expect(loadDistributedEnvironment('identity', { KAFKA_BROKERS: 'k:9092', JWT_SECRET: SECRET, MONGODB_URI: 'mongodb://m/', EVENTSTORE_URL: 'esdb://es:2113?tls=false', MASTER_KEY }).EVENTSTORE_URL).toBe('esdb://es:2113?tls=false');
  });
});
