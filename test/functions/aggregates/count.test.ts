import { describe, expect, it } from 'vitest';
import * as T from '../../../src/types/sql-type.js';
import { DecimalContext } from '../../../src/types/values.js';
import { fold, running, stateOf, udaf } from './helpers.js';

describe('COUNT', () => {
  it('counts every row for COUNT(*) and COUNT()', () => {
    const count = udaf('COUNT', []);
    expect(count.returnType).toEqual(T.BIGINT);
    expect(fold(count, [[], [], []]).results).toEqual([1, 2, 3]);
  });

  it('counts only the rows where the argument is not null', () => {
    expect(running(udaf('COUNT', [T.STRING]), ['a', null, 'b'])).toEqual([1, 1, 2]);
    expect(running(udaf('COUNT', [T.array(T.INTEGER)]), [[1], null])).toEqual([1, 1]);
  });

  it('counts back to zero as table rows go away', () => {
    const count = udaf('COUNT', [T.BIGINT]);
    let s = stateOf(count, [3, 3]);
    s = count.undo!(s, [3]);
    expect(count.result(s)).toBe(1);
    s = count.undo!(s, [3]);
    expect(count.result(s)).toBe(0);
    expect(count.result(count.undo!(stateOf(count, [null]), [null]))).toBe(0);
  });

  it('merges counts of session windows', () => {
    const count = udaf('COUNT', []);
    expect(count.result(count.merge(fold(count, [[], []]).state, fold(count, [[]]).state))).toBe(3);
  });
});

describe('COUNT_DISTINCT', () => {
  it('counts distinct non-null values exactly for small groups', () => {
    expect(running(udaf('COUNT_DISTINCT', [T.STRING]), ['one', 'two', 'one', 'two', null])).toEqual([1, 2, 2, 2, 2]);
    const ints = Array.from({ length: 20 }, (_, i) => i % 10);
    expect(running(udaf('COUNT_DISTINCT', [T.INTEGER]), ints).at(-1)).toBe(10);
    const decimals = ['1.10', '1.10', '2.20'].map((s) => new DecimalContext(s));
    expect(running(udaf('COUNT_DISTINCT', [T.decimal(3, 2)]), decimals).at(-1)).toBe(2);
  });

  it('estimates large cardinalities within a few percent, in bounded state', () => {
    const cd = udaf('COUNT_DISTINCT', [T.BIGINT]);
    let s = cd.init();
    for (let i = 0; i < 20000; i++) s = cd.add(s, [i * 7919]);
    const estimate = cd.result(s) as number;
    expect(Math.abs(estimate - 20000) / 20000).toBeLessThan(0.1);
    expect((s as Buffer).length).toBe(1024);
  });

  it('merges sketches into the sketch of the union', () => {
    const cd = udaf('COUNT_DISTINCT', [T.STRING]);
    const values = Array.from({ length: 3000 }, (_, i) => `v${i}`);
    const whole = stateOf(cd, values);
    const merged = cd.merge(stateOf(cd, values.slice(0, 2000)), stateOf(cd, values.slice(1000)));
    expect(cd.result(merged)).toBe(cd.result(whole));
  });

  it('hashes doubles, bytes and structs without mixing distinct values up', () => {
    expect(running(udaf('COUNT_DISTINCT', [T.DOUBLE]), [0.5, 0.25, 0.5]).at(-1)).toBe(2);
    expect(running(udaf('COUNT_DISTINCT', [T.BYTES]), [Buffer.from('a'), Buffer.from('b'), Buffer.from('a')]).at(-1)).toBe(2);
    const st = T.struct([{ name: 'A', type: T.INTEGER }]);
    expect(running(udaf('COUNT_DISTINCT', [st]), [{ A: 1 }, { A: 2 }, { A: 1 }]).at(-1)).toBe(2);
  });
});
