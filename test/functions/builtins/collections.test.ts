import { describe, expect, it } from 'vitest';
import * as T from '../../../src/types/sql-type.js';
import { DecimalContext } from '../../../src/types/values.js';
import { run, value } from '../../expr/helpers.js';

const ints = (v: unknown, name = 'A') => ({ name, type: T.array(T.INTEGER), value: v });
const dec = (s: string) => new DecimalContext(s);

describe('set functions on arrays', () => {
  it('keeps the first occurrence of each element, nulls included once', () => {
    expect(run("ARRAY_DISTINCT(ARRAY['foo', 'bar', 'foo'])")).toEqual(['foo', 'bar']);
    expect(run('ARRAY_DISTINCT(A)', [ints([0, null, 1, 0, null])])).toEqual([0, null, 1]);
    const decimals = { name: 'D', type: T.array(T.decimal(2, 1)), value: [dec('1.0'), dec('-0.2'), dec('1.0')] };
    expect((run('ARRAY_DISTINCT(D)', [decimals]) as unknown[]).map(String)).toEqual(['1', '-0.2']);
    const lists = { name: 'L', type: T.array(T.array(T.STRING)), value: [['foo', 'bar'], ['foo', 'bar'], ['foo']] };
    expect(run('ARRAY_DISTINCT(L)', [lists])).toEqual([['foo', 'bar'], ['foo']]);
  });

  it('computes except, intersect and union as distinct results, null if an input is null', () => {
    expect(run('ARRAY_EXCEPT(A, B)', [ints([0, 0, 1, 0, -1]), ints([1, -2], 'B')])).toEqual([0, -1]);
    expect(run('ARRAY_INTERSECT(A, B)', [ints([0, 0, 1, 0, -1]), ints([1, -2, 0], 'B')])).toEqual([0, 1]);
    expect(run('ARRAY_UNION(A, B)', [ints([0, 0, 1, 0, -1]), ints([1, -2, 0], 'B')])).toEqual([0, 1, -1, -2]);
    expect(run('ARRAY_UNION(A, B)', [ints(null), ints([1], 'B')])).toBeNull();
  });

  it('concatenates, treating one null array as empty', () => {
    expect(run('ARRAY_CONCAT(A, B)', [ints([0, 1]), ints([2], 'B')])).toEqual([0, 1, 2]);
    expect(run('ARRAY_CONCAT(A, B)', [ints(null), ints([1, -2], 'B')])).toEqual([1, -2]);
    expect(run('ARRAY_CONCAT(A, B)', [ints(null), ints(null, 'B')])).toBeNull();
  });

  it('removes every equal element, or the nulls', () => {
    expect(run("ARRAY_REMOVE(ARRAY['foo', 'bar', 'foo'], 'foo')")).toEqual(['bar']);
    expect(run('ARRAY_REMOVE(A, NULL)', [ints([0, null, 1])])).toEqual([0, 1]);
    const maps = { name: 'M', type: T.array(T.map(T.STRING, T.INTEGER)), value: [new Map([['a', 1]]), new Map([['a', 3]]), null] };
    expect(run("ARRAY_REMOVE(M, MAP('a' := 1))", [maps])).toEqual([new Map([['a', 3]]), null]);
  });

  it('tells whether an array contains a value, false for a null array', () => {
    const c = { name: 'C', type: T.array(T.STRING), value: ['Pink', null] };
    expect(run("ARRAY_CONTAINS(C, 'Pink')", [c])).toBe(true);
    expect(run("ARRAY_CONTAINS(C, 'Red')", [c])).toBe(false);
    expect(run("ARRAY_CONTAINS(N, 'Red')", [{ name: 'N', type: T.array(T.STRING) }])).toBe(false);
  });
});

describe('ARRAY_JOIN, ARRAY_LENGTH, ARRAY_MAX, ARRAY_MIN, ARRAY_SORT, SLICE', () => {
  it('joins elements as Java prints them', () => {
    expect(run('ARRAY_JOIN(ARRAY[true, NULL, false])')).toBe('true,null,false');
    expect(run("ARRAY_JOIN(ARRAY[1.23e0, -23.42e0, 0.0e0], ' ')")).toBe('1.23 -23.42 0.0');
    expect(run("ARRAY_JOIN(ARRAY[123.45, 987.65], '#')")).toBe('123.45#987.65');
    expect(run('ARRAY_JOIN(ARRAY[-4294967297, 8589934592], NULL)')).toBe('-42949672978589934592');
  });

  it('measures and finds extremes, ignoring nulls', () => {
    expect(run('ARRAY_LENGTH(A)', [ints([1, 2, null])])).toBe(3);
    expect(run('ARRAY_LENGTH(A)', [ints(null)])).toBeNull();
    expect(run('ARRAY_MAX(A)', [ints([123, 452, 451, null])])).toBe(452);
    expect(run('ARRAY_MIN(A)', [ints([null, -1])])).toBe(-1);
    expect(run('ARRAY_MIN(A)', [ints([])])).toBeNull();
    expect(run("ARRAY_MAX(ARRAY['a', 'b', 'B'])")).toBe('b');
  });

  it('sorts ascending or descending with nulls last', () => {
    expect(run('ARRAY_SORT(A)', [ints([3, null, 1, 2])])).toEqual([1, 2, 3, null]);
    expect(run("ARRAY_SORT(A, 'desc')", [ints([3, null, 1, 2])])).toEqual([3, 2, 1, null]);
    expect(run("ARRAY_SORT(A, 'sideways')", [ints([3, 1])])).toBeNull();
  });

  it('slices 1-based inclusive ranges, null when out of range', () => {
    const l = { name: 'L', type: T.array(T.STRING), value: ['a', 'b', 'c', 'd'] };
    expect(run('SLICE(L, 2, 3)', [l])).toEqual(['b', 'c']);
    expect(run('SLICE(L, NULL, 2)', [l])).toEqual(['a', 'b']);
    expect(run('SLICE(L, 3, 10)', [l])).toBeNull();
  });

  it('generates series up or down, with a step', () => {
    expect(run('GENERATE_SERIES(1, 4)')).toEqual([1, 2, 3, 4]);
    expect(run('GENERATE_SERIES(4, 1)')).toEqual([4, 3, 2, 1]);
    expect(run('GENERATE_SERIES(0, 10, 5)')).toEqual([0, 5, 10]);
    expect(run('GENERATE_SERIES(CAST(1 AS BIGINT), 2)')).toEqual([1, 2]);
    expect(value('GENERATE_SERIES(0, 10, 0)')).toBeNull();
  });
});

describe('map functions', () => {
  const m = { name: 'M', type: T.map(T.STRING, T.INTEGER), value: new Map([['foo', 10], ['bar', null]]) };

  it('lists keys and values', () => {
    expect(run('ARRAY_SORT(MAP_KEYS(M))', [m])).toEqual(['bar', 'foo']);
    expect(run('ARRAY_SORT(MAP_VALUES(M))', [m])).toEqual([10, null]);
  });

  it('merges maps, the second winning', () => {
    const m2 = { name: 'N', type: T.map(T.STRING, T.INTEGER), value: new Map([['foo', 99], ['apple', -1]]) };
    expect(run('MAP_UNION(M, N)', [m, m2])).toEqual(new Map([['foo', 99], ['bar', null], ['apple', -1]]));
    expect(run('MAP_UNION(X, N)', [{ name: 'X', type: m.type }, m2])).toEqual(m2.value);
  });

  it('builds maps from key and value arrays, ignoring extra values', () => {
    expect(run("AS_MAP(ARRAY['a', 'b'], ARRAY[1, 2, 3])")).toEqual(new Map([['a', 1], ['b', 2]]));
  });

  it('lists entries as structs, optionally sorted by key', () => {
    const e = { name: 'E', type: T.map(T.STRING, T.INTEGER), value: new Map([['b', 2], ['a', 1]]) };
    expect(run('ENTRIES(E, true)', [e])).toEqual([{ K: 'a', V: 1 }, { K: 'b', V: 2 }]);
    expect(run('ENTRIES(E, false)', [e])).toEqual([{ K: 'b', V: 2 }, { K: 'a', V: 1 }]);
  });
});
