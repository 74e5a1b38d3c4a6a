// Topic names and configs checked the way Kafka checks them, so a topic that works embedded also
// works on a Kafka cluster, and defaults filled in so every stored topic is fully described.

import { KsqlError } from '../../errors.js';
import type { TopicConfig, TopicInfo } from '../types.js';
import type { TopicRow } from './log-schema.js';

const LEGAL_NAME = /^[a-zA-Z0-9._-]+$/;
const MAX_NAME_LENGTH = 249;
const POLICIES: readonly string[] = ['delete', 'compact', 'compact,delete'];

export function checkTopicName(name: string): void {
  if (name.length > MAX_NAME_LENGTH || name === '.' || name === '..' || !LEGAL_NAME.test(name)) {
    throw new KsqlError(
      'TOPIC',
      `Invalid topic name '${name}': use 1 to ${MAX_NAME_LENGTH} characters from a-z, A-Z, 0-9, '.', '_' ` +
        `and '-' (not '.' or '..' alone)`,
    );
  }
}

/** The config with defaults applied (1 replica, delete policy, keep forever), or an error naming the bad setting. */
export function normalizeConfig(name: string, config: TopicConfig): Omit<TopicInfo, 'name'> {
  const { partitions } = config;
  if (!Number.isInteger(partitions) || partitions < 1) {
    throw new KsqlError('TOPIC', `Topic '${name}' needs a whole number of partitions >= 1, got ${partitions}`);
  }
  const replicas = config.replicas ?? 1;
  if (!Number.isInteger(replicas) || replicas < 1) {
    throw new KsqlError('TOPIC', `Topic '${name}' needs a whole number of replicas >= 1, got ${replicas}`);
  }
  const cleanupPolicy = config.cleanupPolicy ?? 'delete';
  if (!POLICIES.includes(cleanupPolicy)) {
    throw new KsqlError(
      'TOPIC',
      `Topic '${name}' has cleanup policy '${cleanupPolicy}'; use one of ${POLICIES.join(', ')}`,
    );
  }
  const retentionMs = config.retentionMs ?? -1;
  if (!Number.isSafeInteger(retentionMs) || retentionMs < -1) {
    throw new KsqlError(
      'TOPIC',
      `Topic '${name}' needs retention.ms to be -1 (keep forever) or a whole number >= 0, got ${retentionMs}`,
    );
  }
  return { partitions, replicas, cleanupPolicy, retentionMs };
}

export function toTopicInfo(row: TopicRow): TopicInfo {
  return {
    name: row.name,
    partitions: row.partitions,
    replicas: row.replicas,
    cleanupPolicy: row.cleanup_policy,
    retentionMs: row.retention_ms,
  };
}

/** Whether time-based retention applies: Kafka deletes by age only under a delete policy. */
export function deletesByAge(row: TopicRow): boolean {
  return row.retention_ms >= 0 && row.cleanup_policy !== 'compact';
}
