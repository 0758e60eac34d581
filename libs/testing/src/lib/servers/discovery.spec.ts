import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventStoreUrl, kafkaBrokers, mongoUri, unavailableReason } from './discovery';
import { serversNeeded } from './global-setup';

describe('server discovery', () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const k of ['KAFKA_BROKERS', 'MONGODB_URI', 'EVENTSTORE_URL', 'CREDIT_BANK_KAFKA_UNAVAILABLE']) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });

  it('reads the brokers, the MongoDB URI and the EventStoreDB URL from the environment', () => {
    process.env.KAFKA_BROKERS = ' 127.0.0.1:9092, 127.0.0.2:9093 ,';
    process.env.MONGODB_URI = 'mongodb://127.0.0.1:27017/';
    process.env.EVENTSTORE_URL = '';
    expect(kafkaBrokers()).toEqual(['127.0.0.1:9092', '127.0.0.2:9093']);
    expect(mongoUri()).toBe('mongodb://127.0.0.1:27017/');
    expect(eventStoreUrl()).toBeUndefined();
  });

  it('treats blank values as absent and reports the recorded reason', () => {
    process.env.KAFKA_BROKERS = ' , ';
    delete process.env.CREDIT_BANK_KAFKA_UNAVAILABLE;
    expect(kafkaBrokers()).toBeUndefined();
    expect(unavailableReason('kafka')).toBe('KAFKA_BROKERS is not set');
    process.env.CREDIT_BANK_KAFKA_UNAVAILABLE = 'no Java';
    expect(unavailableReason('kafka')).toBe('no Java');
  });
});

describe('serversNeeded', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'cb-needed-'));
    mkdirSync(join(root, 'libs', 'a'), { recursive: true });
    mkdirSync(join(root, 'libs', 'b'), { recursive: true });
    writeFileSync(join(root, 'libs', 'a', 'bus.int-spec.ts'), "import { describeWithKafka } from '@credit-bank/testing';");
    writeFileSync(join(root, 'libs', 'b', 'store.int-spec.ts'), "import { MongoReadStore } from '@credit-bank/mongodb';");
    writeFileSync(join(root, 'libs', 'b', 'plain.int-spec.ts'), "import Database from 'better-sqlite3';");
    writeFileSync(join(root, 'libs', 'b', 'unit.spec.ts'), "import 'kafkajs';");
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const patterns = (...p: string[]) => ({
    isSet: () => p.length > 0,
    toExecutor: () => ({ isMatch: (f: string) => p.some((x) => new RegExp(x).test(f)) }),
  });

  it('finds what every integration file needs when no path is selected', () => {
    expect([...serversNeeded({ rootDir: root, testPathPatterns: patterns() }, { rootDir: root, roots: [join(root, 'libs')] })].sort()).toEqual(['kafka', 'mongodb']);
  });

  it('looks only at the selected files, and never at unit specs', () => {
    expect([...serversNeeded({ rootDir: root, testPathPatterns: patterns('libs/b') }, { rootDir: root })]).toEqual(['mongodb']);
    expect([...serversNeeded({ rootDir: root, testPathPatterns: ['plain|unit'] }, { rootDir: root })]).toEqual([]);
  });

  it('assumes every server for --findRelatedTests / --onlyChanged', () => {
    expect(serversNeeded({ rootDir: root, findRelatedTests: true }).size).toBe(3);
  });
});
