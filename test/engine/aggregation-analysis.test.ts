import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { readJson } from './helpers.js';

let engines: Engine[] = [];
afterEach(async () => {
  for (const e of engines) await e.close();
  engines = [];
});
function engine(): Engine {
  const e = new Engine({ inMemory: true, processingLogStream: false });
  engines.push(e);
  return e;
}

const WORDS = `CREATE STREAM words (id INT KEY, col1 STRING, col2 STRING, col3 STRING, n INT, m MAP<STRING, STRING>)
  WITH (KAFKA_TOPIC='words', PARTITIONS=1, VALUE_FORMAT='JSON');`;

/** Runs `sql` against a fresh engine holding WORDS; resolves to the error message, or fails if none. */
async function refusal(sql: string, setup: string = WORDS): Promise<string> {
  const e = engine();
  await e.execute(setup);
  const err = await e.execute(sql).then(
    () => undefined,
    (x: unknown) => x,
  );
  if (!(err instanceof Error)) throw new Error(`expected "${sql}" to be refused`);
  expect(e.catalog.source('OUT')).toBeUndefined();
  return err.message;
}

describe('SELECT expressions of a GROUP BY', () => {
  it('computes an expression built only from grouping expressions', async () => {
    const e = engine();
    await e.execute(WORDS);
    await e.execute(`CREATE TABLE out WITH (KEY_FORMAT='JSON') AS SELECT INITCAP(col1) AS g1, col2 AS g2, col3 AS g3, CONCAT(initcap(col1), col2, TRIM(col3)) AS joined, COUNT(*) AS n
      FROM words GROUP BY INITCAP(col1), col2, col3;`);
    await e.execute(`INSERT INTO words (id, col1, col2, col3) VALUES (1, 'ab', '-', ' x ');`);
    e.runUntilIdle();
    expect(readJson(e, 'OUT').map((o) => o.value)).toEqual([{ JOINED: 'Ab-x', N: 1 }]);
  });

  it('accepts a function of a subscripted grouping expression', async () => {
    const e = engine();
    await e.execute(WORDS);
    await e.execute(`CREATE TABLE out AS SELECT m['k'] AS k, UCASE(m['k']) AS up, COUNT(*) AS n FROM words GROUP BY m['k'];`);
    await e.execute(`INSERT INTO words (id, m) VALUES (1, MAP('k' := 'v'));`);
    e.runUntilIdle();
    expect(readJson(e, 'OUT').map((o) => [o.key, o.value])).toEqual([['v', { UP: 'V', N: 1 }]]);
  });

  it('names the whole expression that uses an ungrouped column', async () => {
    expect(await refusal(`CREATE TABLE out AS SELECT SUBSTRING(col1, 0, 1) AS s, COUNT(*) FROM words GROUP BY SUBSTRING(col1, 0, 2);`)).toContain(
      'Non-aggregate SELECT expression(s) not part of GROUP BY: SUBSTRING(COL1, 0, 1)\nEither add the column(s) to the GROUP BY or remove them from the SELECT.',
    );
    expect(await refusal(`CREATE TABLE out AS SELECT col1 + col2, COUNT(*) FROM words GROUP BY col2 + col1;`)).toContain(
      'not part of GROUP BY: (COL1 + COL2)',
    );
    expect(await refusal(`CREATE TABLE out AS SELECT m['k'], AS_VALUE(m) AS v, COUNT(*) FROM words GROUP BY m['k'];`)).toContain(
      'not part of GROUP BY: AS_VALUE(M)',
    );
  });

  it('lists every ungrouped select expression in select order', async () => {
    expect(await refusal(`CREATE TABLE out AS SELECT col2, col1, COUNT(*) FROM words GROUP BY col1 + col2;`)).toContain(
      'Non-aggregate SELECT expression(s) not part of GROUP BY: COL2, COL1\n',
    );
  });

  it('names an aggregate expression that also uses an ungrouped column', async () => {
    expect(await refusal(`CREATE TABLE out AS SELECT col1, n * SUM(n) FROM words GROUP BY col1;`)).toContain(
      'Non-aggregate SELECT expression(s) not part of GROUP BY: (N * SUM(N))',
    );
  });

  it('refuses an ungrouped column without GROUP BY before the missing GROUP BY itself', async () => {
    expect(await refusal(`CREATE TABLE out AS SELECT col1, COUNT() FROM words;`)).toContain('Non-aggregate SELECT expression(s) not part of GROUP BY: COL1');
    expect(await refusal(`CREATE TABLE out AS SELECT col1, COUNT(*) FROM words WINDOW TUMBLING (SIZE 1 SECOND) EMIT FINAL;`)).toContain(
      'Non-aggregate SELECT expression(s) not part of GROUP BY: COL1',
    );
    expect(await refusal(`CREATE TABLE out AS SELECT COUNT(*) FROM words;`)).toBe(
      'CREATE TABLE AS SELECT statement does not support aggregate function [COUNT(ROWTIME)] without a GROUP BY clause.',
    );
  });

  it('lets a windowed aggregation select its window bounds under an alias', async () => {
    const e = engine();
    await e.execute(WORDS);
    await e.execute(`CREATE TABLE out AS SELECT col1, WINDOWSTART AS ws, COUNT(*) AS n FROM words WINDOW TUMBLING (SIZE 1 SECOND) GROUP BY col1 HAVING WINDOWEND > 0;`);
    expect(e.catalog.source('OUT')!.columns.map((c) => c.name)).toEqual(['COL1', 'WS', 'N']);
  });

  it('refuses an unaliased window bound before resolving the GROUP BY', async () => {
    expect(await refusal(`CREATE TABLE out AS SELECT id, WINDOWSTART, COUNT(*) AS c FROM words GROUP BY WINDOWSTART;`)).toBe(
      'Reserved column name in select: `WINDOWSTART`. Please remove or alias the column.',
    );
  });
});

describe('HAVING and aggregate calls', () => {
  it('names the ungrouped column a HAVING expression uses', async () => {
    expect(await refusal(`CREATE TABLE out AS SELECT SUBSTRING(col1, 0, 2) AS s, COUNT(*) FROM words GROUP BY SUBSTRING(col1, 0, 2) HAVING LEN(col1) < 2;`)).toBe(
      'Non-aggregate HAVING expression not part of GROUP BY: COL1\nEither add the column to the GROUP BY or remove it from the HAVING.',
    );
  });

  it('reports a HAVING type error with the aggregate call as written', async () => {
    expect(await refusal(`CREATE TABLE out AS SELECT col1, SUM(n) AS s FROM words GROUP BY col1 HAVING COUNT(*) > 1 AND sum(n) > '100';`)).toBe(
      "Error in HAVING expression: Cannot compare SUM(N) (INTEGER) to '100' (STRING) with GREATER_THAN.",
    );
  });

  it('refuses an aggregate call inside another', async () => {
    expect(await refusal(`CREATE TABLE out AS SELECT SUM(COUNT()) FROM words GROUP BY col1;`)).toBe('Aggregate functions can not be nested: SUM(COUNT())');
  });

  it('reports an unknown function rather than a missing aggregate', async () => {
    expect(await refusal(`CREATE TABLE out AS SELECT col1, WONT_FIND_ME(id) FROM words GROUP BY col1;`)).toBe(
      "Can't find any functions with the name 'WONT_FIND_ME'",
    );
  });
});

describe('GROUP BY and the result schema', () => {
  it('refuses the same grouping expression twice, qualified as ksqlDB prints it', async () => {
    expect(await refusal(`CREATE TABLE out AS SELECT COUNT(*) FROM words GROUP BY col1, words.col1;`)).toBe('Duplicate GROUP BY expression: WORDS.COL1');
  });

  it('refuses a value column named like the key column', async () => {
    expect(await refusal(`CREATE TABLE out AS SELECT col1 AS c, COUNT(*) AS c FROM words GROUP BY col1;`)).toBe(
      'Duplicate value columns found in schema: `C` BIGINT',
    );
  });

  it('refuses EMIT FINAL without a window', async () => {
    expect(await refusal(`CREATE TABLE out AS SELECT col1, COUNT(*) FROM words GROUP BY col1 EMIT FINAL;`)).toBe(
      'EMIT FINAL is only supported for windowed aggregations.',
    );
  });
});

describe('formats of an aggregation', () => {
  it('refuses to group a source whose value format is KAFKA', async () => {
    const setup = `CREATE STREAM raw (k STRING KEY, data STRING) WITH (KAFKA_TOPIC='raw', PARTITIONS=1, VALUE_FORMAT='KAFKA');`;
    expect(await refusal(`CREATE TABLE out WITH (VALUE_FORMAT='JSON') AS SELECT data, COUNT(*) FROM raw GROUP BY data;`, setup)).toBe(
      "Source(s) RAW are using the 'KAFKA' value format. This format does not yet support GROUP BY.",
    );
  });

  it('refuses an aggregate whose state a DELIMITED source cannot hold, and accepts one it can', async () => {
    const setup = `CREATE STREAM csv (k STRING KEY, v INT) WITH (KAFKA_TOPIC='csv', PARTITIONS=1, VALUE_FORMAT='DELIMITED');`;
    const message =
      'One of the functions used in the statement has an intermediate type that the value format can not handle. Please remove the function or change the format.';
    expect(await refusal(`CREATE TABLE out AS SELECT k, AVG(v) AS a FROM csv GROUP BY k;`, setup)).toBe(message);
    expect(await refusal(`CREATE TABLE out WITH (VALUE_FORMAT='JSON') AS SELECT k, TOPK(v, 2) AS t FROM csv GROUP BY k;`, setup)).toBe(message);
    const e = engine();
    await e.execute(setup);
    await e.execute(`CREATE TABLE out AS SELECT k, SUM(v) AS s FROM csv GROUP BY k;`);
    expect(e.catalog.source('OUT')).toBeDefined();
  });

  it('shows the statement as ksqlDB rewrites it when the key format cannot hold the grouping columns', async () => {
    const setup = `CREATE STREAM pairs (f1 INT KEY, f2 INT) WITH (KAFKA_TOPIC='pairs', PARTITIONS=1, VALUE_FORMAT='JSON');`;
    expect(await refusal(`CREATE TABLE out AS SELECT f2, f1, f2+f1, COUNT(*) FROM pairs GROUP BY f1, f2;`, setup)).toBe(
      'Key format does not support schema.\nformat: KAFKA\nschema: Persistence{columns=[`F1` INTEGER KEY, `F2` INTEGER KEY], features=[]}\n' +
        "reason: The 'KAFKA' format only supports a single field. Got: [`F1` INTEGER KEY, `F2` INTEGER KEY]\n" +
        'Statement: CREATE TABLE OUT AS SELECT\n  PAIRS.F2 F2,\n  PAIRS.F1 F1,\n  (PAIRS.F2 + PAIRS.F1) KSQL_COL_0,\n  COUNT(*) KSQL_COL_1\nFROM PAIRS PAIRS\nGROUP BY PAIRS.F1, PAIRS.F2\nEMIT CHANGES',
    );
  });
});

describe('INSERT INTO an unknown stream', () => {
  it('points at the target name in the script', async () => {
    expect(await refusal(`CREATE STREAM other (k STRING KEY, v STRING) WITH (KAFKA_TOPIC='other', PARTITIONS=1, VALUE_FORMAT='JSON');\nINSERT INTO unknown SELECT * FROM other;`)).toBe(
      'Line: 2, Col: 13: Source `UNKNOWN` does not exist.',
    );
  });
});
