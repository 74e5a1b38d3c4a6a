// Topic management of the embedded log: creating, describing, listing and deleting topics, with
// Kafka's rules on names and partition counts.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KsqlError } from '../../../src/errors.js';
import { EmbeddedLog } from '../../../src/log/embedded/embedded-log.js';
import { kv, rec } from './log-fixtures.js';

describe('embedded log topics', () => {
  let log: EmbeddedLog;
  beforeEach(() => {
    log = EmbeddedLog.open(':memory:');
  });
  afterEach(() => log.close());

  it('creates a topic with defaults filled in and describes it', () => {
    expect(log.createTopic('orders', { partitions: 3 })).toBe(true);
    expect(log.hasTopic('orders')).toBe(true);
    expect(log.describeTopic('orders')).toEqual({
      name: 'orders',
      partitions: 3,
      replicas: 1,
      cleanupPolicy: 'delete',
      retentionMs: -1,
    });
    expect(log.endOffsets('orders')).toEqual([0, 0, 0]);
  });

  it('keeps the configured replicas, cleanup policy and retention', () => {
    log.createTopic('users', { partitions: 1, replicas: 3, cleanupPolicy: 'compact', retentionMs: 60_000 });
    expect(log.describeTopic('users')).toEqual({
      name: 'users',
      partitions: 1,
      replicas: 3,
      cleanupPolicy: 'compact',
      retentionMs: 60_000,
    });
  });

  it('accepts creating an existing topic again with the same partitions, keeping its records', () => {
    log.createTopic('orders', { partitions: 2 });
    log.produce('orders', [rec('k', 'v', 1, 1)]);
    expect(log.createTopic('orders', { partitions: 2 })).toBe(false);
    expect(log.endOffsets('orders')).toEqual([0, 1]);
  });

  it('refuses to create an existing topic with a different partition count, naming both counts', () => {
    log.createTopic('orders', { partitions: 2 });
    expect(() => log.createTopic('orders', { partitions: 4 })).toThrow(/'orders' already exists with 2 partition\(s\), not the 4 required/);
    expect(log.describeTopic('orders')?.partitions).toBe(2);
  });

  it('rejects names and configs Kafka would reject', () => {
    for (const name of ['', '.', '..', 'has space', 'semi;colon', 'é', 'x'.repeat(250)]) {
      expect(() => log.createTopic(name, { partitions: 1 }), name).toThrow(/Invalid topic name/);
    }
    expect(() => log.createTopic('t', { partitions: 0 })).toThrow(/partitions >= 1, got 0/);
    expect(() => log.createTopic('t', { partitions: 1.5 })).toThrow(KsqlError);
    expect(() => log.createTopic('t', { partitions: 1, replicas: 0 })).toThrow(/replicas >= 1/);
    expect(() => log.createTopic('t', { partitions: 1, retentionMs: -5 })).toThrow(/retention.ms/);
    expect(log.listTopics()).toEqual([]);
    expect(log.createTopic('Valid_name-1.x', { partitions: 1 })).toBe(true);
  });

  it('lists topics sorted by name', () => {
    log.createTopic('b', { partitions: 1 });
    log.createTopic('a', { partitions: 2 });
    log.createTopic('C', { partitions: 1 });
    expect(log.listTopics().map((t) => [t.name, t.partitions])).toEqual([
      ['C', 1],
      ['a', 2],
      ['b', 1],
    ]);
  });

  it('deletes a topic with its records and consumer positions; a re-created topic starts empty', () => {
    log.createTopic('orders', { partitions: 1 });
    log.produce('orders', [rec('k1', 'v1'), rec('k2', 'v2')]);
    log.commitOffsets('app', [{ topic: 'orders', partition: 0, offset: 2 }]);
    expect(log.deleteTopic('orders')).toBe(true);
    expect(log.hasTopic('orders')).toBe(false);
    expect(log.describeTopic('orders')).toBeUndefined();
    expect(log.deleteTopic('orders')).toBe(false);

    log.createTopic('orders', { partitions: 1 });
    expect(log.endOffset('orders', 0)).toBe(0);
    expect(log.read('orders', 0, 0, 10)).toEqual([]);
    expect(log.committedOffset('app', 'orders', 0)).toBeUndefined();
    log.produce('orders', [rec('k3', 'v3')]);
    expect(kv(log.read('orders', 0, 0, 10))).toEqual([[0, 'k3', 'v3']]);
  });

  it('names the missing topic or partition when asked for one that does not exist', () => {
    log.createTopic('orders', { partitions: 2 });
    expect(() => log.produce('nope', [rec('k', 'v')])).toThrow(/Topic 'nope' does not exist/);
    expect(() => log.read('nope', 0, 0, 1)).toThrow(/Topic 'nope' does not exist/);
    expect(() => log.endOffsets('nope')).toThrow(KsqlError);
    expect(() => log.read('orders', 2, 0, 1)).toThrow(/partitions 0 to 1; partition 2 does not exist/);
    expect(() => log.endOffset('orders', -1)).toThrow(/partition -1 does not exist/);
    expect(() => log.produce('orders', [rec('k', 'v', 1, 5)])).toThrow(/partition 5 does not exist/);
  });
});
