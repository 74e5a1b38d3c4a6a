import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';

// Golden files hold the EXPLAIN text, so a planner change shows as a readable diff.
// UPDATE_GOLDEN=1 rewrites them.
const here = dirname(fileURLToPath(import.meta.url));
function golden(name: string, actual: string): void {
  const path = join(here, 'golden', `${name}.txt`);
  if (process.env['UPDATE_GOLDEN'] === '1') writeFileSync(path, `${actual}\n`);
  expect(`${actual}\n`).toBe(readFileSync(path, 'utf8'));
}

let engine: Engine | undefined;
afterEach(async () => {
  await engine?.close();
});

async function explain(sql: string): Promise<string> {
  engine = new Engine({ inMemory: true, processingLogStream: false });
  await engine.execute(`CREATE STREAM orders (id BIGINT KEY, item STRING, qty INT, price DOUBLE, tags ARRAY<STRING>)
    WITH (KAFKA_TOPIC='orders', PARTITIONS=1, VALUE_FORMAT='JSON');`);
  const [r] = await engine.execute(sql);
  if (r?.type !== 'queryDescription') throw new Error(`not a query description: ${r?.type}`);
  return r.queryDescription.executionPlan;
}

describe('EXPLAIN', () => {
  it('prints a filter and projection plan', async () => {
    golden('filter-project', await explain(`EXPLAIN CREATE STREAM big AS SELECT id, qty * price AS total FROM orders WHERE qty > 1;`));
  });

  it('prints a PARTITION BY and a table function', async () => {
    golden('partition-explode', await explain(`EXPLAIN CREATE STREAM t AS SELECT item, id, EXPLODE(tags) AS tag FROM orders PARTITION BY item;`));
  });

  it('prints an aggregation with HAVING', async () => {
    golden('aggregate', await explain(`EXPLAIN CREATE TABLE c AS SELECT item, COUNT(*) AS n FROM orders GROUP BY item HAVING COUNT(*) > 2;`));
  });

  it('prints the plan of a running query by id', async () => {
    engine = new Engine({ inMemory: true, processingLogStream: false });
    await engine.execute(`CREATE STREAM s (k STRING KEY, v INT) WITH (KAFKA_TOPIC='s', PARTITIONS=1, VALUE_FORMAT='JSON');
      CREATE STREAM s2 AS SELECT k, v FROM s;`);
    const [r] = await engine.execute('EXPLAIN CSAS_S2_2;');
    expect(r?.type === 'queryDescription' && r.queryDescription.executionPlan.split('\n')[0]).toBe('Project: K AS K, V AS V');
  });
});
