import { describe, expect, it } from 'vitest';
import {
  decimalDiv,
  decimalMod,
  decimalToInt,
  decimalToLong,
  doubleToDecimal,
  fitDecimal,
  literalDecimalType,
} from '../../../src/functions/values/decimal-math.js';
import { DecimalContext } from '../../../src/types/values.js';

const d = (s: string) => new DecimalContext(s);

describe('DECIMAL maths', () => {
  it('rounds HALF_UP (away from zero on ties) to the scale', () => {
    expect(fitDecimal(d('1.25'), 3, 1).toFixed(1)).toBe('1.3');
    expect(fitDecimal(d('-1.25'), 3, 1).toFixed(1)).toBe('-1.3');
    expect(decimalDiv(d('2'), d('3'), 6).toFixed(6)).toBe('0.666667');
  });

  it('rejects values with more integer digits than the precision allows', () => {
    expect(() => fitDecimal(d('10'), 2, 1)).toThrow('Numeric field overflow');
    expect(() => fitDecimal(d('9.96'), 2, 1)).toThrow('Numeric field overflow');
    expect(fitDecimal(d('9.94'), 2, 1).toFixed(1)).toBe('9.9');
    expect(fitDecimal(d('-0.001'), 1, 1).toFixed(1)).toBe('0.0');
  });

  it('keeps the sign of the dividend for remainders and fails on zero divisors', () => {
    expect(decimalMod(d('-10.1'), d('2'), 1).toFixed(1)).toBe('-0.1');
    expect(() => decimalDiv(d('1'), d('0'), 2)).toThrow('Division by zero');
  });

  it('converts to integers by truncation with Java wrap-around', () => {
    expect(decimalToInt(d('-10.99'))).toBe(-10);
    expect(decimalToInt(d('2147483648.5'))).toBe(-2147483648);
    expect(decimalToLong(d('9223372036854775808'))).toBe(-9223372036854775808n);
  });

  it('converts doubles through their shortest text, like BigDecimal.valueOf', () => {
    expect(doubleToDecimal(0.1).toString()).toBe('0.1');
    expect(doubleToDecimal(1e-7).toFixed()).toBe('0.0000001');
    expect(() => doubleToDecimal(NaN)).toThrow();
  });

  it('derives the type of a decimal literal', () => {
    expect(literalDecimalType('10.01')).toEqual({ precision: 4, scale: 2 });
    expect(literalDecimalType('0.05')).toEqual({ precision: 2, scale: 2 });
    expect(literalDecimalType('5.0')).toEqual({ precision: 2, scale: 1 });
    expect(literalDecimalType('-123.4')).toEqual({ precision: 4, scale: 1 });
  });
});

describe('decimal division rounding', () => {
  it('rounds to the precision first, then to the scale, as MathContext then setScale do', () => {
    // 0.0000449996: 5 significant digits give 0.000045000, which then rounds up to 0.00005.
    expect(decimalDiv(d('449996'), d('10000000000'), 5, 5).toFixed(5)).toBe('0.00005');
    expect(decimalDiv(d('449996'), d('10000000000'), 5).toFixed(5)).toBe('0.00004');
  });
});
