import { describe, expect, it } from 'vitest';
import { javaDecimalToString, javaDoubleToString, javaToString } from '../../../src/functions/values/java-string.js';
import * as T from '../../../src/types/sql-type.js';
import { DecimalContext } from '../../../src/types/values.js';

describe('javaDoubleToString', () => {
  it('prints like Double.toString', () => {
    expect(javaDoubleToString(1)).toBe('1.0');
    expect(javaDoubleToString(-0)).toBe('-0.0');
    expect(javaDoubleToString(0.001)).toBe('0.001');
    expect(javaDoubleToString(0.0001)).toBe('1.0E-4');
    expect(javaDoubleToString(1234567.5)).toBe('1234567.5');
    expect(javaDoubleToString(12345678)).toBe('1.2345678E7');
    expect(javaDoubleToString(1e21)).toBe('1.0E21');
    expect(javaDoubleToString(NaN)).toBe('NaN');
    expect(javaDoubleToString(-Infinity)).toBe('-Infinity');
  });
});

describe('javaDecimalToString', () => {
  it('prints like BigDecimal.toString, scientific only for tiny values', () => {
    expect(javaDecimalToString(new DecimalContext('10.5'), 2)).toBe('10.50');
    expect(javaDecimalToString(new DecimalContext('0'), 10)).toBe('0E-10');
    expect(javaDecimalToString(new DecimalContext('0.0000001'), 7)).toBe('1E-7');
  });
});

describe('javaToString', () => {
  it('prints nested collections like Java List, Map and Struct', () => {
    const t = T.map(T.STRING, T.array(T.DOUBLE));
    expect(javaToString(new Map([['a', [1, null]]]), t)).toBe('{a=[1.0, null]}');
    const s = T.struct([{ name: 'A', type: T.TIMESTAMP }, { name: 'B', type: T.DATE }]);
    expect(javaToString({ A: 1000, B: 1 }, s)).toBe('Struct{A=1970-01-01 00:00:01.0,B=1970-01-02}');
  });
});
