// The engine's synchronous view of Kafka topics (see ../topics.ts): metadata from a cache that is
// refreshed before each statement, writes queued in order and awaited by `settle()`, so a
// statement's topic creations and records are in Kafka before its result is returned.

import { KsqlError } from '../../errors.js';
import type { EngineTopics } from '../topics.js';
import type { ProduceRecord, TopicConfig, TopicInfo } from '../types.js';
import type { KafkaLog } from './kafka-log.js';

export class KafkaTopics implements EngineTopics {
  private readonly meta = new Map<string, TopicInfo>();
  private pending: Promise<void> = Promise.resolve();
  private failure: unknown;

  constructor(readonly kafka: KafkaLog) {}

  /** Reloads topic metadata from the cluster. */
  async refresh(): Promise<void> {
    await this.settle();
    const topics = await this.kafka.listTopics();
    this.meta.clear();
    for (const t of topics) this.meta.set(t.name, t);
  }

  /** Waits for every queued write; rethrows the first that failed. */
  async settle(): Promise<void> {
    await this.pending;
    if (this.failure !== undefined) {
      const e = this.failure;
      this.failure = undefined;
      throw e instanceof Error ? e : new KsqlError('TOPIC', String(e));
    }
  }

  private enqueue(work: () => Promise<unknown>): void {
    this.pending = this.pending.then(async () => {
      if (this.failure !== undefined) return;
      try {
        await work();
      } catch (e) {
        this.failure = e;
      }
    });
  }

  hasTopic(name: string): boolean {
    return this.meta.has(name);
  }

  describeTopic(name: string): TopicInfo | undefined {
    return this.meta.get(name);
  }

  listTopics(): TopicInfo[] {
    return [...this.meta.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  createTopic(name: string, config: TopicConfig): boolean {
    if (this.meta.has(name)) return false;
    this.meta.set(name, {
      name,
      partitions: config.partitions,
      replicas: config.replicas ?? 1,
      cleanupPolicy: config.cleanupPolicy ?? 'delete',
      retentionMs: config.retentionMs ?? -1,
    });
    this.enqueue(() => this.kafka.createTopic(name, config));
    return true;
  }

  deleteTopic(name: string): boolean {
    if (!this.meta.delete(name)) return false;
    this.enqueue(() => this.kafka.deleteTopic(name));
    return true;
  }

  produce(topic: string, records: readonly ProduceRecord[]): void {
    if (records.length === 0) return;
    this.enqueue(() => this.kafka.produce(topic, records));
  }
}
