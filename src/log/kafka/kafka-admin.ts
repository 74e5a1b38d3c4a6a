// Topic, offset and group administration over kafkajs's admin client: create, delete, list and
// describe topics with their configs; start and end offsets; committed offsets and lag of groups.

import kafkajs from 'kafkajs';
import type { Admin, Kafka } from 'kafkajs';
import { KsqlError } from '../../errors.js';
import { checkTopicName, normalizeConfig } from '../embedded/topic-config.js';
import type { TopicConfig, TopicInfo, TopicPartitionOffset } from '../types.js';
import { kafkaError, protocolErrorType, rootCause } from './kafka-errors.js';

const { ConfigResourceTypes } = kafkajs;

/** Topics Kafka keeps for itself; Kafka's own tools leave them out of topic lists too. */
const INTERNAL_TOPICS: ReadonlySet<string> = new Set(['__consumer_offsets', '__transaction_state']);

/** How far a consumer group is behind on one partition. */
export interface PartitionLag {
  readonly partition: number;
  /** The group's committed next offset, or undefined if it never committed on this partition. */
  readonly committed: number | undefined;
  /** The partition's end offset (what a read_committed consumer can reach). */
  readonly end: number;
  /** Records between the committed offset (or the start of the log) and the end. */
  readonly lag: number;
}

export class KafkaAdmin {
  private admin: Admin;
  private connected = false;
  private readonly partitionCounts = new Map<string, number>();

  constructor(
    private readonly kafka: Kafka,
    private readonly brokers: readonly string[],
  ) {
    this.admin = kafka.admin();
  }

  async connect(): Promise<void> {
    if (this.connected) return;
    try {
      await this.admin.connect();
      // connect() only opens a socket lazily; a metadata round trip proves a broker answers.
      await this.admin.describeCluster();
    } catch (e) {
      throw kafkaError(e, 'connect to Kafka', this.brokers);
    }
    this.connected = true;
  }

  async disconnect(): Promise<void> {
    this.connected = false;
    this.partitionCounts.clear();
    await this.admin.disconnect();
  }

  /**
   * Runs an admin call. kafkajs remembers every topic an admin client ever looked at and fails all
   * later metadata refreshes once one of them is deleted elsewhere; a fresh client forgets them,
   * so an unknown-topic failure is retried once on a new client before it is believed.
   */
  private async call<T>(what: string, fn: (admin: Admin) => Promise<T>): Promise<T> {
    try {
      return await fn(this.admin);
    } catch (e) {
      if (protocolErrorType(e) !== 'UNKNOWN_TOPIC_OR_PARTITION') throw kafkaError(e, what, this.brokers);
      await this.renew();
      try {
        return await fn(this.admin);
      } catch (again) {
        throw kafkaError(again, what, this.brokers);
      }
    }
  }

  private async renew(): Promise<void> {
    const old = this.admin;
    this.admin = this.kafka.admin();
    this.partitionCounts.clear();
    await old.disconnect().catch(() => undefined);
    await this.admin.connect();
  }

  // ---- topics ----

  /**
   * Creates a topic with the given partitions, replicas, cleanup policy and retention (absent
   * retention keeps records forever, as in the embedded log). Returns false if it already exists
   * with the same partition count, and fails if it exists with a different one.
   */
  async createTopic(name: string, config: TopicConfig): Promise<boolean> {
    checkTopicName(name);
    const c = normalizeConfig(name, config);
    const created = await this.call(`create topic '${name}'`, (admin) =>
      admin.createTopics({
        waitForLeaders: true,
        topics: [
          {
            topic: name,
            numPartitions: c.partitions,
            replicationFactor: c.replicas,
            configEntries: [
              { name: 'cleanup.policy', value: c.cleanupPolicy },
              { name: 'retention.ms', value: String(c.retentionMs) },
            ],
          },
        ],
      }),
    );
    if (created) {
      this.partitionCounts.set(name, c.partitions);
      return true;
    }
    const existing = await this.existingPartitionCount(name);
    if (existing !== c.partitions) {
      throw new KsqlError(
        'TOPIC',
        `A topic with the name '${name}' already exists with ${existing} partition(s), ` +
          `not the ${c.partitions} required; use the existing partition count or another topic name`,
      );
    }
    return false;
  }

  /** Deletes a topic and its records; returns false if there was none. */
  async deleteTopic(name: string): Promise<boolean> {
    this.partitionCounts.delete(name);
    if (!(await this.hasTopic(name))) return false;
    try {
      await this.call(`delete topic '${name}'`, (admin) => admin.deleteTopics({ topics: [name] }));
    } catch (e) {
      // Deleted meanwhile by someone else: the outcome the caller wanted.
      if (protocolErrorType(e) === 'UNKNOWN_TOPIC_OR_PARTITION') return false;
      throw e;
    }
    return true;
  }

  /** Topic names, internal topics left out, sorted. */
  async topicNames(): Promise<string[]> {
    const names = await this.call('list topics', (admin) => admin.listTopics());
    return names.filter((n) => !INTERNAL_TOPICS.has(n)).sort();
  }

  /** Asks the cluster every time (another client may have deleted the topic); one metadata request. */
  async hasTopic(name: string): Promise<boolean> {
    const names = await this.call('list topics', (admin) => admin.listTopics());
    return names.includes(name);
  }

  async describeTopic(name: string): Promise<TopicInfo | undefined> {
    if (!(await this.hasTopic(name))) return undefined;
    const [info] = await this.describe([name]);
    return info;
  }

  /** All topics (internal ones left out), sorted by name. */
  async listTopics(): Promise<TopicInfo[]> {
    const names = await this.topicNames();
    return names.length === 0 ? [] : this.describe(names);
  }

  private async describe(names: readonly string[]): Promise<TopicInfo[]> {
    const what = names.length === 1 ? `describe topic '${names[0]}'` : 'describe topics';
    const metadata = await this.call(what, (admin) => admin.fetchTopicMetadata({ topics: [...names] }));
    const configs = await this.call(what, (admin) =>
      admin.describeConfigs({
        includeSynonyms: false,
        resources: names.map((name) => ({
          type: ConfigResourceTypes.TOPIC,
          name,
          configNames: ['cleanup.policy', 'retention.ms'],
        })),
      }),
    );
    const settings = new Map<string, Map<string, string>>();
    for (const r of configs.resources) {
      settings.set(r.resourceName, new Map(r.configEntries.map((e) => [e.configName, e.configValue])));
    }
    const infos = metadata.topics.map((t): TopicInfo => {
      const s = settings.get(t.name);
      this.partitionCounts.set(t.name, t.partitions.length);
      return {
        name: t.name,
        partitions: t.partitions.length,
        replicas: t.partitions[0]?.replicas.length ?? 0,
        cleanupPolicy: s?.get('cleanup.policy') ?? 'delete',
        retentionMs: Number(s?.get('retention.ms') ?? -1),
      };
    });
    return infos.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /**
   * The partition count of a topic the broker just said exists. A create retried after a timeout
   * answers "exists" while the broker's metadata may not list the topic yet, so it is asked again
   * for a few seconds before the topic counts as missing.
   */
  private async existingPartitionCount(name: string): Promise<number> {
    for (let attempt = 0; ; attempt++) {
      const known = this.partitionCounts.get(name) ?? (await this.describeTopic(name))?.partitions;
      if (known !== undefined) return known;
      if (attempt >= 40) throw noSuchTopic(name);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  /** The topic's partition count, remembered after the first look (ksqlite never adds partitions). */
  async partitionCount(name: string): Promise<number> {
    const known = this.partitionCounts.get(name);
    if (known !== undefined) return known;
    const info = await this.describeTopic(name);
    if (info === undefined) throw noSuchTopic(name);
    return info.partitions;
  }

  /** Each partition's leader (broker node id, -1 while it has none) and where the cluster's brokers listen. */
  async leaders(topic: string): Promise<{ leaders: number[]; brokers: Map<number, { host: string; port: number }> }> {
    const metadata = await this.call(`find the leaders of '${topic}'`, (admin) => admin.fetchTopicMetadata({ topics: [topic] }));
    const cluster = await this.call('describe the Kafka cluster', (admin) => admin.describeCluster());
    const leaders: number[] = [];
    for (const p of metadata.topics[0]?.partitions ?? []) leaders[p.partitionId] = p.leader;
    this.partitionCounts.set(topic, leaders.length);
    return { leaders, brokers: new Map(cluster.brokers.map((b) => [b.nodeId, { host: b.host, port: b.port }])) };
  }

  /** Forgets what is remembered about a topic (after another client deleted or recreated it). */
  forget(name: string): void {
    this.partitionCounts.delete(name);
  }

  // ---- offsets ----

  /**
   * End offsets of every partition, indexed by partition: the offset after the last record a
   * read_committed consumer can see (records of open transactions are not counted yet).
   */
  async endOffsets(topic: string): Promise<number[]> {
    return (await this.offsets(topic)).end;
  }

  /** The oldest offset still stored of every partition, indexed by partition. */
  async startOffsets(topic: string): Promise<number[]> {
    return (await this.offsets(topic)).start;
  }

  private async offsets(topic: string): Promise<{ start: number[]; end: number[] }> {
    const partitions = await this.partitionCount(topic);
    const rows = await this.fetchTopicOffsets(topic);
    const start = new Array<number>(partitions).fill(0);
    const end = new Array<number>(partitions).fill(0);
    for (const r of rows) {
      start[r.partition] = Number(r.low);
      end[r.partition] = Number(r.high);
    }
    return { start, end };
  }

  private async fetchTopicOffsets(topic: string): Promise<Awaited<ReturnType<Admin['fetchTopicOffsets']>>> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.call(`read the offsets of '${topic}'`, (admin) => admin.fetchTopicOffsets(topic));
      } catch (e) {
        // Right after a topic is created the client may have no partition metadata for it yet, and
        // kafkajs then fails inside with a TypeError: wait for the metadata instead of failing.
        if (attempt >= 20 || !(rootCause(e) instanceof TypeError)) throw e;
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }

  /** The group's committed next offset per partition of the topic (undefined where none). */
  async committedOffsets(group: string, topic: string): Promise<(number | undefined)[]> {
    const partitions = await this.partitionCount(topic);
    const rows = await this.call(`read the offsets of group '${group}'`, (admin) =>
      admin.fetchOffsets({ groupId: group, topics: [topic] }),
    );
    const out = new Array<number | undefined>(partitions).fill(undefined);
    for (const t of rows) {
      for (const p of t.partitions) {
        const offset = Number(p.offset);
        if (offset >= 0) out[p.partition] = offset;
      }
    }
    return out;
  }

  /** Committed offset, end offset and lag of the group on every partition of the topic. */
  async lag(group: string, topic: string): Promise<PartitionLag[]> {
    const [committed, { start, end }] = await Promise.all([
      this.committedOffsets(group, topic),
      this.offsets(topic),
    ]);
    return end.map((e, partition) => {
      const c = committed[partition];
      return { partition, committed: c, end: e, lag: Math.max(0, e - (c ?? start[partition]!)) };
    });
  }

  /**
   * Stores the group's next offsets, e.g. to rewind a query. Kafka only allows this while the group
   * has no running members (the members' own commits would overwrite it).
   */
  async commitOffsets(group: string, offsets: readonly TopicPartitionOffset[]): Promise<void> {
    const byTopic = new Map<string, { partition: number; offset: string }[]>();
    for (const o of offsets) {
      if (!Number.isSafeInteger(o.offset) || o.offset < 0) {
        throw new KsqlError(
          'TOPIC',
          `Cannot commit offset ${o.offset} for '${o.topic}' partition ${o.partition}: offsets are whole numbers >= 0`,
        );
      }
      let list = byTopic.get(o.topic);
      if (list === undefined) byTopic.set(o.topic, (list = []));
      list.push({ partition: o.partition, offset: String(o.offset) });
    }
    for (const [topic, partitions] of byTopic) {
      await this.call(`commit offsets of group '${group}' on '${topic}'`, (admin) =>
        admin.setOffsets({ groupId: group, topic, partitions }),
      );
    }
  }

  /** Removes an idle group and its committed offsets; a group that does not exist is fine. */
  async deleteGroup(group: string): Promise<void> {
    try {
      await this.admin.deleteGroups([group]);
    } catch (e) {
      const failures = (e as { groups?: readonly { errorCode?: number; error?: { type?: string } }[] }).groups;
      if (failures !== undefined && failures.every((g) => g.error?.type === 'GROUP_ID_NOT_FOUND')) return;
      throw kafkaError(e, `delete group '${group}'`, this.brokers);
    }
  }
}

export function noSuchTopic(name: string): KsqlError {
  return new KsqlError('TOPIC', `Topic '${name}' does not exist in Kafka; create it first`);
}
