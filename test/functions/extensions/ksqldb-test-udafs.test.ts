import { describe, expect, it } from 'vitest';
import * as T from '../../../src/types/sql-type.js';
import { fold, running, stateOf, udafIn } from '../aggregates/helpers.js';
import { KSQLDB_TEST_EXT, registryWith } from './helpers.js';

const fns = registryWith(KSQLDB_TEST_EXT);
const udaf = (name: string, argTypes: readonly (T.SqlType | null)[], literals: readonly unknown[] = []) => udafIn(fns, name, argTypes, literals);

// Rows of the conformance files: FIRST, SECOND for key 0 of multi-arg-udaf.json and friends.
const ROWS_0 = [
  [6, 'hi'],
  [null, 'hello'],
  [5, null],
  [21, 'aggregate'],
];

describe("ksqlDB's test UDAFs", () => {
  it('TEST_UDAF sums integers and longs, and undoes table rows', () => {
    expect(running(udaf('TEST_UDAF', [T.INTEGER]), [-2147483647, 5, 2000])).toEqual([-2147483647, -2147483642, -2147481642]);
    const u = udaf('TEST_UDAF', [T.BIGINT]);
    expect(u.result(u.undo!(stateOf(u, [2, 3, 1]), [1]))).toBe(5);
  });

  it('TEST_UDAF sums the fields of STRUCT<A INT, B INT>', () => {
    const st = T.struct([
      { name: 'A', type: T.INTEGER },
      { name: 'B', type: T.INTEGER },
    ]);
    expect(running(udaf('TEST_UDAF', [st]), [{ A: 1, B: 2 }, { A: 2, B: 3 }])).toEqual([
      { A: 1, B: 2 },
      { A: 3, B: 5 },
    ]);
  });

  it('MULTI_ARG starts from its literal initial arguments and adds numbers and string lengths', () => {
    const types = [T.BIGINT, T.STRING, T.INTEGER, T.STRING, T.STRING, T.STRING];
    const u = udaf('MULTI_ARG', types, [undefined, undefined, 5, '10', '20', '3']);
    expect(u.valueArgs).toEqual([0, 1]);
    expect(fold(u, ROWS_0).results).toEqual([18, 23, 28, 58]);
    const noVarargs = udaf('MULTI_ARG', [T.BIGINT, T.STRING, T.INTEGER], [undefined, undefined, 5]);
    expect(fold(noVarargs, ROWS_0).results).toEqual([13, 18, 23, 53]);
  });

  it('MULTI_ARG rejects calls missing a required argument', () => {
    expect(() => udaf('MULTI_ARG', [T.BIGINT, T.STRING])).toThrow("Function 'MULTI_ARG' does not accept parameters (BIGINT, STRING).");
    expect(() => udaf('MULTI_ARG', [T.BIGINT, T.INTEGER, T.STRING, T.STRING, T.STRING])).toThrow(
      "Function 'MULTI_ARG' does not accept parameters (BIGINT, INTEGER, STRING, STRING, STRING).",
    );
  });

  it('FIVE_ARG adds its integer column too', () => {
    const types = [T.BIGINT, T.STRING, T.STRING, T.STRING, T.INTEGER, T.INTEGER, T.STRING, T.STRING, T.STRING];
    const u = udaf('FIVE_ARG', types, [undefined, undefined, undefined, undefined, undefined, 5, '10', '20', '3']);
    expect(fold(u, [[6, 'hi', 'apples', null, 9]]).results).toEqual([33]);
  });

  it('VAR_ARG and MID_VAR_ARG take any number of string columns, literals among them', () => {
    const v = udaf('VAR_ARG', [T.BIGINT, T.STRING, T.STRING, T.STRING, T.STRING, T.STRING], [undefined, 'hello', '10', '20', undefined, '3']);
    expect(fold(v, [[6, 'hello', '10', '20', 'hi', '3']]).results).toEqual([18]);
    const m = udaf('MID_VAR_ARG', [T.BIGINT, T.STRING, T.STRING, T.STRING, T.INTEGER, T.INTEGER], [undefined, undefined, undefined, undefined, 7, 3]);
    expect(fold(m, [[6, 'hi', 'hello', 'world']]).results).toEqual([28]);
    expect(fold(udaf('MID_VAR_ARG', [T.BIGINT, T.INTEGER, T.INTEGER], [undefined, 7, 3]), [[6]]).results).toEqual([16]);
    expect(() => udaf('VAR_ARG', [T.BIGINT, T.INTEGER])).toThrow("Function 'VAR_ARG' does not accept parameters (BIGINT, INTEGER).");
    expect(() => udaf('MID_VAR_ARG', [T.BIGINT, T.STRING, T.STRING, T.INTEGER])).toThrow(
      "Function 'MID_VAR_ARG' does not accept parameters (BIGINT, STRING, STRING, INTEGER).",
    );
  });

  it('OBJ_COL_ARG collects the first column of rows without nulls, whatever the other column types', () => {
    const types = [T.INTEGER, T.BIGINT, T.BOOLEAN, T.DOUBLE, T.INTEGER, T.map(T.STRING, T.INTEGER)];
    const u = udaf('OBJ_COL_ARG', types);
    const rows = [
      [2, 1, false, 1.44, 8, new Map([['world', 8]])],
      [5, 3, null, 0.9, 2, new Map([['udaf', 1]])],
      [3, 2, false, 4.3, 4, new Map([['object', 0]])],
      [6, 1, false, 4.9, 10, null],
    ];
    expect(fold(u, rows).results).toEqual([[2], [2], [2, 3], [2, 3]]);
  });
});
