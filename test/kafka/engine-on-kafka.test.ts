// The engine in Kafka mode against the real broker: statements go through the command topic,
// queries are consumer groups, state stores are restored from changelog topics.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import type { KafkaLog } from '../../src/log/kafka/index.js';
import { BROKERS, latestValues, openLog, unique, waitFor } from './kafka-fixtures.js';

const engines: Engine[] = [];
const dirs: string[] = [];
let log: KafkaLog | undefined;

afterEach(async () => {
  for (const e of engines.splice(0)) await e.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
afterAll(async () => {
  await log?.disconnect();
});

async function open(serviceId: string, extra: { guarantee?: 'at_least_once' | 'exactly_once_v2' } = {}): Promise<Engine> {
  const dir = mkdtempSync(join(tmpdir(), 'ksqlite-kafka-'));
  dirs.push(dir);
  const e = await Engine.open({ dataDir: dir, processingLogStream: false, kafka: { brokers: BROKERS, serviceId, ...extra }, properties: { 'auto.offset.reset': 'earliest' } });
  engines.push(e);
  return e;
}

/** Latest JSON value per key of a topic (a table's changelog). */
async function latest(topic: string): Promise<Map<string, unknown>> {
  log ??= await openLog();
  return latestValues(log, topic);
}

async function count(topic: string): Promise<number> {
  log ??= await openLog();
  const ends = await log.endOffsets(topic);
  return ends.reduce((a, b) => a + b, 0);
}

describe('the engine in Kafka mode', () => {
  it('runs a filter and projection from a Kafka topic to a Kafka topic', async () => {
    const svc = unique('svc').replace(/-/g, '_');
    const src = unique('orders');
    const e = await open(svc);
    await e.execute(`CREATE STREAM orders (id INT KEY, item STRING, qty INT) WITH (KAFKA_TOPIC='${src}', PARTITIONS=4, VALUE_FORMAT='JSON');`);
    await e.execute(`CREATE STREAM big WITH (KAFKA_TOPIC='${src}-big') AS SELECT id, UCASE(item) AS item FROM orders WHERE qty > 5;`);
    for (let i = 0; i < 20; i++) await e.execute(`INSERT INTO orders (id, item, qty) VALUES (${i}, 'pen', ${i});`);
    await waitFor('14 filtered records in BIG', async () => ((await count(`${src}-big`)) >= 14 ? true : undefined));
    const rows = await latest(`${src}-big`);
    expect(rows.size).toBe(14);
    expect(rows.get(String.fromCharCode(0, 0, 0, 6))).toEqual({ ITEM: 'PEN' });
  });

  it('aggregates by a non-key column through a repartition topic', async () => {
    const svc = unique('svc').replace(/-/g, '_');
    const src = unique('clicks');
    const e = await open(svc);
    await e.execute(`CREATE STREAM clicks (id INT KEY, page STRING) WITH (KAFKA_TOPIC='${src}', PARTITIONS=4, VALUE_FORMAT='JSON');`);
    await e.execute(`CREATE TABLE per_page WITH (KAFKA_TOPIC='${src}-out') AS SELECT page, COUNT(*) AS n FROM clicks GROUP BY page;`);
    for (let i = 0; i < 30; i++) await e.execute(`INSERT INTO clicks (id, page) VALUES (${i}, '/p${i % 3}');`);
    const rows = await waitFor('counts of 10 per page', async () => {
      const m = await latest(`${src}-out`);
      return [...m.values()].every((v) => (v as { N: number }).N === 10) && m.size === 3 ? m : undefined;
    });
    expect([...rows.keys()].sort()).toEqual(['/p0', '/p1', '/p2']);
  });

  it('writes an aggregation through the record cache: fewer updates than records, exact counts; every update with the cache off', async () => {
    const runs: [string, number][] = [];
    for (const cache of ['10000000', '0']) {
      const svc = unique('svc').replace(/-/g, '_');
      const src = unique('hits');
      log ??= await openLog();
      await log.createTopic(src, { partitions: 1 });
      // All in the topic before the query starts: its first fetches hold many records of each key.
      await log.produce(src, Array.from({ length: 300 }, (_v, i) => ({ key: Buffer.from(`k${i % 3}`), value: Buffer.from(`{"N":${i}}`), timestamp: 1000 + i })));
      const e = await open(svc);
      await e.execute(`SET 'ksql.streams.cache.max.bytes.buffering'='${cache}';`);
      await e.execute(`CREATE STREAM hits (k STRING KEY, n INT) WITH (KAFKA_TOPIC='${src}', VALUE_FORMAT='JSON');`);
      await e.execute(`CREATE TABLE per_k WITH (KAFKA_TOPIC='${src}-out') AS SELECT k, COUNT(*) AS c FROM hits GROUP BY k;`);
      await waitFor('counts of 100 per key', async () => {
        const m = await latest(`${src}-out`);
        return m.size === 3 && [...m.values()].every((v) => (v as { C: number }).C === 100) ? true : undefined;
      });
      runs.push([cache, await count(`${src}-out`)]);
    }
    const [[, cached], [, uncached]] = runs as [[string, number], [string, number]];
    expect(cached).toBeLessThan(300);
    expect(uncached).toBe(300);
  });

  it('shares the catalog with a second instance, which splits the query partitions', async () => {
    const svc = unique('svc').replace(/-/g, '_');
    const src = unique('views');
    const a = await open(svc);
    await a.execute(`CREATE STREAM views (id INT KEY, page STRING) WITH (KAFKA_TOPIC='${src}', PARTITIONS=4, VALUE_FORMAT='JSON');`);
    await a.execute(`CREATE TABLE per_id WITH (KAFKA_TOPIC='${src}-out') AS SELECT id, COUNT(*) AS n FROM views GROUP BY id;`);
    const b = await open(svc);
    expect(b.catalog.source('PER_ID')?.sourceType).toBe('TABLE');
    const held = (e: Engine): number[] =>
      e.runningQueries().length === 0 ? [] : [...(e as unknown as { queries: Map<string, { kafka?: { tasks: { assigned(): number[] }[] } }> }).queries.values()].flatMap((q) => q.kafka?.tasks.flatMap((t) => t.assigned()) ?? []);
    await waitFor('both instances to hold partitions', () => (held(a).length > 0 && held(b).length > 0 && held(a).length + held(b).length === 4 ? true : undefined));
    for (let i = 0; i < 40; i++) await a.execute(`INSERT INTO views (id, page) VALUES (${i % 8}, '/x');`);
    const rows = await waitFor('8 ids counted 5 times', async () => {
      const m = await latest(`${src}-out`);
      return m.size === 8 && [...m.values()].every((v) => (v as { N: number }).N === 5) ? m : undefined;
    });
    expect(rows.size).toBe(8);
  });

  it('streams a push query from a Kafka topic', async () => {
    const svc = unique('svc').replace(/-/g, '_');
    const src = unique('ticks');
    const e = await open(svc);
    await e.execute(`CREATE STREAM ticks (id INT KEY, v STRING) WITH (KAFKA_TOPIC='${src}', PARTITIONS=2, VALUE_FORMAT='JSON');`);
    await e.execute(`INSERT INTO ticks (id, v) VALUES (1, 'a'); INSERT INTO ticks (id, v) VALUES (2, 'b');`);
    const q = await e.query(`SELECT id, v FROM ticks EMIT CHANGES LIMIT 2;`);
    const rows: unknown[][] = [];
    for await (const row of q) rows.push(row);
    expect(rows.sort((x, y) => (x[0] as number) - (y[0] as number))).toEqual([
      [1, 'a'],
      [2, 'b'],
    ]);
  });
});
