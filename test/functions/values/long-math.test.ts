import { describe, expect, it } from 'vitest';
import { doubleToInt, doubleToLong, longAdd, longDiv, longMod, longMul, longNeg, longSub, longToInt } from '../../../src/functions/values/long-math.js';

const MAX = 9223372036854775807n;
const MIN = -9223372036854775808n;

describe('BIGINT maths', () => {
  it('stays on plain numbers while results are safe integers', () => {
    expect(longAdd(1, 2)).toBe(3);
    expect(longMul(-3, 4)).toBe(-12);
    expect(longMul(0, -5)).toBe(0);
    expect(Object.is(longMul(0, -5), -0)).toBe(false);
  });

  it('switches to bigint past 2^53 and back once results fit again', () => {
    expect(longAdd(Number.MAX_SAFE_INTEGER, 1)).toBe(9007199254740992n);
    expect(longSub(9007199254740992n, 1)).toBe(Number.MAX_SAFE_INTEGER);
    expect(longMul(4294967296, 4294967296)).toBe(0);
    expect(longMul(4294967296, 2147483648)).toBe(-9223372036854775808n);
  });

  it('wraps on overflow like a Java long', () => {
    expect(longAdd(MAX, 1)).toBe(MIN);
    expect(longSub(MIN, 1)).toBe(MAX);
    expect(longNeg(MIN)).toBe(MIN);
    expect(longDiv(MIN, -1)).toBe(MIN);
    expect(longMul(MAX, 2)).toBe(-2);
  });

  it('truncates division toward zero and keeps the dividend sign for remainders', () => {
    expect(longDiv(-7, 2)).toBe(-3);
    expect(longDiv(Number.MAX_SAFE_INTEGER, 3)).toBe(3002399751580330);
    expect(longDiv(0, -5)).toBe(0);
    expect(Object.is(longDiv(0, -5), -0)).toBe(false);
    expect(longMod(-7, 2)).toBe(-1);
    expect(longMod(MAX, 10n)).toBe(7);
    expect(() => longDiv(1, 0)).toThrow('/ by zero');
    expect(() => longMod(1n << 60n, 0)).toThrow('/ by zero');
  });
});

describe('narrowing conversions', () => {
  it('converts doubles like Java casts: truncating, saturating, NaN to 0', () => {
    expect(doubleToLong(-1.9)).toBe(-1);
    expect(doubleToLong(1e30)).toBe(MAX);
    expect(doubleToLong(-1e30)).toBe(MIN);
    expect(doubleToLong(NaN)).toBe(0);
    expect(doubleToInt(3e9)).toBe(2147483647);
    expect(doubleToInt(-2.5)).toBe(-2);
  });

  it('keeps the low 32 bits of a long', () => {
    expect(longToInt(2147483648)).toBe(-2147483648);
    expect(longToInt(MAX)).toBe(-1);
  });
});
