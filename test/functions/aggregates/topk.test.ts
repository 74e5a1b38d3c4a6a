import { describe, expect, it } from 'vitest';
import * as T from '../../../src/types/sql-type.js';
import { DecimalContext } from '../../../src/types/values.js';
import { fold, running, stateOf, udaf } from './helpers.js';

const topk = (t: T.SqlType, k: number) => udaf('TOPK', [t, T.INTEGER], [undefined, k]);

describe('TOPK', () => {
  it('keeps the k largest values, largest first, repeats included', () => {
    expect(running(topk(T.INTEGER, 3), [0, 100, 99, 7, 100])).toEqual([[0], [100, 0], [100, 99, 0], [100, 99, 7], [100, 100, 99]]);
    expect(running(topk(T.STRING, 3), ['a', 'b', 'c', 'b', 'd'])).toEqual([['a'], ['b', 'a'], ['c', 'b', 'a'], ['c', 'b', 'b'], ['d', 'c', 'b']]);
    expect(running(topk(T.BIGINT, 2), [2147483648, null, 100])).toEqual([[2147483648], [2147483648], [2147483648, 100]]);
  });

  it('returns whole rows as structs when other columns follow the sort column', () => {
    const u = udaf('TOPK', [T.INTEGER, T.STRING, T.INTEGER], [undefined, undefined, 3]);
    const rows = [
      [0, 'zero'],
      [100, 'one'],
      [99, 'two'],
      [null, 'three'],
      [100, null],
    ];
    expect(fold(u, rows).results.at(-1)).toEqual([
      { sort_col: 100, col0: 'one' },
      { sort_col: 100, col0: null },
      { sort_col: 99, col0: 'two' },
    ]);
  });

  it('names the extra columns col0, col1, ... after sort_col', () => {
    const u = udaf('TOPK', [T.DOUBLE, T.STRING, T.BOOLEAN, T.INTEGER], [undefined, undefined, undefined, 1]);
    expect(u.returnType).toEqual(
      T.array(
        T.struct([
          { name: 'sort_col', type: T.DOUBLE },
          { name: 'col0', type: T.STRING },
          { name: 'col1', type: T.BOOLEAN },
        ]),
      ),
    );
    expect(fold(u, [[1.5, 'x', true]]).results).toEqual([[{ sort_col: 1.5, col0: 'x', col1: true }]]);
  });

  it('merges two windows into the top k of both', () => {
    const u = topk(T.INTEGER, 3);
    expect(u.result(u.merge(stateOf(u, [5, 1]), stateOf(u, [4, 3, 2])))).toEqual([5, 4, 3]);
  });

  it('does not accept a k that is not an INTEGER literal', () => {
    expect(() => udaf('TOPK', [T.INTEGER, T.STRING], [undefined, 'x'])).toThrow(/TOPK/);
  });
});

describe('TOPKDISTINCT', () => {
  it('keeps the k largest distinct values', () => {
    const u = udaf('TOPKDISTINCT', [T.INTEGER, T.INTEGER], [undefined, 3]);
    expect(running(u, [0, 100, 99, 7, 100])).toEqual([[0], [100, 0], [100, 99, 0], [100, 99, 7], [100, 99, 7]]);
  });

  it('compares decimals and bytes by value', () => {
    const d = udaf('TOPKDISTINCT', [T.decimal(2, 1), T.INTEGER], [undefined, 3]);
    const results = running(d, ['9.8', '8.9', '7.8', '6.5', '9.9', '9.9'].map((s) => new DecimalContext(s)));
    expect((results.at(-1) as InstanceType<typeof DecimalContext>[]).map((x) => x.toFixed(1))).toEqual(['9.9', '9.8', '8.9']);
    const b = udaf('TOPKDISTINCT', [T.BYTES, T.INTEGER], [undefined, 3]);
    const bytes = running(b, ['B', 'F', 'G', 'A', 'F'].map((s) => Buffer.from(s))).at(-1) as Buffer[];
    expect(bytes.map((x) => x.toString())).toEqual(['G', 'F', 'B']);
  });

  it('merges without repeating a value held by both windows', () => {
    const u = udaf('TOPKDISTINCT', [T.STRING, T.INTEGER], [undefined, 3]);
    expect(u.result(u.merge(stateOf(u, ['d', 'b']), stateOf(u, ['d', 'c', 'a'])))).toEqual(['d', 'c', 'b']);
  });
});
