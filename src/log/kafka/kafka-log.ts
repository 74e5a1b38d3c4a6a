// The topic log on Apache Kafka (through kafkajs): the same topics, records and offsets as the
// embedded log, asynchronous, plus what only a cluster has: consumer groups that spread partitions
// over instances, and transactions spanning topics and group offsets.

import type { Kafka } from 'kafkajs';
import type { ProducedOffset } from '../embedded/embedded-log.js';
import type { ProduceRecord, TopicConfig, TopicInfo, TopicPartitionOffset } from '../types.js';
import { KafkaAdmin, noSuchTopic } from './kafka-admin.js';
import type { PartitionLag } from './kafka-admin.js';
import { BatchProducer } from './batch-producer.js';
import { brokerList, createKafkaClient } from './kafka-client.js';
import type { KafkaLogOptions } from './kafka-client.js';
import { isConnectionFailure, kafkaError, protocolErrorType } from './kafka-errors.js';
import { KafkaGroupConsumer } from './group-consumer.js';
import type { GroupConsumerOptions } from './group-consumer.js';
import { StickyPartitions, assignPartitions } from './record-sender.js';
import { KafkaTransactionalProducer } from './transactional-producer.js';
import type { TransactionalProducerOptions } from './transactional-producer.js';

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export class KafkaLog {
  readonly brokers: readonly string[];
  private readonly kafka: Kafka;
  private readonly admin: KafkaAdmin;
  private readonly producer: BatchProducer;
  private readonly produceRetries: number;
  private readonly outageTimeoutMs: number;
  private readonly sticky = new StickyPartitions();
  private readonly consumers = new Set<KafkaGroupConsumer>();
  private readonly transactional = new Set<KafkaTransactionalProducer>();
  private connected = false;

  constructor(options: KafkaLogOptions) {
    this.brokers = brokerList(options.brokers);
    this.kafka = createKafkaClient(options);
    this.admin = new KafkaAdmin(this.kafka, this.brokers);
    this.produceRetries = options.produceRetries ?? 10;
    this.outageTimeoutMs = options.outageTimeoutMs ?? 120_000;
    // Not kafkajs's producer: it encodes records one object and buffer at a time, the main cost of
    // a Kafka-mode query; this one writes record batches directly (same idempotence).
    this.producer = new BatchProducer(this.admin, {
      clientId: options.clientId ?? 'ksqlite',
      connectTimeoutMs: options.connectionTimeoutMs ?? 3000,
      requestTimeoutMs: options.requestTimeoutMs ?? 30_000,
      retries: this.produceRetries,
    });
  }

  /** A connected log, or an error saying the cluster does not answer. */
  static async connect(options: KafkaLogOptions): Promise<KafkaLog> {
    const log = new KafkaLog(options);
    await log.connect();
    return log;
  }

  async connect(): Promise<void> {
    if (this.connected) return;
    await this.admin.connect();
    this.producer.open();
    this.connected = true;
  }

  /** Stops the consumers and closes the producers this log made, then its own connections. */
  async disconnect(): Promise<void> {
    this.connected = false;
    const closing: Promise<void>[] = [];
    for (const c of [...this.consumers]) closing.push(c.stop());
    for (const p of [...this.transactional]) closing.push(p.close());
    await Promise.allSettled(closing);
    this.producer.close();
    await this.admin.disconnect().catch(() => undefined);
  }

  // ---- topics ----

  /**
   * Creates a topic (`compact` cleanup for tables and changelogs; absent retention keeps records
   * forever). Returns false if it already exists with the same partition count; fails if it exists
   * with another.
   */
  createTopic(name: string, config: TopicConfig): Promise<boolean> {
    return this.admin.createTopic(name, config);
  }

  /** Deletes a topic and its records; returns false if there was none. */
  async deleteTopic(name: string): Promise<boolean> {
    this.sticky.forget(name);
    this.producer.forget(name);
    return this.admin.deleteTopic(name);
  }

  hasTopic(name: string): Promise<boolean> {
    return this.admin.hasTopic(name);
  }

  describeTopic(name: string): Promise<TopicInfo | undefined> {
    return this.admin.describeTopic(name);
  }

  /** All topics except Kafka's internal ones, sorted by name. */
  listTopics(): Promise<TopicInfo[]> {
    return this.admin.listTopics();
  }

  // ---- records ----

  /**
   * Appends records and returns where each landed, in input order. A record goes to its
   * `partition` if set, else to murmur2 of its key (where Java clients put it), else null-key
   * records of one call share a partition and the next call uses the next one. Records of one
   * partition keep their order. A null value is a tombstone.
   */
  async produce(topic: string, records: readonly ProduceRecord[]): Promise<ProducedOffset[]> {
    const placed = new Array<ProducedOffset>(records.length);
    const partitions = await this.admin.partitionCount(topic);
    if (records.length === 0) return placed;
    const assigned = assignPartitions(topic, records, partitions, this.sticky);
    const progress = { from: 0 };
    const send = () => this.producer.send(topic, records, assigned, partitions, placed, progress);
    const deadline = Date.now() + this.outageTimeoutMs;
    let pause = 250;
    let renewed = false;
    for (;;) {
      try {
        await send();
        return placed;
      } catch (e) {
        if (isConnectionFailure(e) && Date.now() < deadline) {
          // The broker is away: wait for it, then resend from the first unacknowledged request (as
          // a new producer id: that request may have landed, so its records may be written twice).
          await sleep(pause);
          pause = Math.min(pause * 2, 5000);
          continue;
        }
        if (protocolErrorType(e) !== 'UNKNOWN_TOPIC_OR_PARTITION' || renewed) {
          throw kafkaError(e, `produce to '${topic}'`, this.brokers);
        }
        // Either this topic is gone, or it was deleted and made again elsewhere (new leaders).
        this.admin.forget(topic);
        this.producer.forget(topic);
        if (!(await this.admin.hasTopic(topic))) throw noSuchTopic(topic);
        renewed = true;
      }
    }
  }

  // ---- offsets and groups ----

  /** Per partition, the offset after the last record read_committed consumers can see. */
  endOffsets(topic: string): Promise<number[]> {
    return this.admin.endOffsets(topic);
  }

  /** Per partition, the oldest offset still stored. */
  startOffsets(topic: string): Promise<number[]> {
    return this.admin.startOffsets(topic);
  }

  /** Per partition, the group's committed next offset (undefined where it never committed). */
  committedOffsets(group: string, topic: string): Promise<(number | undefined)[]> {
    return this.admin.committedOffsets(group, topic);
  }

  /** Per partition: committed offset, end offset and the records between them. */
  lag(group: string, topic: string): Promise<PartitionLag[]> {
    return this.admin.lag(group, topic);
  }

  /** Sets a group's next offsets; only while the group has no running members. */
  commitOffsets(group: string, offsets: readonly TopicPartitionOffset[]): Promise<void> {
    return this.admin.commitOffsets(group, offsets);
  }

  /** Removes an idle group and its offsets; a missing group is fine. */
  deleteGroup(group: string): Promise<void> {
    return this.admin.deleteGroup(group);
  }

  /** A consumer group member; call `start(handler)` to join. Stopped by `disconnect()`. */
  consumer(options: GroupConsumerOptions): KafkaGroupConsumer {
    const consumer = new KafkaGroupConsumer(this.kafka, this.brokers, options, (c) => this.consumers.delete(c));
    this.consumers.add(consumer);
    return consumer;
  }

  /** A connected transactional producer (older producers with the same id are fenced). */
  async transactionalProducer(options: TransactionalProducerOptions): Promise<KafkaTransactionalProducer> {
    const producer = await KafkaTransactionalProducer.open(
      this.kafka,
      this.brokers,
      (topic) => this.admin.partitionCount(topic),
      { retries: this.produceRetries, ...options },
      (p) => this.transactional.delete(p),
    );
    this.transactional.add(producer);
    return producer;
  }
}
