import { DistributedEnvironment } from '@credit-bank/platform';
import { KafkaConnectionOptions } from '@credit-bank/kafka-bus';

/** The Kafka settings every bus server and client of a process shares, from the environment. */
/** The transport logs through Nest's Logger, which the process points at its JSON (pino) logger. */
export function kafkaOptions(env: DistributedEnvironment): KafkaConnectionOptions {
  return {
    brokers: env.KAFKA_BROKERS,
    clientId: env.KAFKA_CLIENT_ID ?? `credit-bank-${env.SERVICE}`,
    topicPrefix: env.KAFKA_TOPIC_PREFIX,
    partitions: env.KAFKA_TOPIC_PARTITIONS,
    replicationFactor: env.KAFKA_REPLICATION_FACTOR,
  };
}

/** Consumer groups are `<prefix>credit-bank.<service>[.rpc]`: a topic prefix (a namespace) also separates the groups. */
export function groupPrefix(env: DistributedEnvironment): string {
  return `${env.KAFKA_TOPIC_PREFIX}credit-bank.`;
}

/** The MongoDB database of a service: `<MONGODB_DATABASE_PREFIX><service>`. */
export function databaseOf(env: DistributedEnvironment, service: string): string {
  return `${env.MONGODB_DATABASE_PREFIX}${service}`;
}
