// The topic log as the runtime sees it: topics with partitions, records with keys, values,
// timestamps and headers, and consumer positions. Embedded (SQLite) is the default implementation.

export interface Header {
  readonly key: string;
  readonly value: Buffer | null;
}

/** A record to append. Without `partition`, the partition is chosen from the key like Kafka's default partitioner. */
export interface ProduceRecord {
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp: number;
  readonly headers?: readonly Header[];
  readonly partition?: number;
}

export interface LogRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly timestamp: number;
  readonly headers: readonly Header[];
}

export interface TopicConfig {
  readonly partitions: number;
  readonly replicas?: number;
  readonly cleanupPolicy?: 'delete' | 'compact' | 'compact,delete';
  /** Records older than this (by timestamp) may be dropped; -1 or absent keeps everything. */
  readonly retentionMs?: number;
}

export interface TopicInfo {
  readonly name: string;
  readonly partitions: number;
  readonly replicas: number;
  readonly cleanupPolicy: string;
  readonly retentionMs: number;
}

export interface TopicPartitionOffset {
  readonly topic: string;
  readonly partition: number;
  /** The next offset to read. */
  readonly offset: number;
}
