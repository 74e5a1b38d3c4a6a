import { describe, expect, it } from 'vitest';
import * as T from '../../../src/types/sql-type.js';
import { DecimalContext } from '../../../src/types/values.js';
import { EvaluationError } from '../../../src/functions/values/errors.js';
import { fold, running, stateOf, udaf } from './helpers.js';

const dec = (s: string): InstanceType<typeof DecimalContext> => new DecimalContext(s);
const text = (vs: unknown[]): string[] => vs.map((v) => (v as InstanceType<typeof DecimalContext>).toFixed(1));

describe('SUM', () => {
  it('sums integers as INT, skipping nulls, and wraps past 2^31 like Java', () => {
    const sum = udaf('SUM', [T.INTEGER]);
    expect(sum.returnType).toEqual(T.INTEGER);
    expect(running(sum, [0, 100, null, 5])).toEqual([0, 100, 100, 105]);
    expect(running(sum, [2147483647, 1])).toEqual([2147483647, -2147483648]);
  });

  it('answers 0 for a group whose values are all null', () => {
    expect(running(udaf('SUM', [T.INTEGER]), [null])).toEqual([0]);
    expect(running(udaf('SUM', [T.DOUBLE]), [null])).toEqual([0]);
  });

  it('sums BIGINT exactly past 2^53 and wraps at 2^63', () => {
    const sum = udaf('SUM', [T.BIGINT]);
    expect(running(sum, [2147483648, 100])).toEqual([2147483648, 2147483748]);
    expect(running(sum, [9007199254740991, 2])).toEqual([9007199254740991, 9007199254740993n]);
    expect(running(sum, [9223372036854775807n, 1])).toEqual([9223372036854775807n, -9223372036854775808n]);
  });

  it('sums doubles', () => {
    expect(running(udaf('SUM', [T.DOUBLE]), [5.4, 100.1])).toEqual([5.4, 105.5]);
  });

  it('sums decimals at the column precision and fails with "Numeric field overflow" when the sum does not fit', () => {
    const sum = udaf('SUM', [T.decimal(4, 1)]);
    expect(sum.returnType).toEqual(T.decimal(4, 1));
    const { results, state } = fold(sum, [[dec('500.9')], [dec('300.8')]]);
    expect(text(results)).toEqual(['500.9', '801.7']);
    expect(() => sum.add(state, [dec('400.8')])).toThrow(EvaluationError);
    expect(() => sum.add(state, [dec('400.8')])).toThrow(/^Numeric field overflow/);
    expect(text([sum.result(state)])).toEqual(['801.7']);
  });

  it('does not overflow when the column is cast to a wider decimal first', () => {
    const sum = udaf('SUM', [T.decimal(6, 2)]);
    expect(sum.returnType).toEqual(T.decimal(6, 2));
    const results = fold(sum, [[dec('500.90')], [dec('300.80')], [dec('400.80')]]).results;
    expect(results.map((v) => (v as InstanceType<typeof DecimalContext>).toFixed(2))).toEqual(['500.90', '801.70', '1202.50']);
  });

  it('retracts a table row by subtracting it, and merges by adding', () => {
    const sum = udaf('SUM', [T.INTEGER]);
    let s = stateOf(sum, [5, 20]);
    s = sum.undo!(s, [20]);
    s = sum.undo!(s, [null]);
    expect(sum.result(s)).toBe(5);
    expect(sum.result(sum.merge(stateOf(sum, [1, 2]), stateOf(sum, [3])))).toBe(6);
  });
});

describe('SUM_LIST', () => {
  it('sums the elements of each array, ignoring null elements', () => {
    expect(running(udaf('SUM_LIST', [T.array(T.INTEGER)]), [[1, 1], [2, 2], [100, 100, null], null])).toEqual([2, 6, 206, 206]);
    expect(running(udaf('SUM_LIST', [T.array(T.DOUBLE)]), [[1.0, 1.0], [922337203685.0, 1.0]])).toEqual([2, 922337203688]);
  });

  it('retracts a whole array', () => {
    const sum = udaf('SUM_LIST', [T.array(T.BIGINT)]);
    const s = sum.undo!(stateOf(sum, [[1, 2], [3]]), [[1, 2]]);
    expect(sum.result(s)).toBe(3);
  });
});

describe('AVG', () => {
  it('averages integers as DOUBLE over the non-null values', () => {
    expect(running(udaf('AVG', [T.INTEGER]), [1, 2, 2, null])).toEqual([1, 1.5, 1.6666666666666667, 1.6666666666666667]);
  });

  it('averages BIGINT through an exact 64-bit sum', () => {
    expect(running(udaf('AVG', [T.BIGINT]), [-1, 9223372036854775807n, 1])).toEqual([-1, 4.611686018427388e18, 3.0744573456182584e18]);
  });

  it('averages doubles to the last digit ksqlDB prints', () => {
    expect(running(udaf('AVG', [T.DOUBLE]), [-1.8, 9223372036854.775, 100.2])).toEqual([-1.8, 4611686018426.487, 3074457345651.058]);
    expect(running(udaf('AVG', [T.DOUBLE]), [2.3, -200000.6, 0.0])).toEqual([2.3, -99999.15000000001, -66666.1]);
  });

  it('answers 0.0 for a group with no values', () => {
    const avg = udaf('AVG', [T.INTEGER]);
    expect(avg.result(avg.init())).toBe(0);
    expect(running(avg, [null])).toEqual([0]);
  });

  it('follows table updates: retracting the old value, adding the new', () => {
    const avg = udaf('AVG', [T.INTEGER]);
    let s = stateOf(avg, [1, 2]);
    expect(avg.result(s)).toBe(1.5);
    s = avg.add(avg.undo!(s, [1]), [null]);
    expect(avg.result(s)).toBe(2);
    s = avg.add(avg.undo!(s, [null]), [4]);
    expect(avg.result(s)).toBe(3);
  });

  it('merges sums and counts', () => {
    const avg = udaf('AVG', [T.DOUBLE]);
    expect(avg.result(avg.merge(stateOf(avg, [1, 2]), stateOf(avg, [6])))).toBe(3);
  });
});
