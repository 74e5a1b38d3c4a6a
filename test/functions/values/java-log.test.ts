import { Decimal } from 'decimal.js';
import { describe, expect, it } from 'vitest';
import { javaLog } from '../../../src/functions/values/java-log.js';

/** ln(x) to 50 digits, rounded once to a double: the correctly rounded result. */
const exact = Decimal.clone({ precision: 50 });
const reference = (x: number): number => new exact(x.toPrecision(60)).ln().toNumber();

describe('javaLog', () => {
  it('gives the correctly rounded natural logarithm, like the JVM', () => {
    expect(javaLog(3)).toBe(1.0986122886681098);
    expect(javaLog(2)).toBe(Math.LN2);
    expect(javaLog(10)).toBe(Math.LN10);
  });

  it('matches a 50-digit reference across the whole range, subnormals included', () => {
    const xs = [5e-324, 1e-310, 2.2250738585072014e-308, 1e-100, 0.1, 0.5, 0.7071067811865476, 1 - 1e-12, 1 + 1e-12, 1.4142135623730951, 1.5, 7, 123456.789, 1e100, 1.7976931348623157e308];
    // A fixed pseudo-random spread over many magnitudes.
    let seed = 12345;
    for (let i = 0; i < 500; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      xs.push((seed / 2147483648 + 0.01) * 10 ** ((i % 60) - 30));
    }
    expect(xs.filter((x) => javaLog(x) !== reference(x))).toEqual([]);
  });

  it('keeps Math.log for the special values', () => {
    expect(javaLog(0)).toBe(-Infinity);
    expect(javaLog(-1)).toBeNaN();
    expect(javaLog(NaN)).toBeNaN();
    expect(javaLog(Infinity)).toBe(Infinity);
    expect(javaLog(1)).toBe(0);
  });
});
