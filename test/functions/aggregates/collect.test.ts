import { describe, expect, it } from 'vitest';
import * as T from '../../../src/types/sql-type.js';
import { DecimalContext } from '../../../src/types/values.js';
import { running, stateOf, udaf } from './helpers.js';

describe('COLLECT_LIST', () => {
  it('collects every value in arrival order, nulls included', () => {
    const list = udaf('COLLECT_LIST', [T.STRING]);
    expect(list.returnType).toEqual(T.array(T.STRING));
    expect(running(list, ['baz', 'baz', 'foo', null])).toEqual([['baz'], ['baz', 'baz'], ['baz', 'baz', 'foo'], ['baz', 'baz', 'foo', null]]);
  });

  it('collects structured values whole', () => {
    const t = T.map(T.STRING, T.BIGINT);
    const m1 = new Map([['Record0', 1]]);
    const m2 = new Map([['Record1', 100]]);
    expect(running(udaf('COLLECT_LIST', [t]), [m1, m2]).at(-1)).toEqual([m1, m2]);
  });

  it('returns a fresh array each time, so earlier results do not change', () => {
    const list = udaf('COLLECT_LIST', [T.INTEGER]);
    const results = running(list, [1, 2]);
    expect(results).toEqual([[1], [1, 2]]);
  });

  it('stops at ksql.functions.collect_list.limit (1000 by default; negative means none)', () => {
    const limited = udaf('COLLECT_LIST', [T.INTEGER], [], { config: { 'ksql.functions.collect_list.limit': 1 } });
    expect(running(limited, [0, 100])).toEqual([[0], [0]]);
    const asText = udaf('COLLECT_LIST', [T.INTEGER], [], { config: { 'ksql.functions.collect_list.limit': '2' } });
    expect(running(asText, [1, 2, 3]).at(-1)).toEqual([1, 2]);
    const values = Array.from({ length: 1001 }, (_, i) => i);
    expect((udaf('COLLECT_LIST', [T.INTEGER]).result(stateOf(udaf('COLLECT_LIST', [T.INTEGER]), values)) as unknown[]).length).toBe(1000);
    const unlimited = udaf('COLLECT_LIST', [T.INTEGER], [], { config: { 'ksql.functions.collect_list.limit': -1 } });
    expect((unlimited.result(stateOf(unlimited, values)) as unknown[]).length).toBe(1001);
  });

  it('retracts the last equal value when a table row changes', () => {
    const list = udaf('COLLECT_LIST', [T.decimal(4, 1)]);
    const d = (s: string): InstanceType<typeof DecimalContext> => new DecimalContext(s);
    const s = list.undo!(stateOf(list, [d('1.0'), d('2.0'), d('1.0'), d('3.0')]), [d('1.0')]);
    expect((list.result(s) as InstanceType<typeof DecimalContext>[]).map((x) => x.toFixed(1))).toEqual(['1.0', '2.0', '3.0']);
    expect(list.result(list.undo!(stateOf(list, [d('1.0')]), [d('9.0')]))).toHaveLength(1);
  });

  it('merges windows up to the limit', () => {
    const list = udaf('COLLECT_LIST', [T.INTEGER], [], { config: { 'ksql.functions.collect_list.limit': 3 } });
    expect(list.result(list.merge(stateOf(list, [1, 2]), stateOf(list, [3, 4])))).toEqual([1, 2, 3]);
  });
});

describe('COLLECT_SET', () => {
  it('collects each distinct value once, in first-arrival order', () => {
    expect(running(udaf('COLLECT_SET', [T.STRING]), ['foo', 'bar', 'foo', null, null]).at(-1)).toEqual(['foo', 'bar', null]);
  });

  it('treats equal decimals, byte strings and structs as one value', () => {
    const d = running(udaf('COLLECT_SET', [T.decimal(3, 1)]), [new DecimalContext('1.5'), new DecimalContext('1.5')]).at(-1) as unknown[];
    expect(d).toHaveLength(1);
    const b = running(udaf('COLLECT_SET', [T.BYTES]), [Buffer.from('a'), Buffer.from('a'), Buffer.from('b')]).at(-1) as unknown[];
    expect(b).toHaveLength(2);
    const st = T.struct([{ name: 'A', type: T.INTEGER }]);
    expect(running(udaf('COLLECT_SET', [st]), [{ A: 1 }, { A: 1 }]).at(-1)).toEqual([{ A: 1 }]);
  });

  it('stops at ksql.functions.collect_set.limit and merges without repeats', () => {
    const set = udaf('COLLECT_SET', [T.INTEGER], [], { config: { 'ksql.functions.collect_set.limit': 3 } });
    expect(running(set, [1, 2, 2, 3, 4]).at(-1)).toEqual([1, 2, 3]);
    expect(set.result(set.merge(stateOf(set, [1, 2]), stateOf(set, [2, 5, 6])))).toEqual([1, 2, 5]);
  });
});

describe('HISTOGRAM', () => {
  it('counts each distinct string, ignoring nulls', () => {
    const h = udaf('HISTOGRAM', [T.STRING]);
    expect(h.returnType).toEqual(T.map(T.STRING, T.BIGINT));
    expect(running(h, ['baz', 'baz', null, 'foo'])).toEqual([
      new Map([['baz', 1]]),
      new Map([['baz', 2]]),
      new Map([['baz', 2]]),
      new Map([
        ['baz', 2],
        ['foo', 1],
      ]),
    ]);
  });

  it('drops a value from the map when its count falls to zero', () => {
    const h = udaf('HISTOGRAM', [T.STRING]);
    let s = stateOf(h, ['alice', 'bob']);
    s = h.undo!(s, ['bob']);
    expect(h.result(s)).toEqual(new Map([['alice', 1]]));
    s = h.undo!(h.add(s, ['alice']), ['alice']);
    expect(h.result(s)).toEqual(new Map([['alice', 1]]));
  });

  it('counts at most ksql.functions.histogram.limit distinct values, still counting those it has', () => {
    const h = udaf('HISTOGRAM', [T.STRING], [], { config: { 'ksql.functions.histogram.limit': 1 } });
    expect(running(h, ['a', 'b', 'a']).at(-1)).toEqual(new Map([['a', 2]]));
  });

  it('merges counts', () => {
    const h = udaf('HISTOGRAM', [T.STRING]);
    expect(h.result(h.merge(stateOf(h, ['a', 'b']), stateOf(h, ['b', 'c'])))).toEqual(
      new Map([
        ['a', 1],
        ['b', 2],
        ['c', 1],
      ]),
    );
  });
});
