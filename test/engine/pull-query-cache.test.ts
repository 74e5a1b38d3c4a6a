// Repeated pull queries of one shape: the engine plans a key lookup once and answers the next
// statements with other key literals from that plan, without ever answering from a stale one.

import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine.js';
import { tokenize } from '../../src/engine/pull-query-cache.js';
import { parseStatements } from '../../src/sql/parse.js';
import type { Expression } from '../../src/sql/ast.js';

let engines: Engine[] = [];
afterEach(async () => {
  for (const e of engines) await e.close();
  engines = [];
});

async function table(): Promise<Engine> {
  const e = new Engine({ inMemory: true, processingLogStream: false });
  engines.push(e);
  await e.execute(`CREATE TABLE src (id INT PRIMARY KEY, name STRING, d DOUBLE) WITH (KAFKA_TOPIC='src', PARTITIONS=1, VALUE_FORMAT='JSON');`);
  await e.execute(`CREATE TABLE t AS SELECT * FROM src;`);
  const values = Array.from({ length: 50 }, (_v, i) => `INSERT INTO src (id, name, d) VALUES (${i}, 'n''${i}', ${i}.5);`).join('\n');
  await e.execute(values);
  e.runUntilIdle();
  return e;
}

async function rows(e: Engine, sql: string): Promise<unknown[][]> {
  const out: unknown[][] = [];
  for await (const row of await e.query(sql)) out.push(row);
  return out;
}

describe('pull query plan cache', () => {
  it('answers each key of a run of lookups that differ only in the key', async () => {
    const e = await table();
    for (let i = 0; i < 50; i++) expect(await rows(e, `SELECT name FROM t WHERE id = ${i};`)).toEqual([[`n'${i}`]]);
    expect(await rows(e, `SELECT name FROM t WHERE id = 77;`)).toEqual([]);
    expect(await rows(e, `SELECT id FROM t WHERE id IN (3, 1, 3);`)).toEqual([[3], [1]]);
    expect(await rows(e, `SELECT id FROM t WHERE id IN (4, 2, 9);`)).toEqual([[4], [2], [9]]);
  });

  it('keeps literals outside the key part of the plan: other values are planned anew', async () => {
    const e = await table();
    expect(await rows(e, `SELECT id, d * 2 FROM t WHERE id = 1;`)).toEqual([[1, 3]]);
    expect(await rows(e, `SELECT id, d * 3 FROM t WHERE id = 2;`)).toEqual([[2, 7.5]]);
    expect(await rows(e, `SELECT id FROM t WHERE id = 1 AND name = 'n''1';`)).toEqual([[1]]);
    expect(await rows(e, `SELECT id FROM t WHERE id = 1 AND name = 'other';`)).toEqual([]);
  });

  it('plans literals of another kind anew (a fraction never equals an INT key)', async () => {
    const e = await table();
    expect(await rows(e, `SELECT id FROM t WHERE id = 5;`)).toEqual([[5]]);
    expect(await rows(e, `SELECT id FROM t WHERE id = 5.5;`)).toEqual([]);
    expect(await rows(e, `SELECT id FROM t WHERE id = 5.0;`)).toEqual([[5]]);
  });

  it('does not answer from a plan of a dropped table, nor with other settings', async () => {
    const e = await table();
    expect(await rows(e, `SELECT name FROM t WHERE id = 1;`)).toEqual([["n'1"]]);
    await e.execute(`DROP TABLE t;`);
    await e.execute(`CREATE TABLE t AS SELECT id, UCASE(name) AS name FROM src;`);
    e.runUntilIdle();
    expect(await rows(e, `SELECT name FROM t WHERE id = 1;`)).toEqual([]);
    await e.execute(`SET 'ksql.query.pull.table.scan.enabled'='false';`);
    await expect(e.query(`SELECT name FROM t WHERE name = 'x';`)).rejects.toThrow('WHERE clause missing key column');
  });

  it('finds literals where the parser puts them, skipping comments, quotes and identifiers', () => {
    const sql = `SELECT id1, 'a''b' -- 3 in a comment\n FROM t /* 4 */ WHERE id = 12 AND x IN (1.5, 2e3, 9999999999);`;
    const tokens = tokenize(sql)!;
    expect(tokens.literals.map((l) => [l.kind, l.text])).toEqual([
      ['S', "a'b"],
      ['I', '12'],
      ['D', '1.5'],
      ['E', '2e3'],
      ['L', '9999999999'],
    ]);
    const parsed = parseStatements(sql)[0]!.statement;
    const positions: string[] = [];
    const visit = (e: unknown): void => {
      if (e === null || typeof e !== 'object') return;
      const x = e as Expression;
      if ((x.kind === 'NumericLiteral' || x.kind === 'StringLiteral') && x.loc !== undefined) positions.push(`${x.loc.line}:${x.loc.column}`);
      for (const v of Object.values(e)) visit(v);
    };
    visit(parsed);
    expect(tokens.literals.map((l) => `${l.line}:${l.column}`)).toEqual(positions);
    expect(tokenize('SELECT * FROM t WHERE id = ${x};')).toBeUndefined();
  });
});
