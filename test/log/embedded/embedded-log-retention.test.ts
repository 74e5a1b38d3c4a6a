// Time-based retention: whole old batches go, oldest first, like Kafka's old segments; the newest
// batch of a partition always stays so offsets keep counting from where they were.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddedLog } from '../../../src/log/embedded/embedded-log.js';
import { rec } from './log-fixtures.js';

describe('embedded log retention', () => {
  let log: EmbeddedLog;
  beforeEach(() => {
    log = EmbeddedLog.open(':memory:');
  });
  afterEach(() => log.close());

  it('deletes the batches whose newest record is older than retention.ms, oldest first', () => {
    log.createTopic('t', { partitions: 1, retentionMs: 1000 });
    log.produce('t', [rec('a', '0', 100), rec('b', '1', 200)]);
    log.produce('t', [rec('c', '2', 300), rec('d', '3', 1600)]);
    log.produce('t', [rec('e', '4', 400)]);
    log.produce('t', [rec('f', '5', 2000)]);

    // At 1500 the first batch (newest 200) is older than 1000 ms; the second (newest 1600) is not,
    // so the third stays too although it is old: only a prefix of the log is deleted.
    expect(log.enforceRetention(1500)).toBe(2);
    expect(log.startOffset('t', 0)).toBe(2);
    expect(log.read('t', 0, 0, 10).map((r) => r.offset)).toEqual([2, 3, 4, 5]);

    expect(log.enforceRetention(2700)).toBe(3);
    expect(log.startOffset('t', 0)).toBe(5);
    expect(log.endOffset('t', 0)).toBe(6);
  });

  it('keeps the last batch of a partition even when it has expired, and keeps counting offsets', () => {
    log.createTopic('t', { partitions: 2, retentionMs: 10 });
    log.produce('t', [rec('a', '0', 1, 0)]);
    log.produce('t', [rec('b', '1', 2, 0)]);
    expect(log.enforceRetention(1_000_000)).toBe(1);
    expect(log.read('t', 0, 0, 10).map((r) => r.offset)).toEqual([1]);
    expect(log.startOffset('t', 1)).toBe(0);
    expect(log.produce('t', [rec('c', '2', 3, 0)])).toEqual([{ partition: 0, offset: 2 }]);
  });

  it('leaves topics without retention, and compacted topics, untouched', () => {
    log.createTopic('forever', { partitions: 1 });
    log.createTopic('compacted', { partitions: 1, cleanupPolicy: 'compact', retentionMs: 10 });
    log.createTopic('both', { partitions: 1, cleanupPolicy: 'compact,delete', retentionMs: 10 });
    for (const t of ['forever', 'compacted', 'both']) {
      log.produce(t, [rec('a', '0', 1)]);
      log.produce(t, [rec('b', '1', 2)]);
    }
    expect(log.enforceRetention(1_000_000)).toBe(1);
    expect(log.startOffset('forever', 0)).toBe(0);
    expect(log.startOffset('compacted', 0)).toBe(0);
    expect(log.startOffset('both', 0)).toBe(1);
  });

  it('deletes nothing when nothing is old enough', () => {
    log.createTopic('t', { partitions: 1, retentionMs: 1000 });
    log.produce('t', [rec('a', '0', 900)]);
    log.produce('t', [rec('b', '1', 950)]);
    expect(log.enforceRetention(1900)).toBe(0);
    expect(log.startOffset('t', 0)).toBe(0);
  });
});
