import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';
import { Environment, EnvironmentError, loadEnvironment } from './environment';

/** The programs of the distributed profile, one process each. */
export const DISTRIBUTED_SERVICES = ['gateway', 'identity', 'catalog', 'ledger'] as const;
export type DistributedService = (typeof DISTRIBUTED_SERVICES)[number];

const BROKERS = /^\s*[^\s,:]+:\d{1,5}\s*(,\s*[^\s,:]+:\d{1,5}\s*)*,?\s*$/;
const MONGO_URI = /^mongodb(\+srv)?:\/\/\S+$/;
const ESDB_URL = /^(esdb|esdb\+discover|kurrentdb|kurrentdb\+discover|kdb|kdb\+discover):\/\/\S+$/;
/** Kafka topic names: letters, digits, `.`, `_`, `-`. */
const TOPIC_PREFIX = /^[A-Za-z0-9._-]{0,100}$/;
/** MongoDB database names must not hold `/\. "$` and stay short. */
const DB_PREFIX = /^[A-Za-z0-9_-]{1,40}$/;

const int = (fallback: number) => ({ value }: { value: unknown }) => (value === undefined || value === '' ? fallback : Number(value));

/**
 * The settings a service of the distributed profile adds to {@link Environment}: where Kafka,
 * MongoDB and (optionally) EventStoreDB are, and how topics are made. Validated at start, every
 * mistake listed with its variable.
 */
export class DistributedSettings {
  /** Comma-separated `host:port` of the Kafka bootstrap brokers. */
  @IsString({ message: 'KAFKA_BROKERS must list the Kafka brokers as host:port[,host:port…]' })
  @Matches(BROKERS, { message: 'KAFKA_BROKERS must list the Kafka brokers as host:port[,host:port…]' })
  KAFKA_BROKERS!: string;

  /** `mongodb://…`: the read models (database `<MONGODB_DATABASE_PREFIX><service>`) and GridFS evidence. */
  @IsOptional()
  @Matches(MONGO_URI, { message: 'MONGODB_URI must be a mongodb:// or mongodb+srv:// URI' })
  MONGODB_URI?: string;

  /** `esdb://host:2113?tls=false`: EventStoreDB; absent → a SQLite event store file per service in DATA_DIR. */
  @IsOptional()
  @Matches(ESDB_URL, { message: 'EVENTSTORE_URL must be an esdb:// (or kurrentdb://) connection string, or unset for SQLite files in DATA_DIR' })
  EVENTSTORE_URL?: string;

  @IsIn(['gridfs', 'local'], { message: 'BLOB_STORE must be gridfs or local' })
  BLOB_STORE: 'gridfs' | 'local' = 'gridfs';

  /** Prefix of every topic (a namespace on a shared broker; tests use one per run). */
  @Matches(TOPIC_PREFIX, { message: 'KAFKA_TOPIC_PREFIX may hold letters, digits, ".", "_" and "-" only' })
  KAFKA_TOPIC_PREFIX = '';

  @Transform(int(3))
  @IsInt({ message: 'KAFKA_TOPIC_PARTITIONS must be an integer between 1 and 1000' })
  @Min(1, { message: 'KAFKA_TOPIC_PARTITIONS must be an integer between 1 and 1000' })
  @Max(1000, { message: 'KAFKA_TOPIC_PARTITIONS must be an integer between 1 and 1000' })
  KAFKA_TOPIC_PARTITIONS = 3;

  /** Replication factor of the topics a service creates; -1: the broker's default.replication.factor. */
  @Transform(int(-1))
  @IsInt({ message: 'KAFKA_REPLICATION_FACTOR must be -1 (broker default) or an integer between 1 and 16' })
  @Min(-1, { message: 'KAFKA_REPLICATION_FACTOR must be -1 (broker default) or an integer between 1 and 16' })
  @Max(16, { message: 'KAFKA_REPLICATION_FACTOR must be -1 (broker default) or an integer between 1 and 16' })
  KAFKA_REPLICATION_FACTOR = -1;

  @Matches(DB_PREFIX, { message: 'MONGODB_DATABASE_PREFIX must be 1 to 40 letters, digits, "_" or "-"' })
  MONGODB_DATABASE_PREFIX = 'credit-bank-';

  /** How long the gateway (and the ledger asking the catalogue) waits for a reply on the bus, ms. */
  @Transform(int(15_000))
  @IsInt({ message: 'REQUEST_TIMEOUT_MS must be an integer between 100 and 120000' })
  @Min(100, { message: 'REQUEST_TIMEOUT_MS must be an integer between 100 and 120000' })
  @Max(120_000, { message: 'REQUEST_TIMEOUT_MS must be an integer between 100 and 120000' })
  REQUEST_TIMEOUT_MS = 15_000;

  /** Deliveries of one integration event before it is parked on `<topic>.dlt`. */
  @Transform(int(3))
  @IsInt({ message: 'EVENT_DELIVERY_ATTEMPTS must be an integer between 1 and 100' })
  @Min(1, { message: 'EVENT_DELIVERY_ATTEMPTS must be an integer between 1 and 100' })
  @Max(100, { message: 'EVENT_DELIVERY_ATTEMPTS must be an integer between 1 and 100' })
  EVENT_DELIVERY_ATTEMPTS = 3;

  /** How long a SIGTERM waits for requests being handled before the process disconnects anyway, ms. */
  @Transform(int(10_000))
  @IsInt({ message: 'SHUTDOWN_GRACE_MS must be an integer between 0 and 120000' })
  @Min(0, { message: 'SHUTDOWN_GRACE_MS must be an integer between 0 and 120000' })
  @Max(120_000, { message: 'SHUTDOWN_GRACE_MS must be an integer between 0 and 120000' })
  SHUTDOWN_GRACE_MS = 10_000;

  @IsOptional()
  @IsString()
  KAFKA_CLIENT_ID?: string;
}

export type DistributedEnvironment = Environment & DistributedSettings & { SERVICE: DistributedService };

/**
 * Reads and validates the environment of one distributed service: the common settings
 * ({@link loadEnvironment}) and {@link DistributedSettings}, plus what that service needs
 * (JWT_SECRET for the gateway and identity, MASTER_KEY for the services that seal personal data,
 * MONGODB_URI where read models or GridFS live).
 * Throws one EnvironmentError listing every mistake.
 */
export function loadDistributedEnvironment(service: DistributedService, env: Record<string, string | undefined> = process.env): DistributedEnvironment {
  const problems: string[] = [];
  let base: Environment | undefined;
  try {
    base = loadEnvironment(env);
  } catch (error) {
    if (!(error instanceof EnvironmentError)) throw error;
    problems.push(...error.problems);
  }
  const picked: Record<string, string> = {};
  for (const key of Object.keys(new DistributedSettings()).concat(['KAFKA_BROKERS', 'MONGODB_URI', 'EVENTSTORE_URL', 'KAFKA_CLIENT_ID'])) {
    const v = env[key];
    if (v !== undefined && v !== '') picked[key] = v;
  }
  const settings = plainToInstance(DistributedSettings, picked, { exposeDefaultValues: true });
  for (const e of validateSync(settings, { skipMissingProperties: false })) {
    for (const m of new Set(Object.values(e.constraints ?? {}))) problems.push(`${m} (got ${e.property === 'MONGODB_URI' || e.property === 'EVENTSTORE_URL' ? 'a value not shown' : JSON.stringify(env[e.property])})`);
  }
  if ((service === 'gateway' || service === 'identity') && !env.JWT_SECRET) {
    problems.push(`JWT_SECRET is required by the ${service} of the distributed profile (the same value for the gateway and identity, at least 32 characters)`);
  }
  if (service !== 'gateway' && !env.MASTER_KEY && !env.MASTER_KEY_FILE) {
    problems.push(`MASTER_KEY (or MASTER_KEY_FILE) is required by the ${service} service of the distributed profile (the same 32 bytes, hex or base64, for identity, catalog and ledger: it wraps the data subjects' keys)`);
  }
  const needsMongo = service !== 'gateway' || settings.BLOB_STORE === 'gridfs';
  if (needsMongo && !settings.MONGODB_URI) {
    problems.push(
      service === 'gateway'
        ? 'MONGODB_URI is required by the gateway when BLOB_STORE=gridfs (evidence files are stored in GridFS)'
        : `MONGODB_URI is required by the ${service} service (its read models live in MongoDB)`,
    );
  }
  if (problems.length || !base) throw new EnvironmentError(problems);
  return Object.assign(base, settings, { SERVICE: service });
}
