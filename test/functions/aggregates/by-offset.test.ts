import { describe, expect, it } from 'vitest';
import * as T from '../../../src/types/sql-type.js';
import type { Udaf } from '../../../src/functions/types.js';
import { running, stateOf, udaf } from './helpers.js';

const latest = (literals: unknown[] = []): Udaf => udaf('LATEST_BY_OFFSET', [T.INTEGER, ...literals.map((l) => (typeof l === 'boolean' ? T.BOOLEAN : T.INTEGER))], [undefined, ...literals]);
const earliest = (literals: unknown[] = []): Udaf =>
  udaf('EARLIEST_BY_OFFSET', [T.INTEGER, ...literals.map((l) => (typeof l === 'boolean' ? T.BOOLEAN : T.INTEGER))], [undefined, ...literals]);

/** Session windows merging as Kafka Streams does: the new session starts empty, folds the old ones in, then adds the row. */
function mergeSessions(u: Udaf, sessions: readonly unknown[], value: unknown): unknown {
  let s = u.init();
  for (const x of sessions) s = u.merge(s, x);
  return u.result(u.add(s, [value]));
}

describe('LATEST_BY_OFFSET', () => {
  it('keeps the latest non-null value by default', () => {
    expect(running(latest(), [12, null, 13])).toEqual([12, 12, 13]);
    expect(running(latest([true]), [12, null, 13])).toEqual([12, 12, 13]);
    expect(running(latest(), [null, null])).toEqual([null, null]);
  });

  it('keeps nulls too when ignoreNulls is false', () => {
    expect(running(latest([false]), [12, null, 13])).toEqual([12, null, 13]);
  });

  it('keeps the latest n values, oldest first', () => {
    expect(latest([2]).returnType).toEqual(T.array(T.INTEGER));
    expect(running(latest([2]), [12, null, 13, 14])).toEqual([[12], [12], [12, 13], [13, 14]]);
    expect(running(latest([2, false]), [12, null, 13])).toEqual([[12], [12, null], [null, 13]]);
    expect(running(latest([2]), [null, null])).toEqual([[], []]);
  });

  it('accepts any type, structured ones included', () => {
    const t = T.array(T.struct([{ name: 'A', type: T.STRING }]));
    const u = udaf('LATEST_BY_OFFSET', [t]);
    expect(u.returnType).toEqual(t);
    expect(running(u, [[{ A: 'Early0' }], [{ A: 'Later0' }]])).toEqual([[{ A: 'Early0' }], [{ A: 'Later0' }]]);
  });

  it('merges session windows by the order the rows arrived in', () => {
    // Merging consumes its inputs (a state may be reused), so each check starts from new states.
    const u = latest();
    const first = stateOf(u, [1]);
    const second = stateOf(u, [3]);
    expect(u.result(u.merge(second, first))).toBe(3);
    expect(u.result(u.merge(first, second))).toBe(3);
    expect(mergeSessions(u, [stateOf(u, [1]), stateOf(u, [3])], 2)).toBe(2);
    expect(mergeSessions(u, [stateOf(u, [1])], null)).toBe(1);
    const withNulls = latest([false]);
    expect(mergeSessions(withNulls, [stateOf(withNulls, [1])], null)).toBeNull();
  });

  it('merges the latest n of two sessions in arrival order', () => {
    const u = latest([2, false]);
    const a = stateOf(u, [1]);
    const b = stateOf(u, [null]);
    expect(u.result(u.merge(b, a))).toEqual([1, null]);
    expect(mergeSessions(u, [stateOf(u, [1]), stateOf(u, [null])], 2)).toEqual([null, 2]);
    const ignoring = latest([2, true]);
    expect(mergeSessions(ignoring, [stateOf(ignoring, [1]), stateOf(ignoring, [null])], 2)).toEqual([1, 2]);
  });
});

describe('EARLIEST_BY_OFFSET', () => {
  it('keeps the first non-null value, or the first value at all when ignoreNulls is false', () => {
    expect(running(earliest(), [null, 12, 13])).toEqual([null, 12, 12]);
    expect(running(earliest([false]), [null, 12, 13])).toEqual([null, null, null]);
  });

  it('keeps the first n values', () => {
    expect(running(earliest([2, true]), [1, null, 2, 3])).toEqual([[1], [1], [1, 2], [1, 2]]);
  });

  it('merges to the values of the earliest rows', () => {
    const u = earliest();
    const a = stateOf(u, [1]);
    const b = stateOf(u, [2]);
    expect(u.result(u.merge(b, a))).toBe(1);
    expect(u.result(u.merge(u.init(), b))).toBe(2);
    const n = earliest([2]);
    const x = stateOf(n, [1, 2]);
    const y = stateOf(n, [3]);
    expect(n.result(n.merge(y, x))).toEqual([1, 2]);
  });
});
