import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { KsqlError } from '../../src/errors.js';
import { readJson } from './helpers.js';

const CREATE = `CREATE STREAM orders (id BIGINT KEY, item STRING, qty INT, price DOUBLE)
  WITH (KAFKA_TOPIC='orders', PARTITIONS=1, VALUE_FORMAT='JSON');`;

let engines: Engine[] = [];
function engine(opts: ConstructorParameters<typeof Engine>[0] = { inMemory: true, processingLogStream: false }): Engine {
  const e = new Engine(opts);
  engines.push(e);
  return e;
}
afterEach(async () => {
  for (const e of engines) await e.close();
  engines = [];
});

describe('stateless persistent queries', () => {
  it('filters and projects a stream into a new topic, keeping keys and timestamps', async () => {
    const e = engine();
    await e.execute(CREATE);
    await e.execute(`CREATE STREAM big AS SELECT id, UCASE(item) AS item, qty * price AS total FROM orders WHERE qty > 1;`);
    await e.execute(`INSERT INTO orders (id, item, qty, price, ROWTIME) VALUES (1, 'pen', 1, 2.5, 1000);
      INSERT INTO orders (id, item, qty, price, ROWTIME) VALUES (2, 'ink', 3, 1.5, 2000);`);
    e.runUntilIdle();
    expect(readJson(e, 'BIG')).toEqual([{ key: '\u0000\u0000\u0000\u0000\u0000\u0000\u0000\u0002', value: { ITEM: 'INK', TOTAL: 4.5 }, timestamp: 2000 }]);
  });

  it('re-keys a stream with PARTITION BY', async () => {
    const e = engine();
    await e.execute(CREATE);
    await e.execute(`CREATE STREAM by_item WITH (KEY_FORMAT='JSON') AS SELECT item, id, qty FROM orders PARTITION BY item;`);
    await e.execute(`INSERT INTO orders (id, item, qty, price) VALUES (7, 'cup', 2, 1.0);`);
    e.runUntilIdle();
    const out = readJson(e, 'BY_ITEM');
    expect(out.map((o) => [o.key, o.value])).toEqual([['"cup"', { ID: 7, QTY: 2 }]]);
    const desc = await e.execute('DESCRIBE by_item;');
    expect(desc[0]!.type === 'sourceDescription' && desc[0].sourceDescription.fields.map((f) => `${f.name}${f.type === 'KEY' ? ' KEY' : ''}`)).toEqual([
      'ITEM KEY',
      'ID',
      'QTY',
    ]);
  });

  it('skips, counts and logs a record that cannot be decoded, and goes on', async () => {
    const e = engine({ inMemory: true });
    await e.execute(CREATE);
    await e.execute(`CREATE STREAM copy AS SELECT * FROM orders;`);
    e.log.produce('orders', [
      { key: null, value: Buffer.from('{not json'), timestamp: 1 },
      { key: null, value: Buffer.from('{"ITEM":"ok","QTY":1,"PRICE":1}'), timestamp: 2 },
    ]);
    e.runUntilIdle();
    expect(readJson(e, 'COPY').map((o) => o.value)).toEqual([{ ITEM: 'ok', QTY: 1, PRICE: 1 }]);
    const log = readJson(e, 'default_ksql_processing_log');
    expect(log).toHaveLength(1);
    expect(JSON.stringify(log[0]!.value)).toContain('CSAS_COPY_');
    const desc = await e.execute('DESCRIBE copy EXTENDED;');
    expect(desc[0]!.type === 'sourceDescription' && desc[0].sourceDescription.errorStats).toBe('errors: 1');
  });

  it('a failing statement names the problem and changes nothing', async () => {
    const e = engine();
    await e.execute(CREATE);
    const err = await e.execute(`CREATE STREAM bad AS SELECT id, nope FROM orders;`).catch((x: unknown) => x);
    expect(err).toBeInstanceOf(KsqlError);
    expect((err as KsqlError).message).toBe("SELECT column 'NOPE' cannot be resolved.");
    expect((err as KsqlError).loc).toEqual({ line: 1, column: 33 });
    expect(e.catalog.source('BAD')).toBeUndefined();
    expect(e.log.hasTopic('BAD')).toBe(false);
    expect(e.catalog.queries.size).toBe(0);
  });

  it('streams rows to a push query until its LIMIT', async () => {
    const e = engine({ inMemory: true, processingLogStream: false, properties: { 'auto.offset.reset': 'earliest' } });
    await e.execute(CREATE);
    await e.execute(`INSERT INTO orders (id, item, qty, price) VALUES (1, 'a', 1, 1.0);
      INSERT INTO orders (id, item, qty, price) VALUES (2, 'b', 2, 2.0);
      INSERT INTO orders (id, item, qty, price) VALUES (3, 'c', 3, 3.0);`);
    const q = await e.query('SELECT id, item FROM orders WHERE qty >= 2 EMIT CHANGES LIMIT 2;');
    expect(q.header.schema).toBe('`ID` BIGINT KEY, `ITEM` STRING');
    const rows: unknown[][] = [];
    for await (const row of q) rows.push(row);
    expect(rows).toEqual([
      [2, 'b'],
      [3, 'c'],
    ]);
  });

  it('refuses to drop a source another query reads, and drops the writer with its sink', async () => {
    const e = engine();
    await e.execute(CREATE);
    await e.execute(`CREATE STREAM a AS SELECT * FROM orders;`);
    await expect(e.execute('DROP STREAM orders;')).rejects.toThrow(/The following streams and\/or tables read from this source: \[A\]/);
    await e.execute('DROP STREAM a DELETE TOPIC;');
    expect(e.catalog.queries.size).toBe(0);
    expect(e.log.hasTopic('A')).toBe(false);
    await e.execute('DROP STREAM orders;');
    expect(e.catalog.sources.size).toBe(0);
  });
});

describe('restart', () => {
  it('brings sources and queries back and resumes where the query stopped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ksqlite-restart-'));
    try {
      const first = new Engine({ dataDir: dir, processingLogStream: false });
      await first.execute(CREATE);
      await first.execute(`CREATE STREAM cheap AS SELECT id, item FROM orders WHERE price < 10;`);
      await first.execute(`INSERT INTO orders (id, item, qty, price) VALUES (1, 'a', 1, 1.0);`);
      first.runUntilIdle();
      await first.close();

      const second = new Engine({ dataDir: dir, processingLogStream: false });
      engines.push(second);
      expect(second.catalog.source('CHEAP')?.sourceType).toBe('STREAM');
      expect([...second.catalog.queries.keys()]).toEqual(['CSAS_CHEAP_2']);
      await second.execute(`INSERT INTO orders (id, item, qty, price) VALUES (2, 'b', 1, 2.0);`);
      second.runUntilIdle();
      expect(readJson(second, 'CHEAP').map((o) => o.value)).toEqual([{ ITEM: 'a' }, { ITEM: 'b' }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('table functions', () => {
  it('EXPLODE emits one row per element and zips several calls, padding with nulls', async () => {
    const e = engine();
    await e.execute(`CREATE STREAM s (k STRING KEY, a ARRAY<INT>, b ARRAY<STRING>) WITH (KAFKA_TOPIC='s', PARTITIONS=1, VALUE_FORMAT='JSON');`);
    await e.execute(`CREATE STREAM out AS SELECT k, EXPLODE(a) AS x, EXPLODE(b) AS y FROM s;`);
    await e.execute(`INSERT INTO s (k, a, b) VALUES ('r', ARRAY[1, 2, 3], ARRAY['p']);`);
    e.runUntilIdle();
    expect(readJson(e, 'OUT').map((o) => o.value)).toEqual([
      { X: 1, Y: 'p' },
      { X: 2, Y: null },
      { X: 3, Y: null },
    ]);
  });

  it('CUBE_EXPLODE gives every combination once', async () => {
    const e = engine();
    await e.execute(`CREATE STREAM s (k STRING KEY, a INT, b INT) WITH (KAFKA_TOPIC='s', PARTITIONS=1, VALUE_FORMAT='JSON');`);
    await e.execute(`CREATE STREAM out AS SELECT k, CUBE_EXPLODE(ARRAY[a, b]) AS c FROM s;`);
    await e.execute(`INSERT INTO s (k, a, b) VALUES ('r', 1, NULL);`);
    e.runUntilIdle();
    expect(readJson(e, 'OUT').map((o) => o.value)).toEqual([{ C: [null, null] }, { C: [1, null] }]);
  });
});
