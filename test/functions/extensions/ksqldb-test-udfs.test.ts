import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runTestCommand } from '../../../cli/commands/test.js';
import { engineTestFactory } from '../../../src/engine/test-adapter.js';
import { compileExpression } from '../../../src/expr/index.js';
import { parseExpression } from '../../../src/sql/parse.js';
import * as T from '../../../src/types/sql-type.js';
import { DecimalContext } from '../../../src/types/values.js';
import { scopeOf } from '../../expr/helpers.js';
import { KSQLDB_TEST_EXT, registryWith } from './helpers.js';

const fns = registryWith(KSQLDB_TEST_EXT);

const cols = [{ name: 'ID', type: T.BIGINT }, { name: 'S', type: T.STRING }, { name: 'ST', type: T.struct([{ name: 'A', type: T.STRING }]) }];
const evaluate = (sql: string, row: unknown[] = [0, 'd1', { A: 'expect-result' }]) =>
  compileExpression(parseExpression(sql), scopeOf(cols), fns).evaluate(row);

describe("ksqlDB's test UDFs", () => {
  it('resolve TEST_UDF overloads as the ksqlDB suite expects', () => {
    expect(evaluate('TEST_UDF(ID, NULL)')).toBe('doStuffLongString');
    expect(evaluate('TEST_UDF(ID, ID, NULL)')).toBe('doStuffLongLongString');
    expect(evaluate('TEST_UDF(ID, ID, ID, ID, ID)')).toBe('doStuffLongVarargs');
    expect(evaluate('TEST_UDF(ST)')).toBe('expect-result');
    expect(evaluate('TEST_UDF()')).toEqual({ A: 'foo' });
    expect(evaluate('TOSTRUCT(S)')).toEqual({ A: 'd1' });
  });

  it('make BAD_UDF fail every other string call, so those rows get null', () => {
    const c = compileExpression(parseExpression('BAD_UDF(S)'), scopeOf(cols), fns);
    expect(['d1', 'd2', 'd1', 'd2'].map((s) => c.evaluate([0, s, null]))).toEqual([null, 'd2', null, 'd2']);
  });

  it('evaluate only the CASE branches that are taken', () => {
    expect(evaluate('CASE WHEN WHENCONDITION(true, true) THEN WHENRESULT(100, true) WHEN WHENCONDITION(true, false) THEN WHENRESULT(200, false) ELSE WHENRESULT(300, false) END')).toBe(100);
    expect(evaluate('CASE WHEN WHENCONDITION(false, true) THEN WHENRESULT(100, false) ELSE WHENRESULT(300, true) END')).toBe(300);
  });
});

describe("ksqlDB's test UDTFs", () => {
  it('TEST_UDTF prints its arguments as Java would, and widens DECIMAL results to DECIMAL(30, 10)', () => {
    const cols7 = [
      { name: 'I', type: T.INTEGER },
      { name: 'D', type: T.DOUBLE },
      { name: 'DEC', type: T.decimal(20, 10) },
      { name: 'ST', type: T.struct([{ name: 'A', type: T.STRING }]) },
    ];
    const rows = (sql: string, row: unknown[]) => compileExpression(parseExpression(sql), scopeOf(cols7), fns.tableFunctionsAsScalars()).evaluate(row);
    const dec = new DecimalContext('123.456');
    expect(rows('TEST_UDTF(I, CAST(2 AS BIGINT), D, TRUE, \'foo\', DEC, ST)', [1, 3.0, dec, { A: 'bar' }])).toEqual(['1', '2', '3.0', 'true', 'foo', '123.4560000000', 'Struct{A=bar}']);
    expect(fns.table('TEST_UDTF')!.returnType([T.decimal(20, 10)])).toEqual(T.decimal(30, 10));
  });
});

describe('ksqlite test --extension-dir', () => {
  const CASE = `{"tests": [{
    "name": "calls a test UDF",
    "statements": [
      "CREATE STREAM S (ID BIGINT KEY, V STRING) WITH (kafka_topic='in', value_format='JSON');",
      "CREATE STREAM OUT AS SELECT ID, TEST_UDF(ID, V) AS R FROM S;"
    ],
    "inputs": [{"topic": "in", "key": 1, "value": {"V": "x"}}],
    "outputs": [{"topic": "OUT", "key": 1, "value": {"R": "doStuffLongString"}}]
  }]}`;

  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ksqlite-ext-qtt-'));
    writeFileSync(join(dir, 'udf.json'), CASE);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const run = async (...flags: string[]): Promise<{ code: number; out: string[]; err: string[] }> => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runTestCommand([dir, ...flags], engineTestFactory, { out: (l) => out.push(l), err: (l) => err.push(l) });
    return { code, out, err };
  };

  it("loads the folder's functions into every engine the runner makes", async () => {
    expect((await run('--extension-dir', KSQLDB_TEST_EXT)).out).toEqual(['1 passed, 0 failed, 0 skipped']);
  });

  it('without it, the test functions do not exist: nothing test-only is built in', async () => {
    const { out } = await run();
    expect(out[0]).toContain("Can't find any functions with the name 'TEST_UDF'");
  });

  it('refuses a folder that does not exist', async () => {
    const { code, err } = await run(`--extension-dir=${join(dir, 'nope')}`);
    expect(code).toBe(2);
    expect(err).toEqual([`ksqlite test: --extension-dir: no folder ${join(dir, 'nope')}`]);
  });
});
