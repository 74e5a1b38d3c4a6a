// Kafka transactions: records to several topics and a consumer group's input offsets become visible
// together on commit, or not at all. Opening the producer fences any older producer with the same
// transactional id and aborts the transaction it left open.

import kafkajs from 'kafkajs';
import type { Kafka, Producer, Transaction } from 'kafkajs';
import { KsqlError } from '../../errors.js';
import type { ProducedOffset } from '../embedded/embedded-log.js';
import type { ProduceRecord, TopicPartitionOffset } from '../types.js';
import { kafkaError } from './kafka-errors.js';
import { StickyPartitions, assignPartitions, sendRecords } from './record-sender.js';

export interface TransactionalProducerOptions {
  /**
   * Identifies the producer across restarts: a new producer with the same id fences the old one.
   * Give each unit of work its own id (e.g. query id plus input partition) so only a zombie of the
   * same unit is fenced.
   */
  readonly transactionalId: string;
  /** An open transaction older than this is aborted by the broker. Default 60000 ms. */
  readonly transactionTimeoutMs?: number;
  /** Retries of a failed request before a send fails. Default 10 (about two minutes). */
  readonly retries?: number;
}

export type PartitionCountFn = (topic: string) => Promise<number>;

export class KafkaTransactionalProducer {
  readonly transactionalId: string;
  private readonly sticky = new StickyPartitions();
  private open: KafkaTransaction | undefined;

  private constructor(
    private readonly producer: Producer,
    private readonly brokers: readonly string[],
    private readonly partitionCount: PartitionCountFn,
    transactionalId: string,
    private readonly onClose: (producer: KafkaTransactionalProducer) => void,
  ) {
    this.transactionalId = transactionalId;
  }

  /** Connects and registers the transactional id (fencing older producers with it). */
  static async open(
    kafka: Kafka,
    brokers: readonly string[],
    partitionCount: PartitionCountFn,
    options: TransactionalProducerOptions,
    onClose: (producer: KafkaTransactionalProducer) => void = () => undefined,
  ): Promise<KafkaTransactionalProducer> {
    const producer = kafka.producer({
      createPartitioner: kafkajs.Partitioners.DefaultPartitioner,
      transactionalId: options.transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: options.transactionTimeoutMs ?? 60_000,
      allowAutoTopicCreation: false,
      retry: { retries: options.retries ?? 10 },
    });
    try {
      await producer.connect();
      // kafkajs registers the id lazily with the first transaction; an empty one does it now, so
      // the fencing and the abort of a predecessor's open transaction happen before any work.
      const first = await producer.transaction();
      await first.abort();
    } catch (e) {
      await producer.disconnect().catch(() => undefined);
      throw kafkaError(e, `open transactional producer '${options.transactionalId}'`, brokers);
    }
    return new KafkaTransactionalProducer(producer, brokers, partitionCount, options.transactionalId, onClose);
  }

  /** Starts a transaction; only one can be open at a time. */
  async begin(): Promise<KafkaTransaction> {
    if (this.open?.active === true) {
      throw new KsqlError(
        'TOPIC',
        `Producer '${this.transactionalId}' already has an open transaction; commit or abort it first`,
      );
    }
    try {
      const txn = await this.producer.transaction();
      this.open = new KafkaTransaction(txn, this.brokers, this.partitionCount, this.sticky, this.transactionalId);
      return this.open;
    } catch (e) {
      throw kafkaError(e, `begin a transaction on '${this.transactionalId}'`, this.brokers);
    }
  }

  /** Closes the producer; an open transaction is aborted by the broker after its timeout. */
  async close(): Promise<void> {
    this.onClose(this);
    await this.producer.disconnect();
  }
}

export class KafkaTransaction {
  private ended = false;

  constructor(
    private readonly txn: Transaction,
    private readonly brokers: readonly string[],
    private readonly partitionCount: PartitionCountFn,
    private readonly sticky: StickyPartitions,
    private readonly transactionalId: string,
  ) {}

  /** Whether the transaction can still take records (neither committed nor aborted). */
  get active(): boolean {
    return !this.ended && this.txn.isActive();
  }

  /**
   * Writes records into the transaction; read_committed consumers see them only after commit.
   * Partitions are chosen like `KafkaLog.produce`.
   */
  async send(topic: string, records: readonly ProduceRecord[]): Promise<ProducedOffset[]> {
    const placed = new Array<ProducedOffset>(records.length);
    if (records.length === 0) return placed;
    const partitions = await this.partitionCount(topic);
    const assigned = assignPartitions(topic, records, partitions, this.sticky);
    try {
      await sendRecords((r) => this.txn.send(r), topic, records, assigned, partitions, placed, { from: 0 });
    } catch (e) {
      throw kafkaError(e, `produce to '${topic}' in transaction '${this.transactionalId}'`, this.brokers);
    }
    return placed;
  }

  /** Commits the group's next offsets together with the transaction's records. */
  async sendOffsets(groupId: string, offsets: readonly TopicPartitionOffset[]): Promise<void> {
    if (offsets.length === 0) return;
    const byTopic = new Map<string, { partition: number; offset: string }[]>();
    for (const o of offsets) {
      let list = byTopic.get(o.topic);
      if (list === undefined) byTopic.set(o.topic, (list = []));
      list.push({ partition: o.partition, offset: String(o.offset) });
    }
    try {
      await this.txn.sendOffsets({
        consumerGroupId: groupId,
        topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })),
      });
    } catch (e) {
      throw kafkaError(e, `add offsets of group '${groupId}' to transaction '${this.transactionalId}'`, this.brokers);
    }
  }

  async commit(): Promise<void> {
    try {
      await this.txn.commit();
      this.ended = true;
    } catch (e) {
      throw kafkaError(e, `commit transaction '${this.transactionalId}'`, this.brokers);
    }
  }

  async abort(): Promise<void> {
    try {
      await this.txn.abort();
      this.ended = true;
    } catch (e) {
      throw kafkaError(e, `abort transaction '${this.transactionalId}'`, this.brokers);
    }
  }
}
