// Pull queries through the engine API: tables materialized by CREATE TABLE AS SELECT and CREATE
// SOURCE TABLE answer key lookups, IN lists, ranges and scans from their SQLite store; streams
// are scanned up to their end; ksqlDB's refusals come with its messages.

import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { isPullQuery } from '../../src/engine/pull-query.js';
import { listStores } from '../../src/state/index.js';

let engines: Engine[] = [];
afterEach(async () => {
  for (const e of engines) await e.close();
  engines = [];
});
function engine(properties: Record<string, string> = {}): Engine {
  const e = new Engine({ inMemory: true, processingLogStream: false, properties });
  engines.push(e);
  return e;
}

export async function pull(e: Engine, sql: string): Promise<{ schema: string; rows: unknown[][] }> {
  const q = await e.query(sql);
  const rows: unknown[][] = [];
  for await (const row of q) rows.push(row);
  return { schema: q.header.schema, rows };
}

async function rowsOf(e: Engine, sql: string): Promise<unknown[][]> {
  return (await pull(e, sql)).rows;
}

const CLICKS = `CREATE STREAM clicks (user STRING KEY, page STRING, ms INT)
  WITH (KAFKA_TOPIC='clicks', PARTITIONS=1, VALUE_FORMAT='JSON');`;

async function perUser(e: Engine): Promise<void> {
  await e.execute(CLICKS);
  await e.execute(`CREATE TABLE per_user AS SELECT user, COUNT(*) AS n, SUM(ms) AS total FROM clicks GROUP BY user;`);
  await e.execute(`INSERT INTO clicks (user, page, ms) VALUES ('ann', '/a', 10);
    INSERT INTO clicks (user, page, ms) VALUES ('bob', '/b', 5);
    INSERT INTO clicks (user, page, ms) VALUES ('ann', '/c', 7);
    INSERT INTO clicks (user, page, ms) VALUES ('cy', '/a', 1);`);
  e.runUntilIdle();
}

describe('pull queries on a CREATE TABLE AS SELECT', () => {
  it('looks a key up and ends after its row, with key columns marked in the header', async () => {
    const e = engine();
    await perUser(e);
    const q = await e.query(`SELECT * FROM per_user WHERE user = 'ann';`);
    expect(isPullQuery(q) && q.fromTable).toBe(true);
    expect(q.header.schema).toBe('`USER` STRING KEY, `N` BIGINT, `TOTAL` INTEGER');
    const rows: unknown[][] = [];
    for await (const row of q) rows.push(row);
    expect(rows).toEqual([['ann', 2, 17]]);
    expect(await rowsOf(e, `SELECT * FROM per_user WHERE user = 'nobody';`)).toEqual([]);
  });

  it('answers an IN list in the order the keys are written, each key once', async () => {
    const e = engine();
    await perUser(e);
    expect(await rowsOf(e, `SELECT user, n FROM per_user WHERE user IN ('cy', 'ann', 'zed', 'cy');`)).toEqual([
      ['cy', 1],
      ['ann', 2],
    ]);
  });

  it('scans for ranges and conditions on value columns, in key order', async () => {
    const e = engine();
    await perUser(e);
    expect(await rowsOf(e, `SELECT user FROM per_user WHERE user > 'az';`)).toEqual([['bob'], ['cy']]);
    expect(await rowsOf(e, `SELECT user, total FROM per_user WHERE total < 10;`)).toEqual([
      ['bob', 5],
      ['cy', 1],
    ]);
    expect(await rowsOf(e, `SELECT user FROM per_user WHERE user = 'ann' OR total = 1;`)).toEqual([['ann'], ['cy']]);
    expect(await rowsOf(e, `SELECT user FROM per_user;`)).toEqual([['ann'], ['bob'], ['cy']]);
  });

  it('sees each batch as soon as it is processed: updates and deletes', async () => {
    const e = engine();
    await e.execute(`CREATE TABLE users (id STRING PRIMARY KEY, city STRING, age INT) WITH (KAFKA_TOPIC='users', PARTITIONS=1, VALUE_FORMAT='JSON');`);
    await e.execute(`CREATE TABLE adults AS SELECT id, city FROM users WHERE age >= 18;`);
    await e.execute(`INSERT INTO users (id, city, age) VALUES ('1', 'Oslo', 30); INSERT INTO users (id, city, age) VALUES ('2', 'Rome', 40);`);
    e.runUntilIdle();
    expect(await rowsOf(e, `SELECT * FROM adults;`)).toEqual([
      ['1', 'Oslo'],
      ['2', 'Rome'],
    ]);
    // The row stops matching the filter: the changelog gets a tombstone and the row goes.
    await e.execute(`INSERT INTO users (id, city, age) VALUES ('2', 'Rome', 12); INSERT INTO users (id, city, age) VALUES ('1', 'Bern', 31);`);
    e.runUntilIdle();
    expect(await rowsOf(e, `SELECT * FROM adults;`)).toEqual([['1', 'Bern']]);
  });

  it('computes projections with functions, lambdas and struct fields over the stored row', async () => {
    const e = engine();
    await e.execute(`CREATE TABLE t (id INT PRIMARY KEY, xs ARRAY<INT>, s STRUCT<A STRING, B INT>) WITH (KAFKA_TOPIC='t', PARTITIONS=1, VALUE_FORMAT='JSON');`);
    await e.execute(`CREATE TABLE q AS SELECT * FROM t;`);
    await e.execute(`INSERT INTO t (id, xs, s) VALUES (1, ARRAY[1, 2, 3], STRUCT(A := 'x', B := 2));`);
    e.runUntilIdle();
    const r = await pull(e, `SELECT id, TRANSFORM(xs, x => x * 10) AS tens, UCASE(s->A) AS a, s->* FROM q WHERE id = 1;`);
    expect(r.schema).toBe('`ID` INTEGER KEY, `TENS` ARRAY<INTEGER>, `A` STRING, `A_1` STRING, `B` INTEGER');
    expect(r.rows).toEqual([[1, [10, 20, 30], 'X', 'x', 2]]);
  });

  it('keeps the rows across a restart, in step with the changelog', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const dir = mkdtempSync(join(tmpdir(), 'ksqlite-pull-'));
    try {
      const first = new Engine({ dataDir: dir, processingLogStream: false });
      await perUser(first);
      await first.close();
      const second = new Engine({ dataDir: dir, processingLogStream: false });
      engines.push(second);
      expect(await rowsOf(second, `SELECT * FROM per_user;`)).toEqual([
        ['ann', 2, 17],
        ['bob', 1, 5],
        ['cy', 1, 1],
      ]);
      await second.execute(`INSERT INTO clicks (user, page, ms) VALUES ('bob', '/x', 1);`);
      second.runUntilIdle();
      expect(await rowsOf(second, `SELECT n, total FROM per_user WHERE user = 'bob';`)).toEqual([[2, 6]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('forgets the rows of a dropped table: a new table of the same name starts from its own query', async () => {
    const e = engine({ 'auto.offset.reset': 'earliest' });
    await perUser(e);
    await e.execute(`DROP TABLE per_user;`);
    await expect(e.query(`SELECT * FROM per_user;`)).rejects.toThrow('Source `PER_USER` does not exist');
    await e.execute(`CREATE TABLE per_user AS SELECT user, COUNT(*) AS n, SUM(ms) AS total FROM clicks WHERE page = '/a' GROUP BY user;`);
    e.runUntilIdle();
    expect(await rowsOf(e, `SELECT user, n FROM per_user;`)).toEqual([
      ['ann', 1],
      ['cy', 1],
    ]);
  });
});

describe('materialization', () => {
  it('holds exactly the latest row of each key in the changelog, over many batches with deletes', async () => {
    const e = engine({ 'auto.offset.reset': 'earliest' });
    await e.execute(`CREATE TABLE src (id INT PRIMARY KEY, v INT) WITH (KAFKA_TOPIC='src', PARTITIONS=3, VALUE_FORMAT='JSON');`);
    await e.execute(`CREATE TABLE odd AS SELECT id, v FROM src WHERE v % 2 = 1;`);
    // 12,000 updates of 500 keys: several batches; a key whose value turns even is deleted.
    let x = 7;
    const next = (): number => {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      return x >>> 0;
    };
    for (let b = 0; b < 12; b++) {
      const records = [];
      for (let i = 0; i < 1000; i++) {
        const key = Buffer.alloc(4);
        key.writeInt32BE(next() % 500);
        records.push({ key, value: Buffer.from(JSON.stringify({ V: next() % 1000 })), timestamp: b * 1000 + i });
      }
      e.log.produce('src', records);
      e.runUntilIdle();
    }
    const latest = new Map<number, number | null>();
    for (const { key, value } of readTopic(e, 'ODD')) latest.set(key, value);
    const expected = [...latest].filter(([, v]) => v !== null).sort((a, b) => a[0] - b[0]);
    const actual = (await rowsOf(e, `SELECT id, v FROM odd;`)).sort((a, b) => (a[0] as number) - (b[0] as number));
    expect(expected.length).toBeGreaterThan(100);
    expect([...latest.values()].filter((v) => v === null).length).toBeGreaterThan(100);
    expect(actual).toEqual(expected);
  });
});

function readTopic(e: Engine, topic: string): { key: number; value: number | null }[] {
  const out: { key: number; value: number | null }[] = [];
  e.log.endOffsets(topic).forEach((end, p) => {
    for (const r of e.log.read(topic, p, 0, end)) {
      out.push({ key: r.key!.readInt32BE(0), value: r.value === null ? null : (JSON.parse(r.value.toString()) as { V: number }).V });
    }
  });
  // Per key, the changelog's order is the partition's order: one key stays in one partition.
  return out;
}

describe('pull queries beyond ksqlDB: ORDER BY, LIMIT and OFFSET', () => {
  it('pages through a table sorted by a column', async () => {
    const e = engine();
    await perUser(e);
    expect(await rowsOf(e, `SELECT user, total FROM per_user ORDER BY total DESC LIMIT 2;`)).toEqual([
      ['ann', 17],
      ['bob', 5],
    ]);
    expect(await rowsOf(e, `SELECT user, total FROM per_user ORDER BY total DESC LIMIT 2 OFFSET 2;`)).toEqual([['cy', 1]]);
  });

  it('sorts by an expression or an alias after filtering', async () => {
    const e = engine();
    await perUser(e);
    expect(await rowsOf(e, `SELECT user, total * -1 AS neg FROM per_user WHERE n >= 1 ORDER BY neg;`)).toEqual([
      ['ann', -17],
      ['bob', -5],
      ['cy', -1],
    ]);
    expect(await rowsOf(e, `SELECT user FROM per_user ORDER BY LEN(user), user DESC;`)).toEqual([['cy'], ['bob'], ['ann']]);
  });
});

describe('pull queries on windowed tables', () => {
  async function windowed(e: Engine): Promise<void> {
    await e.execute(CLICKS);
    await e.execute(`CREATE TABLE per_second AS SELECT user, COUNT(*) AS n FROM clicks WINDOW TUMBLING (SIZE 1 SECOND) GROUP BY user;`);
    for (const [user, ts] of [
      ['ann', 1000],
      ['ann', 1500],
      ['ann', 2100],
      ['bob', 1200],
      ['ann', 3000],
    ] as const) {
      await e.execute(`INSERT INTO clicks (user, page, ms, ROWTIME) VALUES ('${user}', '/', 1, ${ts});`);
    }
    e.runUntilIdle();
  }

  it('lists the windows of a key, bounds as key columns', async () => {
    const e = engine();
    await windowed(e);
    const r = await pull(e, `SELECT * FROM per_second WHERE user = 'ann';`);
    expect(r.schema).toBe('`USER` STRING KEY, `WINDOWSTART` BIGINT KEY, `WINDOWEND` BIGINT KEY, `N` BIGINT');
    expect(r.rows).toEqual([
      ['ann', 1000, 2000, 2],
      ['ann', 2000, 3000, 1],
      ['ann', 3000, 4000, 1],
    ]);
  });

  it('honours WINDOWSTART and WINDOWEND bounds, also written as timestamps', async () => {
    const e = engine();
    await windowed(e);
    expect(await rowsOf(e, `SELECT WINDOWSTART, n FROM per_second WHERE user = 'ann' AND WINDOWSTART >= 2000 AND WINDOWEND <= 3000;`)).toEqual([[2000, 1]]);
    expect(await rowsOf(e, `SELECT user, WINDOWSTART FROM per_second WHERE WINDOWSTART = '1970-01-01T00:00:01';`)).toEqual([
      ['ann', 1000],
      ['bob', 1000],
    ]);
  });
});

describe('windowed tables past retention', () => {
  it('forget windows older than the retention behind the newest output', async () => {
    const e = engine();
    await e.execute(CLICKS);
    await e.execute(
      `CREATE TABLE per_second AS SELECT user, COUNT(*) AS n FROM clicks WINDOW TUMBLING (SIZE 1 SECOND, RETENTION 2 SECONDS, GRACE PERIOD 0 SECONDS) GROUP BY user;`,
    );
    await e.execute(`INSERT INTO clicks (user, page, ms, ROWTIME) VALUES ('ann', '/', 1, 1000);`);
    e.runUntilIdle();
    expect(await rowsOf(e, `SELECT WINDOWSTART FROM per_second WHERE user = 'ann';`)).toEqual([[1000]]);
    await e.execute(`INSERT INTO clicks (user, page, ms, ROWTIME) VALUES ('ann', '/', 1, 10000);`);
    e.runUntilIdle();
    expect(await rowsOf(e, `SELECT WINDOWSTART FROM per_second WHERE user = 'ann';`)).toEqual([[10000]]);
  });
});

describe('source tables', () => {
  it('materializes a CREATE SOURCE TABLE from its topic, but not a plain CREATE TABLE', async () => {
    const e = engine();
    await e.execute(`CREATE SOURCE TABLE cities (name STRING PRIMARY KEY, pop INT) WITH (KAFKA_TOPIC='cities', PARTITIONS=1, VALUE_FORMAT='JSON');`);
    await e.execute(`CREATE TABLE towns (name STRING PRIMARY KEY, pop INT) WITH (KAFKA_TOPIC='towns', PARTITIONS=1, VALUE_FORMAT='JSON');`);
    e.log.produce('cities', [
      { key: Buffer.from('Oslo'), value: Buffer.from('{"POP":700}'), timestamp: 1 },
      { key: Buffer.from('Bern'), value: Buffer.from('{"POP":130}'), timestamp: 2 },
      { key: Buffer.from('Oslo'), value: null, timestamp: 3 },
    ]);
    e.runUntilIdle();
    expect(await rowsOf(e, `SELECT * FROM cities;`)).toEqual([['Bern', 130]]);
    await expect(e.query(`SELECT * FROM towns;`)).rejects.toThrow(
      "The `TOWNS` table isn't queryable. To derive a queryable table, you can do 'CREATE TABLE QUERYABLE_TOWNS AS SELECT * FROM TOWNS'.",
    );
  });

  it('drops the store of a dropped table; a source table created again rebuilds from its topic', async () => {
    const e = engine();
    await e.execute(`CREATE SOURCE TABLE cities (name STRING PRIMARY KEY, pop INT) WITH (KAFKA_TOPIC='cities', PARTITIONS=1, VALUE_FORMAT='JSON');`);
    e.log.produce('cities', [{ key: Buffer.from('Oslo'), value: Buffer.from('{"POP":700}'), timestamp: 1 }]);
    e.runUntilIdle();
    const stores = (): string[] => listStores(e.log.db).map((s) => s.name).filter((n) => n.startsWith('mat_'));
    expect(stores()).toEqual(['mat_CST_CITIES']);
    await e.execute(`DROP TABLE cities;`);
    expect(stores()).toEqual([]);
    await e.execute(`CREATE SOURCE TABLE cities (name STRING PRIMARY KEY, pop INT) WITH (KAFKA_TOPIC='cities', PARTITIONS=1, VALUE_FORMAT='JSON');`);
    e.runUntilIdle();
    expect(await rowsOf(e, `SELECT * FROM cities;`)).toEqual([['Oslo', 700]]);
  });
});

describe('pull queries on streams', () => {
  it('returns the rows up to the end of the topic, then ends', async () => {
    const e = engine();
    await e.execute(CLICKS);
    await e.execute(`INSERT INTO clicks (user, page, ms) VALUES ('ann', '/a', 10); INSERT INTO clicks (user, page, ms) VALUES ('bob', '/b', 5);`);
    const q = await e.query(`SELECT user, ms FROM clicks WHERE ms > 1;`);
    expect(isPullQuery(q) && !q.fromTable).toBe(true);
    expect(q.header.schema).toBe('`USER` STRING KEY, `MS` INTEGER');
    const rows: unknown[][] = [];
    for await (const row of q) rows.push(row);
    expect(rows).toEqual([
      ['ann', 10],
      ['bob', 5],
    ]);
    expect(await rowsOf(e, `SELECT page FROM clicks LIMIT 1;`)).toEqual([['/a']]);
  });
});

describe("ksqlDB's rules", () => {
  it('refuses clauses a pull query cannot have', async () => {
    const e = engine();
    await perUser(e);
    await expect(e.query(`SELECT * FROM per_user WHERE user = 'a' GROUP BY user;`)).rejects.toThrow("Pull queries don't support GROUP BY clauses");
    await expect(e.query(`SELECT * FROM per_user WINDOW TUMBLING (SIZE 1 SECOND);`)).rejects.toThrow("Pull queries don't support WINDOW clauses.");
    await expect(e.query(`SELECT * FROM per_user LIMIT -1;`)).rejects.toThrow("Pull queries don't support negative integers in the LIMIT clause.");
    await expect(e.query(`SELECT ROWOFFSET FROM per_user;`)).rejects.toThrow("Pull queries don't support the following columns in SELECT clauses: `ROWOFFSET`");
  });

  it('types the WHERE and says which condition is wrong', async () => {
    const e = engine();
    await perUser(e);
    await expect(e.query(`SELECT * FROM per_user WHERE user = 1;`)).rejects.toThrow(
      'Error in WHERE expression: Cannot compare USER (STRING) to 1 (INTEGER) with EQUAL.\nStatement: (USER = 1)',
    );
    await expect(e.query(`SELECT * FROM per_user WHERE user IN (NULL);`)).rejects.toThrow('Primary key columns can not be NULL: (USER = null)');
  });

  it('without table scans, needs the key in every disjunct', async () => {
    const e = engine({ 'ksql.query.pull.table.scan.enabled': 'false' });
    await perUser(e);
    await expect(e.query(`SELECT * FROM per_user WHERE n = 2;`)).rejects.toThrow('WHERE clause missing key column for disjunct: (N = 2)');
    await expect(e.query(`SELECT * FROM per_user WHERE user <> 'a';`)).rejects.toThrow("Bound on key columns '[`USER` STRING KEY]' must currently be '='.");
    await expect(e.query(`SELECT * FROM per_user WHERE user = 'a' AND user IN ('a');`)).rejects.toThrow(
      'A comparison condition on the key column cannot be combined with other comparisons such as an IN predicate',
    );
    // A range over a single string key is allowed (range scans), and key lookups with more filters.
    expect(await rowsOf(e, `SELECT user FROM per_user WHERE user >= 'b';`)).toEqual([['bob'], ['cy']]);
    expect(await rowsOf(e, `SELECT user FROM per_user WHERE user IN ('ann', 'bob') AND n > 1;`)).toEqual([['ann']]);
  });
});
