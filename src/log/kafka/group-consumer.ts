// A member of a Kafka consumer group: Kafka spreads the subscribed topics' partitions over the
// group's members, and this member hands each fetched batch to a handler. Offsets are committed only
// when the caller says so, after it has stored the batch's results.

import kafkajs from 'kafkajs';
import type { Consumer, Kafka, PartitionAssigner } from 'kafkajs';
import { KsqlError } from '../../errors.js';
import type { LogRecord, TopicPartitionOffset } from '../types.js';
import { isKafkaFailure, kafkaError } from './kafka-errors.js';
import { fromKafkaMessage } from './record-mapping.js';

export interface GroupConsumerOptions {
  readonly groupId: string;
  readonly topics: readonly string[];
  /** Where a partition without a committed offset starts. Default `earliest`. */
  readonly autoOffsetReset?: 'earliest' | 'latest';
  /** `read_committed` (default) hides records of open and aborted transactions. */
  readonly isolation?: 'read_committed' | 'read_uncommitted';
  /** A member silent this long is dropped and its partitions reassigned. Default 10000 ms. */
  readonly sessionTimeoutMs?: number;
  /** Default 1000 ms (a third of the session timeout or less). */
  readonly heartbeatIntervalMs?: number;
  /** How long members get to rejoin during a rebalance. Default 30000 ms. */
  readonly rebalanceTimeoutMs?: number;
  /** Most bytes fetched per partition and request. Default 1 MB. */
  readonly maxBytesPerPartition?: number;
  /** How long the broker may hold a fetch while no records arrive. Default 500 ms. */
  readonly maxWaitTimeMs?: number;
  /** Batches of different partitions handled at the same time. Default 1. */
  readonly partitionsConsumedConcurrently?: number;
  /** Bytes this member publishes in its group metadata (read at each join), e.g. where it answers queries. */
  readonly userData?: () => Buffer;
}

/** Records fetched from one partition, oldest first. */
export interface ConsumedBatch {
  readonly topic: string;
  readonly partition: number;
  readonly records: readonly LogRecord[];
  /**
   * The offset to commit once the batch is processed: after its last record, and after any
   * transaction markers that follow it (which are never handed out as records).
   */
  readonly nextOffset: number;
  /** The partition's high watermark when it was fetched; `highWatermark - nextOffset` is the lag. */
  readonly highWatermark: number;
  /** True once the partition was sought or moved while the batch was handled: drop its results. */
  isStale(): boolean;
  /** Tells the group this member is alive, for handlers that run long. */
  heartbeat(): Promise<void>;
}

export type BatchHandler = (batch: ConsumedBatch) => Promise<void>;

export interface TopicPartitions {
  readonly topic: string;
  readonly partitions: readonly number[];
}

export type AssignmentListener = (assignment: readonly TopicPartitions[]) => void;
/** `restarting` is false when the consumer has stopped for good (its handler failed). */
export type ConsumerErrorListener = (error: KsqlError, restarting: boolean) => void;

export class KafkaGroupConsumer {
  readonly groupId: string;
  private readonly consumer: Consumer;
  private current: readonly TopicPartitions[] = [];
  private readonly assignmentListeners = new Set<AssignmentListener>();
  private readonly errorListeners = new Set<ConsumerErrorListener>();
  private started = false;

  constructor(
    kafka: Kafka,
    private readonly brokers: readonly string[],
    private readonly options: GroupConsumerOptions,
    private readonly onStop: (consumer: KafkaGroupConsumer) => void = () => undefined,
  ) {
    this.groupId = options.groupId;
    const sessionTimeout = options.sessionTimeoutMs ?? 10_000;
    this.consumer = kafka.consumer({
      groupId: options.groupId,
      sessionTimeout,
      heartbeatInterval: options.heartbeatIntervalMs ?? Math.min(1000, Math.floor(sessionTimeout / 3)),
      rebalanceTimeout: options.rebalanceTimeoutMs ?? 30_000,
      maxBytesPerPartition: options.maxBytesPerPartition ?? 1024 * 1024,
      maxWaitTimeInMs: options.maxWaitTimeMs ?? 500,
      readUncommitted: options.isolation === 'read_uncommitted',
      allowAutoTopicCreation: false,
      ...(options.userData !== undefined ? { partitionAssigners: [withUserData(options.userData)] } : {}),
      retry: {
        // Broker trouble restarts the consumer (it resumes from the committed offsets); a failing
        // handler stops it, since fetching the same records again would fail the same way.
        restartOnFailure: (e) => Promise.resolve(isKafkaFailure(e)),
      },
    });
    this.consumer.on(this.consumer.events.GROUP_JOIN, (event) => {
      const assigned = event.payload.memberAssignment;
      this.current = Object.keys(assigned)
        .sort()
        .map((topic) => ({ topic, partitions: [...(assigned[topic] ?? [])].sort((a, b) => a - b) }));
      for (const listener of [...this.assignmentListeners]) listener(this.current);
    });
    this.consumer.on(this.consumer.events.CRASH, (event) => {
      const error = kafkaError(event.payload.error, `consume as group '${this.groupId}'`, this.brokers);
      if (!event.payload.restart) this.current = [];
      for (const listener of [...this.errorListeners]) listener(error, event.payload.restart);
    });
  }

  /** Joins the group and hands every fetched batch to `handler`; resolves once the member runs. */
  async start(handler: BatchHandler): Promise<void> {
    if (this.started) {
      throw new KsqlError('TOPIC', `This member of group '${this.groupId}' already runs; make another consumer`);
    }
    this.started = true;
    const { topics } = this.options;
    try {
      await this.consumer.connect();
      await this.consumer.subscribe({
        topics: [...topics],
        fromBeginning: (this.options.autoOffsetReset ?? 'earliest') === 'earliest',
      });
      await this.consumer.run({
        autoCommit: false,
        partitionsConsumedConcurrently: this.options.partitionsConsumedConcurrently ?? 1,
        eachBatch: async ({ batch, heartbeat, isStale }) => {
          const { topic, partition, messages } = batch;
          const records = new Array<LogRecord>(messages.length);
          for (let i = 0; i < messages.length; i++) records[i] = fromKafkaMessage(topic, partition, messages[i]!);
          await handler({
            topic,
            partition,
            records,
            nextOffset: Number(batch.lastOffset()) + 1,
            highWatermark: Number(batch.highWatermark),
            isStale,
            heartbeat,
          });
        },
      });
    } catch (e) {
      throw kafkaError(e, `join group '${this.groupId}' on ${topics.join(', ')}`, this.brokers);
    }
  }

  /** Commits the next offsets to read (usually each handled batch's `nextOffset`). */
  async commit(offsets: readonly TopicPartitionOffset[]): Promise<void> {
    if (offsets.length === 0) return;
    try {
      await this.consumer.commitOffsets(
        offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: String(o.offset) })),
      );
    } catch (e) {
      throw kafkaError(e, `commit offsets of group '${this.groupId}'`, this.brokers);
    }
  }

  /** Reads the partition from `offset` on next (only for a partition this member holds). */
  seek(topic: string, partition: number, offset: number): void {
    this.consumer.seek({ topic, partition, offset: String(offset) });
  }

  pause(topic: string, partitions?: readonly number[]): void {
    this.consumer.pause([partitions === undefined ? { topic } : { topic, partitions: [...partitions] }]);
  }

  resume(topic: string, partitions?: readonly number[]): void {
    this.consumer.resume([partitions === undefined ? { topic } : { topic, partitions: [...partitions] }]);
  }

  /** The partitions this member holds since the group last rebalanced, by topic name. */
  assignment(): readonly TopicPartitions[] {
    return this.current;
  }

  /** Called with the member's whole assignment after every rebalance. Returns an unsubscribe function. */
  onAssignment(listener: AssignmentListener): () => void {
    this.assignmentListeners.add(listener);
    return () => this.assignmentListeners.delete(listener);
  }

  /** Called when the consumer fails; it restarts by itself after broker trouble. */
  onError(listener: ConsumerErrorListener): () => void {
    this.errorListeners.add(listener);
    return () => this.errorListeners.delete(listener);
  }

  /** Leaves the group (its partitions move to the other members at once) and closes connections. */
  async stop(): Promise<void> {
    this.current = [];
    this.onStop(this);
    await this.consumer.disconnect();
  }
}

/**
 * kafkajs's round-robin assigner (same protocol name, so members with and without user data agree)
 * whose member metadata carries `userData`, as Kafka Streams' metadata carries application.server.
 */
function withUserData(userData: () => Buffer): PartitionAssigner {
  return (config) => {
    const inner = kafkajs.PartitionAssigners.roundRobin(config);
    return {
      ...inner,
      protocol: ({ topics }) => ({
        name: inner.name,
        metadata: kafkajs.AssignerProtocol.MemberMetadata.encode({ version: inner.version, topics, userData: userData() }),
      }),
    };
  };
}
