import { describe, expect, it } from 'vitest';
import { KsqlError } from '../../../src/errors.js';
import * as T from '../../../src/types/sql-type.js';
import { DecimalContext } from '../../../src/types/values.js';
import { KSQLDB_TEST_EXT, registryWith } from '../extensions/helpers.js';
import { fns, running, udaf, udafIn } from './helpers.js';

const testFns = registryWith(KSQLDB_TEST_EXT);

describe('aggregate resolution', () => {
  it('registers every aggregate function of the dialect as a built-in', () => {
    const names = [
      'AVG',
      'COLLECT_LIST',
      'COLLECT_SET',
      'CORRELATION',
      'COUNT',
      'COUNT_DISTINCT',
      'EARLIEST_BY_OFFSET',
      'HISTOGRAM',
      'LATEST_BY_OFFSET',
      'MAX',
      'MIN',
      'STDDEV_SAMP',
      'STDDEV_SAMPLE',
      'SUM',
      'TOPK',
      'TOPKDISTINCT',
    ];
    for (const n of names) expect(fns.kindOf(n), n).toBe('AGGREGATE');
  });

  it('types a call from its argument types, as the expression typer asks', () => {
    expect(fns.aggregate('SUM')!.returnType([T.INTEGER])).toEqual(T.INTEGER);
    expect(fns.aggregate('SUM')!.returnType([T.decimal(4, 1)])).toEqual(T.decimal(4, 1));
    expect(fns.aggregate('COUNT')!.returnType([])).toEqual(T.BIGINT);
    expect(fns.aggregate('COLLECT_LIST')!.returnType([T.array(T.STRING)])).toEqual(T.array(T.array(T.STRING)));
    expect(fns.aggregate('LATEST_BY_OFFSET')!.returnType([T.INTEGER, T.INTEGER])).toEqual(T.array(T.INTEGER));
    expect(fns.aggregate('LATEST_BY_OFFSET')!.returnType([T.INTEGER, T.BOOLEAN])).toEqual(T.INTEGER);
  });

  it('refuses argument types no overload accepts, listing the alternatives', () => {
    const call = (): unknown => fns.aggregate('SUM')!.returnType([T.STRING]);
    expect(call).toThrow(KsqlError);
    expect(call).toThrow("Function 'SUM' does not accept parameters (STRING).\nValid alternatives are:\nSUM(INTEGER)\nSUM(BIGINT)\nSUM(DOUBLE)\nSUM(DECIMAL)");
    expect(() => fns.aggregate('HISTOGRAM')!.returnType([T.INTEGER])).toThrow("Function 'HISTOGRAM' does not accept parameters (INTEGER).");
    expect(() => fns.aggregate('COUNT')!.returnType([T.INTEGER, T.INTEGER])).toThrow("Function 'COUNT' does not accept parameters (INTEGER, INTEGER).");
  });

  it('widens arguments implicitly when no overload matches exactly, converting each value', () => {
    const avg = udaf('AVG', [T.decimal(4, 2)]);
    expect(avg.returnType).toEqual(T.DOUBLE);
    expect(running(avg, [new DecimalContext('1.25'), new DecimalContext('2.50')])).toEqual([1.25, 1.875]);
    const corr = udaf('CORRELATION', [T.INTEGER, T.BIGINT]);
    let s = corr.init();
    for (const [x, y] of [
      [1, 2],
      [2, 4],
      [3, 7],
    ])
      s = corr.add(s, [x, y]);
    expect(corr.result(s)).toBeCloseTo(0.9933992677987827, 15);
  });

  it('evaluates the column arguments per row and takes the initial ones from literals', () => {
    expect(udaf('TOPK', [T.INTEGER, T.INTEGER], [undefined, 3]).valueArgs).toEqual([0]);
    expect(udaf('TOPK', [T.INTEGER, T.STRING, T.INTEGER], [undefined, undefined, 3]).valueArgs).toEqual([0, 1]);
    expect(udaf('COUNT', []).valueArgs).toEqual([]);
    // A repeating column in the middle (ksqlDB's MID_VAR_ARG test UDAF, loaded as an extension).
    expect(udafIn(testFns, 'MID_VAR_ARG', [T.BIGINT, T.STRING, T.STRING, T.STRING, T.INTEGER, T.INTEGER], [undefined, 'hello', undefined, undefined, 7, 3]).valueArgs).toEqual([
      0, 1, 2, 3,
    ]);
  });

  it("rejects an initial argument that is not a literal with ksqlDB's message", () => {
    const f = fns.aggregate('EARLIEST_BY_OFFSET')!;
    expect(() => f.resolve([T.INTEGER, T.INTEGER], [undefined, undefined], { argTexts: ['F0', 'F0'] })).toThrow(
      "Parameter 2 passed to function EARLIEST_BY_OFFSET must be a literal constant, but was expression: 'F0'",
    );
  });

  it('rejects a k or n below one', () => {
    expect(() => udaf('TOPK', [T.INTEGER, T.INTEGER], [undefined, 0])).toThrow('must be a positive integer, but was 0');
    expect(() => udaf('LATEST_BY_OFFSET', [T.INTEGER, T.INTEGER], [undefined, -1])).toThrow('must be a positive integer');
  });

  it('prefers the plain overload to the variadic one when both fit', () => {
    expect(udaf('TOPK', [T.INTEGER, T.INTEGER], [undefined, 2]).returnType).toEqual(T.array(T.INTEGER));
    expect(udaf('TOPK', [T.INTEGER, T.STRING, T.INTEGER], [undefined, undefined, 2]).returnType).toEqual(
      T.array(
        T.struct([
          { name: 'sort_col', type: T.INTEGER },
          { name: 'col0', type: T.STRING },
        ]),
      ),
    );
  });

  it('reports intermediate types that DELIMITED cannot hold for AVG, TOPK and STDDEV, and plain ones for COUNT and SUM', () => {
    expect(udaf('AVG', [T.INTEGER]).intermediateType).toEqual(
      T.struct([
        { name: 'SUM', type: T.INTEGER },
        { name: 'COUNT', type: T.BIGINT },
      ]),
    );
    expect(udaf('TOPK', [T.INTEGER, T.INTEGER], [undefined, 3]).intermediateType).toEqual(T.array(T.INTEGER));
    expect(udaf('STDDEV_SAMP', [T.INTEGER]).intermediateType.kind).toBe('STRUCT');
    expect(udaf('COUNT', []).intermediateType).toEqual(T.BIGINT);
    expect(udaf('SUM', [T.BIGINT]).intermediateType).toEqual(T.BIGINT);
    expect(udaf('LATEST_BY_OFFSET', [T.STRING]).intermediateType).toEqual(
      T.struct([
        { name: 'SEQ', type: T.BIGINT },
        { name: 'VAL', type: T.STRING },
      ]),
    );
  });

  it('marks the functions ksqlDB cannot apply to a table by leaving out undo', () => {
    const undoable = (name: string, types: T.SqlType[], literals: unknown[] = []): boolean => udaf(name, types, literals).undo !== undefined;
    expect(undoable('COUNT', [])).toBe(true);
    expect(undoable('SUM', [T.INTEGER])).toBe(true);
    expect(undoable('AVG', [T.DOUBLE])).toBe(true);
    expect(undoable('COLLECT_LIST', [T.STRING])).toBe(true);
    expect(undoable('HISTOGRAM', [T.STRING])).toBe(true);
    expect(undoable('STDDEV_SAMP', [T.DOUBLE])).toBe(true);
    expect(undoable('MAX', [T.INTEGER])).toBe(false);
    expect(undoable('MIN', [T.INTEGER])).toBe(false);
    expect(undoable('LATEST_BY_OFFSET', [T.INTEGER])).toBe(false);
    expect(undoable('COLLECT_SET', [T.STRING])).toBe(false);
    expect(undoable('TOPK', [T.INTEGER, T.INTEGER], [undefined, 2])).toBe(false);
    expect(undoable('COUNT_DISTINCT', [T.STRING])).toBe(false);
  });

  it('describes every overload for DESCRIBE FUNCTION, commas inside types kept whole', () => {
    const d = fns.describe('LATEST_BY_OFFSET')!;
    expect(d.kind).toBe('AGGREGATE');
    expect(d.variations.map((v) => v.arguments.map((a) => `${a.name} ${a.type}`).join(', '))).toEqual([
      'val T',
      'val T, ignoreNulls BOOLEAN',
      'val T, latestN INTEGER',
      'val T, latestN INTEGER, ignoreNulls BOOLEAN',
    ]);
    expect(fns.describe('HISTOGRAM')!.variations[0]!.returnType).toBe('MAP<STRING, BIGINT>');
    expect(testFns.describe('MID_VAR_ARG')!.variations[0]!.arguments.map((a) => a.type)).toEqual(['BIGINT', 'STRING[]', 'INTEGER', 'INTEGER']);
  });
});
