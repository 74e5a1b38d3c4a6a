// Finds which instance answers a partition of a table in Kafka mode. Each instance publishes its
// identity and REST URL in the metadata of its members of the query groups (as Kafka Streams
// publishes application.server); a partition's owner is the member the group assigned it to.

import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import kafkajs from 'kafkajs';
import type { GroupDescription } from 'kafkajs';
import { KsqlError, messageOf } from '../errors.js';
import { createKafkaClient } from '../log/kafka/kafka-client.js';
import type { KafkaRuntime } from './kafka-query.js';

/** This instance, as other members of its groups see it. */
export interface InstanceInfo {
  readonly id: string;
  /** Where its REST server answers (set once a server listens), else undefined. */
  url: string | undefined;
}

export interface PartitionOwner {
  readonly instance: string;
  readonly url: string | undefined;
  readonly local: boolean;
}

/** A member as described by the group: its published data and its partitions of the topic. */
export interface GroupMember {
  readonly userData: Buffer | null;
  readonly partitions: readonly number[];
}

const instances = new WeakMap<KafkaRuntime, InstanceInfo>();
/** The URL each group's member of this instance published at its last join, by group id. */
const published = new WeakMap<KafkaRuntime, Map<string, { topic: string; url: string | undefined }>>();
const caches = new WeakMap<KafkaRuntime, Map<string, Promise<Map<number, PartitionOwner>>>>();

export function instanceOf(k: KafkaRuntime): InstanceInfo {
  let info = instances.get(k);
  if (info === undefined) instances.set(k, (info = { id: randomUUID(), url: undefined }));
  return info;
}

/**
 * Publishes `url` as where this instance answers pull queries. Members publish it when they join
 * their group: the groups this instance joined before are made to rebalance, so it is seen at once.
 * A wildcard host (0.0.0.0, ::) is replaced by this machine's host name.
 */
export function advertiseRestUrl(k: KafkaRuntime, url: string): void {
  const u = new URL(url);
  if (u.hostname === '0.0.0.0' || u.hostname === '[::]') u.hostname = hostname();
  const advertised = u.toString().replace(/\/+$/, '');
  instanceOf(k).url = advertised;
  const stale = [...(published.get(k) ?? new Map<string, { topic: string; url: string | undefined }>())].filter(([, v]) => v.url !== advertised);
  for (const [groupId, { topic }] of stale) rebalance(k, groupId, topic).catch(() => undefined);
}

/** The member metadata of this instance's member of `groupId` (read at each join). */
export function memberData(k: KafkaRuntime, groupId: string, topic: string): () => Buffer {
  const info = instanceOf(k);
  let groups = published.get(k);
  if (groups === undefined) published.set(k, (groups = new Map()));
  const g = groups;
  return () => {
    g.set(groupId, { topic, url: info.url });
    return Buffer.from(JSON.stringify({ instance: info.id, url: info.url ?? null }), 'utf8');
  };
}

/**
 * Makes group `groupId` rebalance, so its members publish their metadata again: a member that
 * commits nothing joins (run() resolves once it has) and leaves at once.
 */
async function rebalance(k: KafkaRuntime, groupId: string, topic: string): Promise<void> {
  const consumer = createKafkaClient({ brokers: k.log.brokers, logLevel: 'nothing' }).consumer({ groupId, allowAutoTopicCreation: false });
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [topic] });
    await consumer.run({ autoCommit: false, eachBatch: async () => undefined });
  } finally {
    await consumer.disconnect().catch(() => undefined);
  }
}

/** Parses another member's published data; undefined for members that publish none. */
export function parseMemberData(data: Buffer | null): { instance: string; url: string | undefined } | undefined {
  if (data === null || data.length === 0) return undefined;
  try {
    const v = JSON.parse(data.toString('utf8')) as { instance?: unknown; url?: unknown };
    if (typeof v.instance !== 'string') return undefined;
    return { instance: v.instance, url: typeof v.url === 'string' ? v.url : undefined };
  } catch {
    return undefined;
  }
}

/**
 * The owner of each partition of `topic` among `members`, seen from instance `self`; partitions
 * no member holds (the group is rebalancing) are missing.
 */
export function ownersOf(members: readonly GroupMember[], self: string): Map<number, PartitionOwner> {
  const owners = new Map<number, PartitionOwner>();
  for (const m of members) {
    const data = parseMemberData(m.userData);
    const instance = data?.instance ?? '(an instance without published metadata)';
    for (const p of m.partitions) owners.set(p, { instance, url: data?.url, local: data?.instance === self });
  }
  return owners;
}

/** Forgets this instance's member of `groupId` (its query stopped): nothing to publish there any more. */
export function leaveGroup(k: KafkaRuntime, groupId: string): void {
  published.get(k)?.delete(groupId);
  forgetOwners(k, groupId);
}

/** Forgets the owners known for `groupId` (after a rebalance, or when an owner turned a request down). */
export function forgetOwners(k: KafkaRuntime, groupId: string): void {
  caches.get(k)?.delete(groupId);
}

const REBALANCE_WAIT_MS = 20_000;

/**
 * The owner of every partition of `topic` in group `groupId`, waiting (a while) for a group that
 * is rebalancing to settle. Cached until forgetOwners.
 */
export function partitionOwners(k: KafkaRuntime, groupId: string, topic: string, partitions: number): Promise<Map<number, PartitionOwner>> {
  let cache = caches.get(k);
  if (cache === undefined) caches.set(k, (cache = new Map()));
  let owners = cache.get(groupId);
  if (owners === undefined) {
    owners = describeOwners(k, groupId, topic, partitions);
    cache.set(groupId, owners);
    const c = cache;
    owners.catch(() => c.delete(groupId));
  }
  return owners;
}

async function describeOwners(k: KafkaRuntime, groupId: string, topic: string, partitions: number): Promise<Map<number, PartitionOwner>> {
  const self = instanceOf(k).id;
  const admin = createKafkaClient({ brokers: k.log.brokers, logLevel: 'nothing' }).admin();
  const deadline = Date.now() + REBALANCE_WAIT_MS;
  try {
    await admin.connect();
    for (;;) {
      let group: GroupDescription | undefined;
      try {
        group = (await admin.describeGroups([groupId])).groups[0];
      } catch (e) {
        throw new KsqlError('TOPIC', `Cannot find who holds the partitions of ${topic}: describing consumer group '${groupId}' failed: ${messageOf(e)}`);
      }
      if (group !== undefined && group.state === 'Stable') {
        const owners = ownersOf(
          group.members.map((m) => ({
            userData: kafkajs.AssignerProtocol.MemberMetadata.decode(m.memberMetadata)?.userData ?? null,
            partitions: kafkajs.AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment[topic] ?? [],
          })),
          self,
        );
        if (owners.size >= partitions) return owners;
      }
      if (Date.now() > deadline) {
        throw new KsqlError(
          'TOPIC',
          `No instance holds every partition of ${topic} right now (consumer group '${groupId}' is ${group?.state ?? 'unknown'}); retry once the query's instances are running.`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
