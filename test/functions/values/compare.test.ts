import { describe, expect, it } from 'vitest';
import { compareValues, valueKey, valuesEqual } from '../../../src/functions/values/compare.js';
import * as T from '../../../src/types/sql-type.js';
import { DecimalContext } from '../../../src/types/values.js';

describe('compareValues', () => {
  it('orders nulls first, numbers exactly across number and bigint, strings by UTF-16 units', () => {
    expect(compareValues(null, 1, T.INTEGER)).toBe(-1);
    expect(compareValues(9007199254740993n, 9007199254740991, T.BIGINT)).toBe(1);
    expect(compareValues('B', 'a', T.STRING)).toBe(-1);
    expect(compareValues(false, true, T.BOOLEAN)).toBe(-1);
  });

  it('orders doubles like Double.compare', () => {
    expect(compareValues(NaN, Infinity, T.DOUBLE)).toBe(1);
    expect(compareValues(-0, 0, T.DOUBLE)).toBe(-1);
  });

  it('orders decimals by value and collections element by element', () => {
    expect(compareValues(new DecimalContext('1.10'), new DecimalContext('1.1'), T.decimal(3, 2))).toBe(0);
    expect(compareValues([1, 2], [1, 3], T.array(T.INTEGER))).toBe(-1);
    expect(compareValues([1, 2], [1], T.array(T.INTEGER))).toBe(1);
  });
});

describe('valuesEqual and valueKey', () => {
  it('treat null as equal to null, as GROUP BY keys do', () => {
    expect(valuesEqual(null, null, T.STRING)).toBe(true);
    expect(valuesEqual(null, 'a', T.STRING)).toBe(false);
  });

  it('compare structs, maps and bytes by content', () => {
    const s = T.struct([{ name: 'A', type: T.array(T.BYTES) }]);
    expect(valuesEqual({ A: [Buffer.from('x')] }, { A: [Buffer.from('x')] }, s)).toBe(true);
    const m = T.map(T.STRING, T.decimal(2, 1));
    expect(valuesEqual(new Map([['a', new DecimalContext('1.0')]]), new Map([['a', new DecimalContext('1')]]), m)).toBe(true);
  });

  it('give equal values the same key', () => {
    const t = T.array(T.map(T.STRING, T.INTEGER));
    const k1 = valueKey([new Map([['a', 1], ['b', 2]])], t);
    const k2 = valueKey([new Map([['b', 2], ['a', 1]])], t);
    expect(k1).toBe(k2);
    expect(valueKey(['null'], T.array(T.STRING))).not.toBe(valueKey([null], T.array(T.STRING)));
  });
});
