// The embedded batch loop: a batch larger than one read of the log is still one transaction, in
// offset order, with its outputs and the query's position committed together.

import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { EmbeddedTask, commitIntervalMs } from '../../src/runtime/embedded-task.js';
import { readJson } from '../engine/helpers.js';

let engine: Engine | undefined;
afterEach(async () => {
  await engine?.close();
  engine = undefined;
});

describe('embedded task', () => {
  it('counts every record of a topic longer than one read, in order, and commits the position past the last', async () => {
    // The record cache off: every record's update reaches the topic.
    const e = (engine = new Engine({
      inMemory: true,
      processingLogStream: false,
      properties: { 'auto.offset.reset': 'earliest', 'ksql.streams.cache.max.bytes.buffering': '0' },
    }));
    await e.execute(`CREATE STREAM ev (id STRING KEY, n INT) WITH (KAFKA_TOPIC='ev', PARTITIONS=1, VALUE_FORMAT='JSON');`);
    const total = 23_456;
    for (let i = 0; i < total; i += 1000) {
      const batch = [];
      for (let j = i; j < Math.min(total, i + 1000); j++) {
        batch.push({ key: Buffer.from(`k${j % 3}`), value: Buffer.from(JSON.stringify({ N: j })), timestamp: j });
      }
      e.log.produce('ev', batch);
    }
    await e.execute(`CREATE TABLE per_key AS SELECT id, COUNT(*) AS c, MAX(n) AS top FROM ev GROUP BY id;`);
    e.runUntilIdle();
    const out = readJson(e, 'PER_KEY');
    expect(out.length).toBe(total);
    // The last output of each key has seen every record of it, the highest last.
    expect(out.slice(-3).map((o) => [o.key, o.value])).toEqual([
      ['k2', { C: 7818, TOP: 23453 }],
      ['k0', { C: 7819, TOP: 23454 }],
      ['k1', { C: 7819, TOP: 23455 }],
    ]);
    const [query] = e.runningQueries();
    expect(query!.recordsIn).toBe(total);
    expect(e.log.committedOffset(`_confluent-ksql-default_query_${query!.id}`, 'ev', 0)).toBe(total);
  });

  it('ends a batch at the commit interval, after the read that passes it, and at 200k records', async () => {
    const e = (engine = new Engine({ inMemory: true, processingLogStream: false }));
    await e.execute(`CREATE STREAM ev (id STRING KEY, n INT) WITH (KAFKA_TOPIC='ev', PARTITIONS=1, VALUE_FORMAT='JSON');`);
    const total = 230_000;
    for (let i = 0; i < total; i += 10_000) {
      const batch = [];
      for (let j = i; j < i + 10_000; j++) batch.push({ key: null, value: Buffer.from(`{"N":${j}}`), timestamp: j });
      e.log.produce('ev', batch);
    }
    const batches = (batchMs: number): number[] => {
      const sizes: number[] = [];
      let seen = 0;
      const task = new EmbeddedTask({
        log: e.log,
        source: e.catalog.source('EV')!,
        offsetReset: 'earliest',
        errors: { recordError: () => undefined },
        batchMs,
        flush: () => {
          sizes.push(task.recordsIn - seen);
          seen = task.recordsIn;
        },
      });
      while (task.poll() > 0);
      return sizes;
    };
    // A commit interval of 0: every read of the log (10k records) is its own batch.
    expect(batches(0)).toEqual(Array.from({ length: 23 }, () => 10_000));
    // An interval never reached: batches of 200k records.
    expect(batches(600_000)).toEqual([200_000, 30_000]);
  });

  it('reads the commit interval from ksql.streams.commit.interval.ms, 2 s by default', () => {
    expect(commitIntervalMs({})).toBe(2000);
    expect(commitIntervalMs({ 'ksql.streams.commit.interval.ms': '100' })).toBe(100);
    expect(() => commitIntervalMs({ 'ksql.streams.commit.interval.ms': 'soon' })).toThrow(
      "Invalid value 'soon' for property ksql.streams.commit.interval.ms: give a whole number of ms >= 0",
    );
  });
});
