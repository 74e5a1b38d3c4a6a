import { describe, expect, it } from 'vitest';
import * as T from '../../../src/types/sql-type.js';
import { fold, running, stateOf, udaf } from './helpers.js';

describe('STDDEV_SAMP and STDDEV_SAMPLE', () => {
  it("returns ksqlDB's STDDEV_SAMP: the sample variance, to the last digit", () => {
    expect(running(udaf('STDDEV_SAMP', [T.INTEGER]), [0, 10, 7, 6])).toEqual([0, 50, 26.333333333333332, 17.583333333333332]);
    expect(running(udaf('STDDEV_SAMP', [T.BIGINT]), [2147483648, 100, -2, null])).toEqual([
      0, 2.3058427944653343e18, 1.5372286026580004e18, 1.5372286026580004e18,
    ]);
    expect(running(udaf('STDDEV_SAMP', [T.DOUBLE]), [9223372036854.775, 300.8, -200000.6, 0.0])).toEqual([
      0, 4.253529586234292e25, 2.835686452404674e25, 2.1267648239542927e25,
    ]);
    expect(running(udaf('STDDEV_SAMP', [T.DOUBLE]), [-1.8, 2.3, 100.2])).toEqual([0, 8.405, 3334.2033333333347]);
  });

  it('returns the sample standard deviation from STDDEV_SAMPLE', () => {
    expect(running(udaf('STDDEV_SAMPLE', [T.INTEGER]), [0, 10, 7, 6])).toEqual([0, 7.0710678118654755, 5.131601439446884, 4.193248541803041]);
    expect(running(udaf('STDDEV_SAMPLE', [T.INTEGER]), [50, 10, 3, null])).toEqual([0, 28.284271247461902, 25.357444666211933, 25.357444666211933]);
    expect(running(udaf('STDDEV_SAMPLE', [T.DOUBLE]), [10, 12, 13, 14, 16])).toEqual([
      0, 1.4142135623730951, 1.5275252316519465, 1.707825127659933, 2.23606797749979,
    ]);
  });

  it('retracts a value as if it had never been added', () => {
    const v = udaf('STDDEV_SAMP', [T.DOUBLE]);
    const s = v.undo!(stateOf(v, [10, 12, 13, 14]), [13]);
    expect(v.result(s)).toBeCloseTo(v.result(stateOf(v, [10, 12, 14])) as number, 12);
    const one = v.undo!(stateOf(v, [10, 12]), [12]);
    expect(v.result(one)).toBe(0);
    expect(v.result(v.add(one, [20]))).toBe(50);
  });

  it('merges two groups into the variance of their union', () => {
    const v = udaf('STDDEV_SAMP', [T.INTEGER]);
    const merged = v.merge(stateOf(v, [0, 10]), stateOf(v, [7, 6]));
    expect(v.result(merged)).toBeCloseTo(17.583333333333332, 12);
    expect(v.result(v.merge(v.init(), stateOf(v, [1, 3])))).toBe(2);
  });
});

describe('CORRELATION', () => {
  it('computes the Pearson coefficient from the rows where both values are present', () => {
    const c = udaf('CORRELATION', [T.DOUBLE, T.DOUBLE]);
    const { results } = fold(c, [
      [1, 2],
      [2, 4],
      [null, 5],
      [3, 6],
    ]);
    expect(results[3]).toBeCloseTo(1, 15);
    expect(results[0]).toBeNaN();
  });

  it('retracts a pair and merges groups', () => {
    const c = udaf('CORRELATION', [T.DOUBLE, T.DOUBLE]);
    const rows = [
      [1, 3],
      [2, 1],
      [3, 2],
    ];
    const s = fold(c, rows).state;
    expect(c.result(s)).toBeCloseTo(-0.5, 12);
    expect(c.result(c.undo!(s, [3, 2]))).toBeCloseTo(-1, 12);
    const merged = c.merge(fold(c, rows.slice(0, 1)).state, fold(c, rows.slice(1)).state);
    expect(c.result(merged)).toBeCloseTo(-0.5, 12);
  });
});
