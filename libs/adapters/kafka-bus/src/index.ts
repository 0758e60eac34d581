export * from './lib/kafka-bus.server';
export * from './lib/kafka-bus.client';
export * from './lib/kafka-bus.context';
export { ensureTopics, brokerList, IDEMPOTENT_PRODUCER, type KafkaConnectionOptions, type EnsureTopicsOptions } from './lib/kafka-connection';
export { KafkaBusHeaders, KafkaNoMessageHandlerError, InvalidKafkaPatternError, NO_MESSAGE_HANDLER, topicOf, deadLetterTopicOf, eventKeyOf } from './lib/kafka-wire';
