// Records through a real broker: what is produced (keys, values, tombstones, headers, timestamps)
// is what a consumer group reads back, at the offsets produce reported, in the partitions Java
// clients would choose.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KafkaLog } from '../../src/log/kafka/index.js';
import { partitionForKey } from '../../src/log/partitioner.js';
import type { ProduceRecord } from '../../src/log/types.js';
import { BROKERS, buf, collect, openLog, text, unique, waitForRecords } from './kafka-fixtures.js';

/** The broker's jars, fetched by `npm run kafka:start`; they include Kafka's console producer. */
const KAFKA_LIB = resolve('.kafka/lib');

let log: KafkaLog;

beforeAll(async () => {
  log = await openLog();
});

afterAll(async () => {
  await log.disconnect();
});

describe('Kafka records', () => {
  it('reads back keys, values, tombstones, headers and timestamps as produced, at the reported offsets', async () => {
    const topic = unique('roundtrip');
    await log.createTopic(topic, { partitions: 1 });
    const records: ProduceRecord[] = [
      { key: buf('k1'), value: buf('{"a":1}'), timestamp: 1_700_000_000_000 },
      {
        key: buf('k2'),
        value: buf('{"a":2}'),
        timestamp: 1_700_000_000_001,
        headers: [
          { key: 'source', value: buf('test') },
          { key: 'empty', value: Buffer.alloc(0) },
          { key: 'source', value: buf('again') },
        ],
      },
      { key: buf('k1'), value: null, timestamp: 1_700_000_000_002 },
      { key: null, value: buf('no key'), timestamp: 5 },
    ];
    expect(await log.produce(topic, records)).toEqual([
      { partition: 0, offset: 0 },
      { partition: 0, offset: 1 },
      { partition: 0, offset: 2 },
      { partition: 0, offset: 3 },
    ]);

    const c = await collect(log.consumer({ groupId: unique('roundtrip-group'), topics: [topic] }), false);
    const read = await waitForRecords(c, 4);
    await c.consumer.stop();
    expect(read.map((r) => [r.topic, r.partition, r.offset, text(r.key), text(r.value), r.timestamp])).toEqual([
      [topic, 0, 0, 'k1', '{"a":1}', 1_700_000_000_000],
      [topic, 0, 1, 'k2', '{"a":2}', 1_700_000_000_001],
      [topic, 0, 2, 'k1', null, 1_700_000_000_002],
      [topic, 0, 3, null, 'no key', 5],
    ]);
    expect(read[0]!.headers).toEqual([]);
    expect(read[1]!.headers.map((h) => [h.key, text(h.value)])).toEqual([
      ['source', 'test'],
      ['source', 'again'],
      ['empty', ''],
    ]);
    expect(c.batches.at(-1)!.nextOffset).toBe(4);
    expect(await log.endOffsets(topic)).toEqual([4]);
    expect(await log.startOffsets(topic)).toEqual([0]);
  });

  it('puts keyed records in the partition Kafka\'s murmur2 partitioner picks, and reads them from there', async () => {
    const topic = unique('keyed');
    const partitions = 8;
    await log.createTopic(topic, { partitions });
    const keys = Array.from({ length: 64 }, (_, i) => `user-${i}`);
    const placed = await log.produce(
      topic,
      keys.map((k, i) => ({ key: buf(k), value: buf(String(i)), timestamp: 1000 + i })),
    );
    const expected = keys.map((k) => partitionForKey(buf(k), partitions));
    expect(placed.map((p) => p.partition)).toEqual(expected);

    const c = await collect(log.consumer({ groupId: unique('keyed-group'), topics: [topic] }), false);
    const read = await waitForRecords(c, keys.length);
    await c.consumer.stop();
    for (const r of read) {
      expect(r.partition).toBe(partitionForKey(r.key!, partitions));
      const i = Number(text(r.value));
      expect(placed[i]).toEqual({ partition: r.partition, offset: r.offset });
    }
    const counts = new Array<number>(partitions).fill(0);
    for (const p of expected) counts[p]! += 1;
    expect(await log.endOffsets(topic)).toEqual(counts);
  });

  it.skipIf(!existsSync(KAFKA_LIB))(
    "agrees with Kafka's own Java producer on the partition of every key",
    async () => {
      const topic = unique('java');
      const partitions = 6;
      await log.createTopic(topic, { partitions });
      const keys = Array.from({ length: 40 }, (_, i) => `order-${i * 37}`);
      // Kafka's console producer, with the broker's jars: keyed lines "key|value".
      const java = spawnSync(
        'java',
        [
          '-Xmx128m',
          '-cp',
          `${KAFKA_LIB}/*`,
          `-Dlog4j.configuration=file:${resolve('scripts/kafka/tools-log4j.properties')}`,
          'kafka.tools.ConsoleProducer',
          '--bootstrap-server',
          BROKERS,
          '--topic',
          topic,
          '--property',
          'parse.key=true',
          '--property',
          'key.separator=|',
        ],
        { input: keys.map((k) => `${k}|${k}`).join('\n') + '\n', encoding: 'utf8', timeout: 60_000 },
      );
      expect(java.status, java.stderr).toBe(0);
      const c = await collect(log.consumer({ groupId: unique('java-group'), topics: [topic] }), false);
      const read = await waitForRecords(c, keys.length);
      await c.consumer.stop();
      const javaPartition = new Map(read.map((r) => [text(r.key), r.partition]));
      const ours = await log.produce(
        topic,
        keys.map((k) => ({ key: buf(k), value: buf(k), timestamp: 1 })),
      );
      expect(ours.map((p) => p.partition)).toEqual(keys.map((k) => javaPartition.get(k)));
      expect(new Set(javaPartition.values()).size).toBeGreaterThan(3);
    },
  );

  it('sends a record to its explicit partition regardless of its key', async () => {
    const topic = unique('explicit');
    await log.createTopic(topic, { partitions: 4 });
    const placed = await log.produce(topic, [
      { key: buf('a'), value: buf('1'), timestamp: 1, partition: 3 },
      { key: buf('a'), value: buf('2'), timestamp: 2, partition: 1 },
      { key: buf('a'), value: buf('3'), timestamp: 3, partition: 3 },
    ]);
    expect(placed).toEqual([
      { partition: 3, offset: 0 },
      { partition: 1, offset: 0 },
      { partition: 3, offset: 1 },
    ]);
    await expect(
      log.produce(topic, [{ key: null, value: buf('x'), timestamp: 1, partition: 4 }]),
    ).rejects.toThrow(`Topic '${topic}' has no partition 4: it has 4 (numbered 0 to 3)`);
  });

  it('keeps the null-key records of one call together and moves the next call to the next partition', async () => {
    const topic = unique('sticky');
    await log.createTopic(topic, { partitions: 3 });
    const batch = (n: number): ProduceRecord[] =>
      Array.from({ length: n }, (_, i) => ({ key: null, value: buf(String(i)), timestamp: i }));
    const first = await log.produce(topic, batch(5));
    const second = await log.produce(topic, batch(2));
    expect(new Set(first.map((p) => p.partition)).size).toBe(1);
    expect(new Set(second.map((p) => p.partition)).size).toBe(1);
    expect(second[0]!.partition).toBe((first[0]!.partition + 1) % 3);
    expect(first.map((p) => p.offset)).toEqual([0, 1, 2, 3, 4]);
  });

  it('splits a large produce call into requests the broker accepts, keeping the order', async () => {
    const topic = unique('large');
    await log.createTopic(topic, { partitions: 2 });
    const value = Buffer.alloc(10_000, 'x');
    const records = Array.from({ length: 300 }, (_, i) => ({ key: buf(`k${i % 7}`), value, timestamp: i }));
    const placed = await log.produce(topic, records);
    const perPartition = new Map<number, number[]>();
    for (const p of placed) perPartition.set(p.partition, [...(perPartition.get(p.partition) ?? []), p.offset]);
    for (const offsets of perPartition.values()) expect(offsets).toEqual(offsets.map((_, i) => i));
    const ends = await log.endOffsets(topic);
    expect(ends.reduce((a, b) => a + b, 0)).toBe(300);
  });

  it('sends a header with a null value, which reads back as null', async () => {
    const topic = unique('nullheader');
    await log.createTopic(topic, { partitions: 1 });
    await log.produce(topic, [{ key: null, value: buf('v'), timestamp: 1, headers: [{ key: 'h', value: null }] }]);
    const c = await collect(log.consumer({ groupId: unique('nullheader-group'), topics: [topic] }), false);
    const read = await waitForRecords(c, 1);
    await c.consumer.stop();
    expect(read[0]!.headers).toEqual([{ key: 'h', value: null }]);
  });
  it('writes every record of concurrent produce calls to one partition, each call in its order', async () => {
    const topic = unique('concurrent');
    await log.createTopic(topic, { partitions: 1 });
    const call = (c: number): ProduceRecord[] => Array.from({ length: 1500 }, (_, i) => ({ key: buf(`c${c}`), value: buf(`${c}:${i}`), timestamp: i }));
    const placed = await Promise.all([0, 1, 2, 3].map((c) => log.produce(topic, call(c))));
    for (const offsets of placed) {
      const list = offsets.map((p) => p.offset);
      expect(list).toEqual([...list].sort((a, b) => a - b));
    }
    expect(new Set(placed.flat().map((p) => p.offset)).size).toBe(6000);
    expect(await log.endOffsets(topic)).toEqual([6000]);
  });
});
