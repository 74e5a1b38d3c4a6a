import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { readJson } from './helpers.js';

let engines: Engine[] = [];
afterEach(async () => {
  for (const e of engines) await e.close();
  engines = [];
});
/** An engine with the record cache off (unless `opts` sets it): every change of a group reaches the topic. */
function engine(opts: ConstructorParameters<typeof Engine>[0] = { inMemory: true, processingLogStream: false }): Engine {
  const e = new Engine({ ...opts, properties: { 'ksql.streams.cache.max.bytes.buffering': '0', ...opts?.properties } });
  engines.push(e);
  return e;
}

const PAGEVIEWS = `CREATE STREAM pv (user_id STRING KEY, page STRING, ms INT)
  WITH (KAFKA_TOPIC='pv', PARTITIONS=1, VALUE_FORMAT='JSON');`;

/** PER_PAGE (COUNT and SUM per page) over three page views, two of them of '/home', in one batch. */
async function viewsPerPage(e: Engine): Promise<void> {
    await e.execute(PAGEVIEWS);
    await e.execute(`CREATE TABLE per_page AS SELECT page, COUNT(*) AS views, SUM(ms) AS total FROM pv GROUP BY page;`);
    await e.execute(`INSERT INTO pv (user_id, page, ms) VALUES ('a', '/home', 10);
      INSERT INTO pv (user_id, page, ms) VALUES ('b', '/cart', 5);
      INSERT INTO pv (user_id, page, ms) VALUES ('c', '/home', 7);`);
    e.runUntilIdle();
}

describe('GROUP BY on a stream', () => {
  it('emits the updated count and sum of a group for every row', async () => {
    const e = engine();
    await viewsPerPage(e);
    expect(readJson(e, 'PER_PAGE').map((o) => [o.key, o.value])).toEqual([
      ['/home', { VIEWS: 1, TOTAL: 10 }],
      ['/cart', { VIEWS: 1, TOTAL: 5 }],
      ['/home', { VIEWS: 2, TOTAL: 17 }],
    ]);
  });

  it('HAVING deletes a group that stops matching with a tombstone', async () => {
    const e = engine();
    await e.execute(`CREATE TABLE users (id STRING PRIMARY KEY, city STRING) WITH (KAFKA_TOPIC='users', PARTITIONS=1, VALUE_FORMAT='JSON');`);
    await e.execute(`CREATE TABLE crowded AS SELECT city, COUNT(*) AS n FROM users GROUP BY city HAVING COUNT(*) > 1;`);
    await e.execute(`INSERT INTO users (id, city) VALUES ('1', 'Oslo');
      INSERT INTO users (id, city) VALUES ('2', 'Oslo');
      INSERT INTO users (id, city) VALUES ('2', 'Rome');`);
    e.runUntilIdle();
    // The first Oslo row never matched (nothing to delete), the second makes 2, the move to Rome
    // deletes Oslo; Rome never matched, so it gets no tombstone (as ksqlDB).
    expect(readJson(e, 'CROWDED').map((o) => [o.key, o.value])).toEqual([
      ['Oslo', { N: 2 }],
      ['Oslo', null],
    ]);
  });

  it('refuses a non-aggregated column that is not grouped', async () => {
    const e = engine();
    await e.execute(PAGEVIEWS);
    await expect(e.execute(`CREATE TABLE t AS SELECT page, ms, COUNT(*) FROM pv GROUP BY page;`)).rejects.toThrow(
      'Non-aggregate SELECT expression(s) not part of GROUP BY: MS',
    );
    expect(e.catalog.source('T')).toBeUndefined();
  });

  it('keeps exact counts across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ksqlite-agg-'));
    try {
      const first = new Engine({ dataDir: dir, processingLogStream: false, properties: { 'ksql.streams.cache.max.bytes.buffering': '0' } });
      await first.execute(PAGEVIEWS);
      await first.execute(`CREATE TABLE per_user AS SELECT user_id, COUNT(*) AS n FROM pv GROUP BY user_id;`);
      await first.execute(`INSERT INTO pv (user_id, page, ms) VALUES ('a', '/x', 1); INSERT INTO pv (user_id, page, ms) VALUES ('a', '/y', 1);`);
      first.runUntilIdle();
      await first.close();
      const second = engine({ dataDir: dir, processingLogStream: false });
      await second.execute(`INSERT INTO pv (user_id, page, ms) VALUES ('a', '/z', 1);`);
      second.runUntilIdle();
      expect(readJson(second, 'PER_USER').map((o) => o.value)).toEqual([{ N: 1 }, { N: 2 }, { N: 3 }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the record cache (on by default, as in ksqlDB)', () => {
  const cached = (): Engine => engine({ inMemory: true, processingLogStream: false, properties: { 'ksql.streams.cache.max.bytes.buffering': '10000000' } });

  it('writes one update per group for the rows of one batch, the latest, and the table is the same', async () => {
    const e = cached();
    await viewsPerPage(e);
    // In the order the groups last changed.
    expect(readJson(e, 'PER_PAGE').map((o) => [o.key, o.value])).toEqual([
      ['/cart', { VIEWS: 1, TOTAL: 5 }],
      ['/home', { VIEWS: 2, TOTAL: 17 }],
    ]);
    const q = e.query(`SELECT * FROM per_page WHERE page = '/home';`);
    const rows: unknown[][] = [];
    for await (const row of await q) rows.push(row);
    expect(rows).toEqual([['/home', 2, 17]]);
    expect(e.runningQueries()[0]!.recordsOut).toBe(2);
  });

  it('writes every update of rows that arrive in separate batches', async () => {
    const e = cached();
    await e.execute(PAGEVIEWS);
    await e.execute(`CREATE TABLE per_page AS SELECT page, COUNT(*) AS views FROM pv GROUP BY page;`);
    for (const ms of [1, 2, 3]) {
      await e.execute(`INSERT INTO pv (user_id, page, ms) VALUES ('a', '/home', ${ms});`);
      e.runUntilIdle();
    }
    expect(readJson(e, 'PER_PAGE').map((o) => o.value)).toEqual([{ VIEWS: 1 }, { VIEWS: 2 }, { VIEWS: 3 }]);
  });

  it('writes no HAVING tombstone for a group whose match did not outlast the batch', async () => {
    const e = cached();
    await e.execute(`CREATE TABLE users (id STRING PRIMARY KEY, city STRING) WITH (KAFKA_TOPIC='users', PARTITIONS=1, VALUE_FORMAT='JSON');`);
    await e.execute(`CREATE TABLE crowded AS SELECT city, COUNT(*) AS n FROM users GROUP BY city HAVING COUNT(*) > 1;`);
    await e.execute(`INSERT INTO users (id, city) VALUES ('1', 'Oslo');
      INSERT INTO users (id, city) VALUES ('2', 'Oslo');
      INSERT INTO users (id, city) VALUES ('3', 'Rome');
      INSERT INTO users (id, city) VALUES ('4', 'Rome');
      INSERT INTO users (id, city) VALUES ('2', 'Rome');`);
    e.runUntilIdle();
    // Oslo matched only in the middle of the batch: its match never reached the topic, so neither
    // does a tombstone for it (as with Kafka Streams' cache, which sits before the HAVING filter).
    expect(readJson(e, 'CROWDED').map((o) => [o.key, o.value])).toEqual([['Rome', { N: 3 }]]);
  });

  it('writes each window of a key once per batch', async () => {
    const e = cached();
    await e.execute(PAGEVIEWS);
    await e.execute(`CREATE TABLE per_minute AS SELECT page, COUNT(*) AS views FROM pv WINDOW TUMBLING (SIZE 1 MINUTE) GROUP BY page;`);
    await e.execute(`INSERT INTO pv (user_id, page, ms, ROWTIME) VALUES ('a', '/home', 1, 1000);
      INSERT INTO pv (user_id, page, ms, ROWTIME) VALUES ('a', '/home', 1, 61000);
      INSERT INTO pv (user_id, page, ms, ROWTIME) VALUES ('a', '/home', 1, 2000);`);
    e.runUntilIdle();
    expect(readJson(e, 'PER_MINUTE').map((o) => [o.value, o.timestamp])).toEqual([
      [{ VIEWS: 1 }, 61000],
      [{ VIEWS: 2 }, 2000],
    ]);
  });

  it('is turned off for the queries created after SET \'ksql.streams.cache.max.bytes.buffering\'=\'0\'', async () => {
    const e = cached();
    await e.execute(PAGEVIEWS);
    await e.execute(`SET 'ksql.streams.cache.max.bytes.buffering'='0';`);
    await e.execute(`CREATE TABLE per_page AS SELECT page, COUNT(*) AS views FROM pv GROUP BY page;`);
    await e.execute(`INSERT INTO pv (user_id, page, ms) VALUES ('a', '/home', 1); INSERT INTO pv (user_id, page, ms) VALUES ('b', '/home', 2);`);
    e.runUntilIdle();
    expect(readJson(e, 'PER_PAGE').map((o) => o.value)).toEqual([{ VIEWS: 1 }, { VIEWS: 2 }]);
  });

  it('refuses a cache size that is not a whole number of bytes, and creates nothing', async () => {
    const e = engine({ inMemory: true, processingLogStream: false, properties: { 'ksql.streams.cache.max.bytes.buffering': '10MB' } });
    await e.execute(PAGEVIEWS);
    await expect(e.execute(`CREATE TABLE per_page AS SELECT page, COUNT(*) AS views FROM pv GROUP BY page;`)).rejects.toThrow(
      "Invalid value '10MB' for property ksql.streams.cache.max.bytes.buffering",
    );
    expect(e.catalog.source('PER_PAGE')).toBeUndefined();
    expect(e.runningQueries()).toEqual([]);
  });
});
