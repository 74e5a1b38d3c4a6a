import { describe, expect, it } from 'vitest';
import { castSupported, coerceStringLiteral, parseBooleanExact, parseJavaDouble, parseJavaInt } from '../../../src/functions/values/cast.js';
import * as T from '../../../src/types/sql-type.js';

describe('castSupported', () => {
  it("follows ksqlDB's cast table", () => {
    expect(castSupported(T.STRING, T.DATE)).toBe(true);
    expect(castSupported(T.BOOLEAN, T.INTEGER)).toBe(false);
    expect(castSupported(T.TIME, T.TIMESTAMP)).toBe(false);
    expect(castSupported(T.array(T.BIGINT), T.array(T.STRING))).toBe(true);
    expect(castSupported(T.STRING, T.BYTES)).toBe(false);
  });
});

describe('Java number parsing', () => {
  it('accepts what Integer.parseInt and Double.parseDouble accept', () => {
    expect(parseJavaInt('+42')).toBe(42);
    expect(() => parseJavaInt('2147483648')).toThrow();
    expect(parseJavaDouble(' 1.5d ')).toBe(1.5);
    expect(parseJavaDouble('-Infinity')).toBe(-Infinity);
    expect(() => parseJavaDouble('1,5')).toThrow();
  });
});

describe('string literal coercion', () => {
  it('parses literals as the type of the list they appear in', () => {
    expect(coerceStringLiteral('2e1', T.BIGINT)).toBe(20);
    expect(coerceStringLiteral('no', T.BOOLEAN)).toBe(false);
    expect(coerceStringLiteral('1.5', T.decimal(3, 2))!.toString()).toBe('1.5');
    expect(() => coerceStringLiteral('1.5', T.INTEGER)).toThrow('invalid input syntax for type INTEGER: "1.5".');
    expect(() => coerceStringLiteral('maybe', T.BOOLEAN)).toThrow('invalid input syntax for type BOOLEAN');
  });

  it('reads booleans from prefixes of true, yes, false and no', () => {
    expect(parseBooleanExact('T')).toBe(true);
    expect(parseBooleanExact('ye')).toBe(true);
    expect(parseBooleanExact('f')).toBe(false);
    expect(parseBooleanExact('')).toBeUndefined();
  });
});
