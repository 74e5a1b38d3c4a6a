import { describe, expect, it } from 'vitest';
import * as T from '../../../src/types/sql-type.js';
import { DecimalContext, type DecimalValue } from '../../../src/types/values.js';
import { run, typeOf } from '../../expr/helpers.js';

const d = (v: unknown) => [{ name: 'V', type: T.DOUBLE, value: v }];
const decCol = (s: string, p = 33, sc = 16) => [{ name: 'V', type: T.decimal(p, sc), value: new DecimalContext(s).toDecimalPlaces(sc) }];
const text = (v: unknown, scale: number) => (v as DecimalValue).toFixed(scale);

describe('ROUND', () => {
  it('rounds doubles half up toward positive infinity, to a BIGINT without places', () => {
    expect(run('ROUND(V)', d(1.5))).toBe(2);
    expect(run('ROUND(V)', d(-1.5))).toBe(-1);
    expect(run('ROUND(V)', d(-1.7))).toBe(-2);
    expect(run('ROUND(V)', d(12345.678))).toBe(12346);
  });

  it('rounds doubles to decimal places, negative places rounding to tens and hundreds', () => {
    expect(run('ROUND(V, 2)', d(1.234567))).toBe(1.23);
    expect(run('ROUND(V, 2)', d(-12345.678))).toBe(-12345.68);
    expect(run('ROUND(V, 1)', d(-1.5))).toBe(-1.5);
    expect(run('ROUND(V, 0)', d(-1.5))).toBe(-1);
    expect(run('ROUND(V, -1)', d(12345.678))).toBe(12350);
    expect(run('ROUND(V, -2)', d(-12345.678))).toBe(-12300);
    expect(run('ROUND(V, 10)', d(1.2))).toBe(1.2);
  });

  it('rounds decimals, keeping the scale when places are given', () => {
    const v = decCol('12345678987654321.2345678987654321');
    expect(text(run('ROUND(V)', v), 0)).toBe('12345678987654321');
    expect(text(run('ROUND(V, 1)', v), 16)).toBe('12345678987654321.2000000000000000');
    expect(text(run('ROUND(V, 10)', v), 16)).toBe('12345678987654321.2345678988000000');
    expect(text(run('ROUND(V, -1)', v), 16)).toBe('12345678987654320.0000000000000000');
    expect(text(run('ROUND(V)', decCol('10.5', 4, 2)), 0)).toBe('11');
    expect(text(run('ROUND(V)', decCol('-10.5', 4, 2)), 0)).toBe('-10');
  });

  it('types ROUND of a DECIMAL(p, s) without places as DECIMAL(p - s, 0), as ksqlDB does', () => {
    expect(typeOf('ROUND(V)', decCol('1.5'))).toEqual(T.decimal(17, 0));
    expect(typeOf('ROUND(V, 1)', decCol('1.5'))).toEqual(T.decimal(33, 16));
    expect(typeOf('ROUND(V)', decCol('0.5', 2, 2))).toEqual(T.decimal(1, 0));
  });
});

describe('TRUNC, FLOOR, CEIL', () => {
  it('truncates toward zero', () => {
    expect(run('TRUNC(V)', d(-1.7))).toBe(-1);
    expect(run('TRUNC(V, 2)', d(12345.678))).toBe(12345.67);
    expect(run('TRUNC(V, -1)', d(-12345.678))).toBe(-12340);
    expect(text(run('TRUNC(V, 1)', decCol('-12345.678', 12, 7)), 7)).toBe('-12345.6000000');
    expect(run('TRUNC(2147483648)')).toBe(2147483648);
  });

  it('floors and ceils doubles and decimals', () => {
    expect(run('FLOOR(V)', d(-1.1))).toBe(-2);
    expect(run('CEIL(V)', d(1.1))).toBe(2);
    expect(text(run('FLOOR(V)', decCol('-1.5', 2, 1)), 1)).toBe('-2.0');
    expect(text(run('CEIL(V)', decCol('1.1', 2, 1)), 1)).toBe('2.0');
    expect(run('CEIL(5)')).toBe(5);
  });
});

describe('ABS and SIGN', () => {
  it('keeps the argument type, and wraps the smallest INTEGER like Java', () => {
    expect(run('ABS(-3)')).toBe(3);
    expect(run('ABS(CAST(-2147483648 AS INT))')).toBe(-2147483648);
    expect(run('ABS(-9223372036854775807)')).toBe(9223372036854775807n);
    expect(text(run('ABS(V)', decCol('-3.2', 2, 1)), 1)).toBe('3.2');
  });

  it('returns -1, 0 or 1 as an INTEGER', () => {
    expect(run('SIGN(V)', d(-3))).toBe(-1);
    expect(run('SIGN(V)', d(0))).toBe(0);
    expect(run('SIGN(CAST(5 AS BIGINT))')).toBe(1);
    expect(run('SIGN(V)', decCol('-0.5', 2, 1))).toBe(-1);
  });
});

describe('transcendental functions', () => {
  it('matches Java Math results, NaN and infinities included', () => {
    expect(run('EXP(1)')).toBe(2.718281828459045);
    expect(run('LN(-1)')).toBeNaN();
    expect(run('LN(0)')).toBe(-Infinity);
    // The JVM's Math.log is correctly rounded where V8's is one unit in the last place off.
    expect(run('LN(3)')).toBe(1.0986122886681098);
    expect(run('LOG(13)')).toBe(2.5649493574615367);
    expect(run('SQRT(2)')).toBe(1.4142135623730951);
    expect(run('CBRT(-8)')).toBe(-2);
    expect(run('POWER(15, -1)')).toBe(0.06666666666666667);
    expect(run('COT(0)')).toBe(Infinity);
    expect(run('ROUND(ATAN2(-2, -3), 13)')).toBe(-2.5535900500422);
    expect(run('ROUND(DEGREES(2), 12)')).toBe(114.591559026165);
    expect(run('ROUND(RADIANS(114), 13)')).toBe(1.9896753472735);
    expect(run('PI()')).toBe(Math.PI);
  });

  it('takes logarithms in a base, NaN for a base of 1 or less than or equal to 0', () => {
    expect(run('LOG(15, 13)')).toBe(0.9471572411831843);
    expect(run('LOG(15, 0)')).toBe(-Infinity);
    expect(run('LOG(1, 13)')).toBeNaN();
    expect(run('LOG(0, 13)')).toBeNaN();
    expect(run('LOG(-15, 13)')).toBeNaN();
  });

  it('returns null for null input', () => {
    expect(run('SQRT(V)', d(null))).toBeNull();
    expect(run('ATAN2(V, 1)', d(null))).toBeNull();
  });
});

describe('RANDOM, GREATEST, LEAST, GEO_DISTANCE', () => {
  it('returns a double in [0, 1)', () => {
    const r = run('RANDOM()') as number;
    expect(r).toBeGreaterThanOrEqual(0);
    expect(r).toBeLessThan(1);
  });

  it('picks the greatest and least value, ignoring nulls and widening numbers', () => {
    expect(run('GREATEST(1, 5, 3)')).toBe(5);
    expect(run('LEAST(1, V, -3)', d(-7.5))).toBe(-7.5);
    expect(run("GREATEST('a', 'c', 'b')")).toBe('c');
    expect(run('GREATEST(V, 2)', d(null))).toBe(2);
    expect(text(run('GREATEST(1, 2.5)'), 1)).toBe('2.5');
  });

  it('computes great-circle distances in km or miles', () => {
    expect(run('GEO_DISTANCE(37.4439, -122.1663, 51.5257, -0.1122)')).toBe(8634.659796579544);
    expect(run("GEO_DISTANCE(37.4439, -122.1663, 51.5257, -0.1122, 'MI')")).toBe(5365.659729188262);
    expect(run("GEO_DISTANCE(-33.9323, 18.4197, -33.8666, 151.1, 'KM')")).toBe(11005.23304055582);
    expect(run('GEO_DISTANCE(39.18660374, -76.73262144, 39.18660374, -76.73222145)')).toBe(0.03447366811448324);
    expect(run('GEO_DISTANCE(V, 0, 0, 0)', d(null))).toBeNull();
  });
});
