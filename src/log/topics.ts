// What the engine's statement handlers need of the topic log, synchronously: topic metadata,
// creating and deleting topics, appending records. The embedded log does it in SQLite; in Kafka
// mode a facade answers from cached metadata and queues the writes, awaited after each statement.

import type { ProduceRecord, TopicConfig, TopicInfo } from './types.js';

export interface EngineTopics {
  hasTopic(name: string): boolean;
  describeTopic(name: string): TopicInfo | undefined;
  listTopics(): TopicInfo[];
  createTopic(name: string, config: TopicConfig): boolean;
  deleteTopic(name: string): boolean;
  produce(topic: string, records: readonly ProduceRecord[]): unknown;
}
