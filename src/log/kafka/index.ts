// The Kafka implementation of the topic log. Only src/log may import kafkajs; everything the rest
// of ksqlite needs from Kafka goes through these exports.

export { KafkaLog } from './kafka-log.js';
export type { KafkaLogOptions, KafkaLogEntry, KafkaLogLevel } from './kafka-client.js';
export type { PartitionLag } from './kafka-admin.js';
export { KafkaGroupConsumer } from './group-consumer.js';
export type {
  AssignmentListener,
  BatchHandler,
  ConsumedBatch,
  ConsumerErrorListener,
  GroupConsumerOptions,
  TopicPartitions,
} from './group-consumer.js';
export { KafkaTransaction, KafkaTransactionalProducer } from './transactional-producer.js';
export type { TransactionalProducerOptions } from './transactional-producer.js';
