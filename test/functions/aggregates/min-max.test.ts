import { describe, expect, it } from 'vitest';
import * as T from '../../../src/types/sql-type.js';
import { DecimalContext } from '../../../src/types/values.js';
import { running, stateOf, udaf } from './helpers.js';

describe('MIN and MAX', () => {
  it('keep the extreme non-null value, null until one arrives', () => {
    expect(running(udaf('MAX', [T.INTEGER]), [null, -2147483647, 5, null, 2000, 100])).toEqual([null, -2147483647, 5, 5, 2000, 2000]);
    expect(running(udaf('MIN', [T.INTEGER]), [null, 5, -3, null, 100])).toEqual([null, 5, -3, -3, -3]);
  });

  it('compare BIGINT values exactly beyond 2^53', () => {
    expect(running(udaf('MAX', [T.BIGINT]), [9007199254740993n, 9007199254740992, 9223372036854775807n])).toEqual([
      9007199254740993n, 9007199254740993n, 9223372036854775807n,
    ]);
    expect(running(udaf('MIN', [T.BIGINT]), [100, -9223372036854775807n])).toEqual([100, -9223372036854775807n]);
  });

  it('order decimals by value and keep the column type', () => {
    const max = udaf('MAX', [T.decimal(4, 2)]);
    expect(max.returnType).toEqual(T.decimal(4, 2));
    const results = running(max, ['-10.12', '0.00', '5.10', '1.00'].map((s) => new DecimalContext(s)));
    expect(results.map((d) => (d as InstanceType<typeof DecimalContext>).toFixed(2))).toEqual(['-10.12', '0.00', '5.10', '5.10']);
  });

  it('order strings, bytes and temporal values as ksqlDB does', () => {
    expect(running(udaf('MAX', [T.STRING]), ['B', 'A', 'F', 'D'])).toEqual(['B', 'B', 'F', 'F']);
    expect(running(udaf('MIN', [T.STRING]), ['B', 'A', 'a'])).toEqual(['B', 'A', 'A']);
    const bytes = running(udaf('MAX', [T.BYTES]), [Buffer.from('B'), Buffer.from('A'), Buffer.from('G')]) as Buffer[];
    expect(bytes.map((b) => b.toString())).toEqual(['B', 'B', 'G']);
    expect(running(udaf('MIN', [T.TIMESTAMP]), [-100, 5, -2147483647])).toEqual([-100, -100, -2147483647]);
    expect(running(udaf('MAX', [T.DATE]), [-100, 5, 1])).toEqual([-100, 5, 5]);
  });

  it('refuse types without an order, like BOOLEAN and ARRAY', () => {
    expect(() => udaf('MAX', [T.BOOLEAN])).toThrow("Function 'MAX' does not accept parameters (BOOLEAN).");
    expect(() => udaf('MIN', [T.array(T.INTEGER)])).toThrow("Function 'MIN' does not accept parameters (ARRAY<INTEGER>).");
  });

  it('merge to the extreme of both windows', () => {
    const max = udaf('MAX', [T.DOUBLE]);
    expect(max.result(max.merge(stateOf(max, [1.5, 3.5]), stateOf(max, [2.5])))).toBe(3.5);
    expect(max.result(max.merge(max.init(), stateOf(max, [2.5])))).toBe(2.5);
  });
});
