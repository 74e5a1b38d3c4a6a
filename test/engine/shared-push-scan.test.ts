import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { sharedScanStats } from '../../src/runtime/shared-scan.js';

let engines: Engine[] = [];
afterEach(async () => {
  for (const e of engines) await e.close();
  engines = [];
});

describe('push queries sharing a scan', () => {
  it('gives each of 500 push queries on one stream every row, from one shared scan', async () => {
    const e = new Engine({ inMemory: true, processingLogStream: false });
    engines.push(e);
    await e.execute(`CREATE STREAM ticks (id INT KEY, v INT) WITH (KAFKA_TOPIC='ticks', PARTITIONS=2, VALUE_FORMAT='JSON');`);
    const queries = [];
    for (let i = 0; i < 500; i++) queries.push(await e.query(`SELECT id, v * ${i} AS w FROM ticks WHERE v > 0 EMIT CHANGES LIMIT 3;`));
    expect(sharedScanStats(e.log)).toEqual({ scans: 1, subscribers: 500 });
    await e.execute(`INSERT INTO ticks (id, v) VALUES (1, 1); INSERT INTO ticks (id, v) VALUES (2, 0);
      INSERT INTO ticks (id, v) VALUES (3, 2); INSERT INTO ticks (id, v) VALUES (4, 3);`);
    e.runUntilIdle();
    const results = await Promise.all(
      queries.map(async (q) => {
        const rows: unknown[][] = [];
        for await (const row of q) rows.push(row);
        return rows;
      }),
    );
    results.forEach((rows, i) => {
      expect(rows.sort((a, b) => (a[0] as number) - (b[0] as number))).toEqual([
        [1, i],
        [3, 2 * i],
        [4, 3 * i],
      ]);
    });
    // Every query reached its LIMIT and left the scan, which is then gone.
    expect(sharedScanStats(e.log)).toEqual({ scans: 0, subscribers: 0 });
  });

  it('does not share the scan of a push query that aggregates', async () => {
    const e = new Engine({ inMemory: true, processingLogStream: false });
    engines.push(e);
    await e.execute(`CREATE STREAM ticks (id INT KEY, v INT) WITH (KAFKA_TOPIC='ticks', PARTITIONS=1, VALUE_FORMAT='JSON');`);
    const q = await e.query(`SELECT id, COUNT(*) AS n FROM ticks GROUP BY id EMIT CHANGES LIMIT 2;`);
    expect(sharedScanStats(e.log).subscribers).toBe(0);
    await e.execute(`INSERT INTO ticks (id, v) VALUES (1, 1); INSERT INTO ticks (id, v) VALUES (1, 2);`);
    e.runUntilIdle();
    const rows: unknown[][] = [];
    for await (const row of q) rows.push(row);
    expect(rows).toEqual([
      [1, 1],
      [1, 2],
    ]);
  });
});
