// Producing and reading records: dense offsets per partition, Kafka's key partitioning, reads that
// start inside a stored batch, large records, and everything surviving a restart.

import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddedLog } from '../../../src/log/embedded/embedded-log.js';
import { partitionForKey } from '../../../src/log/partitioner.js';
import type { ProduceRecord } from '../../../src/log/types.js';
import { kv, rec, tempDir } from './log-fixtures.js';

describe('embedded log records', () => {
  let log: EmbeddedLog;
  beforeEach(() => {
    log = EmbeddedLog.open(':memory:');
  });
  afterEach(() => log.close());

  it('gives each partition its own dense offsets starting at 0, continuing across produce calls', () => {
    log.createTopic('t', { partitions: 2 });
    expect(log.produce('t', [rec('a', '1', 1, 0), rec('b', '2', 1, 1), rec('c', '3', 1, 0)])).toEqual([
      { partition: 0, offset: 0 },
      { partition: 1, offset: 0 },
      { partition: 0, offset: 1 },
    ]);
    expect(log.produce('t', [rec('d', '4', 1, 0)])).toEqual([{ partition: 0, offset: 2 }]);
    expect(log.endOffsets('t')).toEqual([3, 1]);
    expect(log.endOffset('t', 0)).toBe(3);
    expect(kv(log.read('t', 0, 0, 100))).toEqual([
      [0, 'a', '1'],
      [1, 'c', '3'],
      [2, 'd', '4'],
    ]);
    expect(kv(log.read('t', 1, 0, 100))).toEqual([[0, 'b', '2']]);
  });

  it('returns topic, partition, timestamp and headers with each record', () => {
    log.createTopic('t', { partitions: 1 });
    log.produce('t', [{ ...rec('k', 'v', 1_700_000_000_123), headers: [{ key: 'source', value: Buffer.from('test') }] }]);
    const [r] = log.read('t', 0, 0, 1);
    expect(r).toEqual({
      topic: 't',
      partition: 0,
      offset: 0,
      key: Buffer.from('k'),
      value: Buffer.from('v'),
      timestamp: 1_700_000_000_123,
      headers: [{ key: 'source', value: Buffer.from('test') }],
    });
  });

  it('places keyed records in the partition Kafka would choose, unless the record names one', () => {
    log.createTopic('t', { partitions: 3 });
    // Kafka 3.9 puts "a" in partition 1, "foo" in 2 and "21" in 0 of a 3-partition topic.
    const placed = log.produce('t', [rec('a', '1'), rec('foo', '2'), rec('21', '3'), rec('a', '4', 1, 2)]);
    expect(placed.map((p) => p.partition)).toEqual([1, 2, 0, 2]);
    for (let i = 0; i < 50; i++) {
      const key = `user-${i}`;
      expect(log.produce('t', [rec(key, 'x')])[0]!.partition).toBe(partitionForKey(Buffer.from(key), 3));
    }
  });

  it('puts the null-key records of one produce call in one partition, and the next call in the next', () => {
    log.createTopic('t', { partitions: 3 });
    const calls = [0, 1, 2, 3].map(() => log.produce('t', [rec(null, 'x'), rec(null, 'y')]).map((p) => p.partition));
    expect(calls).toEqual([
      [0, 0],
      [1, 1],
      [2, 2],
      [0, 0],
    ]);
    log.createTopic('single', { partitions: 1 });
    expect(log.produce('single', [rec(null, 'x')])).toEqual([{ partition: 0, offset: 0 }]);
  });

  it('reads from an offset in the middle of a produced batch and across later batches', () => {
    log.createTopic('t', { partitions: 1 });
    log.produce('t', ['0', '1', '2', '3'].map((v) => rec(`k${v}`, v)));
    log.produce('t', ['4', '5'].map((v) => rec(`k${v}`, v)));
    log.produce('t', ['6', '7', '8'].map((v) => rec(`k${v}`, v)));
    expect(kv(log.read('t', 0, 2, 3))).toEqual([
      [2, 'k2', '2'],
      [3, 'k3', '3'],
      [4, 'k4', '4'],
    ]);
    expect(log.read('t', 0, 5, 100).map((r) => r.offset)).toEqual([5, 6, 7, 8]);
    expect(log.read('t', 0, 7, 1).map((r) => r.offset)).toEqual([7]);
    expect(log.read('t', 0, 9, 100)).toEqual([]);
    expect(log.read('t', 0, 500, 100)).toEqual([]);
    expect(log.read('t', 0, 0, 0)).toEqual([]);
    expect(() => log.read('t', 0, -1, 10)).toThrow(/offsets are whole numbers >= 0/);
  });

  it('stores a produce call as one row per partition, and splits very large calls into several', () => {
    log.createTopic('t', { partitions: 2 });
    const rows = (): number => log.db.prepare('SELECT count(*) FROM log_batches').pluck().get() as number;
    log.produce('t', Array.from({ length: 500 }, (_, i) => rec(null, `value-${i}`, i, i % 2)));
    expect(rows()).toBe(2);
    const big: ProduceRecord[] = Array.from({ length: 3000 }, (_, i) => ({ key: null, value: Buffer.alloc(300, i % 251), timestamp: i, partition: 0 }));
    log.produce('t', big);
    expect(rows()).toBeGreaterThan(3);
    const back = log.read('t', 0, 250, 10_000);
    expect(back).toHaveLength(3000);
    expect(back.every((r, i) => r.offset === 250 + i && r.value!.length === 300 && r.value![0] === i % 251)).toBe(true);
  });

  it('returns where each record of a mixed-partition call landed, in input order', () => {
    log.createTopic('t', { partitions: 2 });
    log.produce('t', [rec('x', 'x', 1, 1)]);
    expect(log.produce('t', [rec('a', '1', 1, 1), rec('b', '2', 1, 0), rec('c', '3', 1, 1)])).toEqual([
      { partition: 1, offset: 1 },
      { partition: 0, offset: 0 },
      { partition: 1, offset: 2 },
    ]);
    expect(log.produce('t', [])).toEqual([]);
  });

  it('keeps null distinct from empty keys and values through the log', () => {
    log.createTopic('t', { partitions: 1 });
    log.produce('t', [rec(null, ''), rec('', null), rec(null, null)]);
    expect(log.read('t', 0, 0, 10).map((r) => [r.key, r.value])).toEqual([
      [null, Buffer.alloc(0)],
      [Buffer.alloc(0), null],
      [null, null],
    ]);
  });
});

describe('embedded log on disk', () => {
  let dir: ReturnType<typeof tempDir>;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.remove());

  it('keeps topics, records, offsets and consumer positions across close and reopen', () => {
    const file = join(dir.path, 'ksqlite.db');
    let log = EmbeddedLog.open(file);
    log.createTopic('orders', { partitions: 2, retentionMs: 5000 });
    log.produce('orders', [rec('a', '1', 10, 0), rec('b', '2', 11, 1), rec('c', '3', 12, 0)]);
    log.commitOffsets('app', [{ topic: 'orders', partition: 0, offset: 1 }]);
    log.close();

    log = EmbeddedLog.open(file);
    try {
      expect(log.describeTopic('orders')).toMatchObject({ partitions: 2, retentionMs: 5000 });
      expect(log.endOffsets('orders')).toEqual([2, 1]);
      expect(log.committedOffset('app', 'orders', 0)).toBe(1);
      expect(kv(log.read('orders', 0, 1, 10))).toEqual([[1, 'c', '3']]);
      expect(log.produce('orders', [rec('d', '4', 13, 0)])).toEqual([{ partition: 0, offset: 2 }]);
      expect(log.db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      log.close();
    }
  });

  it('stores and returns keys and values of several megabytes exactly', () => {
    const log = EmbeddedLog.open(join(dir.path, 'big.db'));
    try {
      log.createTopic('blobs', { partitions: 1 });
      const key = Buffer.alloc(3 * 1024 * 1024);
      const value = Buffer.alloc(7 * 1024 * 1024);
      for (let i = 0; i < key.length; i += 997) key[i] = (i * 7) & 0xff;
      for (let i = 0; i < value.length; i += 991) value[i] = (i * 13) & 0xff;
      log.produce('blobs', [{ key, value, timestamp: 1 }, { key: Buffer.from('small'), value: Buffer.alloc(0), timestamp: 2 }]);
      const back = log.read('blobs', 0, 0, 10);
      expect(back).toHaveLength(2);
      expect(back[0]!.key!.equals(key)).toBe(true);
      expect(back[0]!.value!.equals(value)).toBe(true);
      expect(kv(back.slice(1))).toEqual([[1, 'small', '']]);
    } finally {
      log.close();
    }
  });

  it('explains which file it could not open', () => {
    expect(() => EmbeddedLog.open(join(dir.path, 'missing-dir', 'x.db'))).toThrow(/Cannot open the embedded log at '.*missing-dir/);
  });
});
