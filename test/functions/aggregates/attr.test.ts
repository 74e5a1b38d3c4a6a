import { describe, expect, it } from 'vitest';
import * as T from '../../../src/types/sql-type.js';
import { running, stateOf, udaf } from './helpers.js';

describe('ATTR', () => {
  it('gives the value while every row of the group has the same one, then null', () => {
    expect(running(udaf('ATTR', [T.STRING]), ['s', 's', 's'])).toEqual(['s', 's', 's']);
    expect(running(udaf('ATTR', [T.STRING]), ['1', '2', '2'])).toEqual(['1', null, null]);
  });

  it('counts null as a value of its own', () => {
    expect(running(udaf('ATTR', [T.STRING]), ['1', null, '1'])).toEqual(['1', null, null]);
    expect(running(udaf('ATTR', [T.INTEGER]), [null, null])).toEqual([null, null]);
  });

  it('compares arrays and structs by value, and returns the column type', () => {
    const st = T.struct([
      { name: 'A', type: T.STRING },
      { name: 'B', type: T.INTEGER },
    ]);
    const u = udaf('ATTR', [st]);
    expect(u.returnType).toEqual(st);
    expect(running(u, [{ A: 'a', B: 1 }, { A: 'a', B: 1 }])).toEqual([{ A: 'a', B: 1 }, { A: 'a', B: 1 }]);
    expect(running(udaf('ATTR', [T.array(T.INTEGER)]), [[1, 2], [1, 2], [2, 1]])).toEqual([[1, 2], [1, 2], null]);
  });

  it('becomes valid again when table rows with other values are retracted', () => {
    const u = udaf('ATTR', [T.STRING]);
    let s = stateOf(u, ['2', '3']);
    expect(u.result(s)).toBeNull();
    s = u.undo!(s, ['3']);
    expect(u.result(s)).toBe('2');
    s = u.undo!(s, ['2']);
    expect(u.result(s)).toBeNull();
  });

  it('merges the counts of two session windows', () => {
    const u = udaf('ATTR', [T.BIGINT]);
    expect(u.result(u.merge(stateOf(u, [7, 7]), stateOf(u, [7])))).toBe(7);
    expect(u.result(u.merge(stateOf(u, [7]), stateOf(u, [8])))).toBeNull();
  });
});
