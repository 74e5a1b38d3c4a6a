// Mathematical functions (ABS ... TRUNC, GEO_DISTANCE, GREATEST/LEAST) with the results and
// return types of ksqlDB's Java implementations (Math.round, BigDecimal.setScale, ...).

import * as T from '../../types/sql-type.js';
import { type Decimal, DecimalContext, type DecimalValue } from '../../types/values.js';
import { sig, sigWith } from '../signature.js';
import type { ScalarFunction } from '../types.js';
import { compareValues } from '../values/compare.js';
import { doubleToDecimal } from '../values/decimal-math.js';
import { javaLog } from '../values/java-log.js';
import { doubleToLong, type Long, longAbs } from '../values/long-math.js';
import { argType, fail, scalar } from './define.js';

type Rounding = Decimal.Rounding;

/** BigDecimal.setScale(scale, mode), negative scales included. */
function setScale(v: DecimalValue, scale: number, mode: Rounding): DecimalValue {
  if (scale >= 0) return v.toDecimalPlaces(scale, mode);
  const f = new DecimalContext(10).pow(-scale);
  return v.div(f).toDecimalPlaces(0, mode).times(f);
}

/** ksqlDB rounds half away from zero for positives and half toward zero for negatives (Math.round). */
function roundMode(v: DecimalValue): Rounding {
  return v.isNegative() ? DecimalContext.ROUND_HALF_DOWN : DecimalContext.ROUND_HALF_UP;
}

function roundDouble(v: number, places: number): number {
  const d = doubleToDecimal(v);
  return setScale(d, places, roundMode(d)).toNumber();
}

function truncDouble(v: number, places: number): number {
  return setScale(doubleToDecimal(v), places, DecimalContext.ROUND_DOWN).toNumber();
}

function unary(name: string, description: string, f: (x: number) => number): ScalarFunction {
  return scalar(name, 'MATHEMATICAL', description, [sig('value DOUBLE', 'DOUBLE', (x: number) => f(x))]);
}

const EARTH_RADIUS = { KM: 6371.0, MI: 3959.0 };

function geoDistance(lat1: number, lon1: number, lat2: number, lon2: number, unit: string | null = null): number | null {
  if (lat1 === null || lon1 === null || lat2 === null || lon2 === null) return null;
  const u = (unit ?? 'KM').toUpperCase().trim();
  const radius = u === 'KM' || u === 'KILOMETER' || u === 'KILOMETERS' || u === 'KILOMETRE' || u === 'KILOMETRES' ? EARTH_RADIUS.KM
    : u === 'MI' || u === 'MILE' || u === 'MILES' ? EARTH_RADIUS.MI : fail(`GeoDistance function units parameter must be one of 'MI', 'KM'. Got: ${unit}`);
  if (lat1 < -90 || lat1 > 90 || lat2 < -90 || lat2 > 90 || lon1 < -180 || lon1 > 180 || lon2 < -180 || lon2 > 180) {
    fail('valid latitude values for GeoDistance function are in the range of -90 to 90 decimal degrees, and longitude values are in the range of -180 to 180');
  }
  // Math.toRadians as ksqlDB's JVM computes it (deg / 180 * PI), so results match to the last bit.
  const rad = (deg: number): number => (deg / 180.0) * Math.PI;
  const dLat = rad(lat2 - lat1);
  const dLon = rad(lon2 - lon1);
  const a = Math.pow(Math.sin(dLat / 2), 2) + Math.pow(Math.sin(dLon / 2), 2) * Math.cos(rad(lat1)) * Math.cos(rad(lat2));
  return 2 * Math.asin(Math.sqrt(a)) * radius;
}

function extreme(direction: 1 | -1) {
  return sigWith('val T, ...vals T', 'T', (ctx) => {
    const type = ctx.returnType;
    return (...args: readonly unknown[]) => {
      let best: unknown = null;
      for (const a of args) {
        if (a === null) continue;
        if (best === null || compareValues(a, best, type) * direction > 0) best = a;
      }
      return best;
    };
  }, { nulls: 'pass' });
}

export function mathFunctions(): ScalarFunction[] {
  return [
    scalar('ABS', 'MATHEMATICAL', 'Returns the absolute value of its argument.', [
      sig('value INTEGER', 'INTEGER', (x: number) => Math.abs(x) | 0),
      sig('value BIGINT', 'BIGINT', (x: Long) => longAbs(x)),
      sig('value DOUBLE', 'DOUBLE', (x: number) => Math.abs(x)),
      sig('value DECIMAL', argType(0), (x: DecimalValue) => x.abs()),
    ]),
    scalar('CEIL', 'MATHEMATICAL', 'Returns the smallest integer value that is greater than or equal to its argument.', [
      sig('value INTEGER', 'INTEGER', (x: number) => x),
      sig('value BIGINT', 'BIGINT', (x: Long) => x),
      sig('value DOUBLE', 'DOUBLE', (x: number) => Math.ceil(x)),
      sig('value DECIMAL', argType(0), (x: DecimalValue) => x.toDecimalPlaces(0, DecimalContext.ROUND_CEIL)),
    ]),
    scalar('FLOOR', 'MATHEMATICAL', 'Returns the largest integer value that is less than or equal to its argument.', [
      sig('value INTEGER', 'INTEGER', (x: number) => x),
      sig('value BIGINT', 'BIGINT', (x: Long) => x),
      sig('value DOUBLE', 'DOUBLE', (x: number) => Math.floor(x)),
      sig('value DECIMAL', argType(0), (x: DecimalValue) => x.toDecimalPlaces(0, DecimalContext.ROUND_FLOOR)),
    ]),
    scalar('ROUND', 'MATHEMATICAL', 'Rounds a value to the given number of decimal places (0 by default), half up.', [
      sig('value BIGINT', 'BIGINT', (x: Long) => x),
      sig('value DOUBLE', 'BIGINT', (x: number) => doubleToLong(Math.round(x))),
      sig('value DOUBLE, decimalPlaces INTEGER', 'DOUBLE', (x: number, p: number) => roundDouble(x, p)),
      sig(
        'value DECIMAL',
        (ctx) => {
          const t = ctx.paramTypes[0]!;
          // ksqlDB's schema: the integer digits only (conformance: ROUND(DECIMAL(33, 16)) is DECIMAL(17, 0)).
          return t.kind === 'DECIMAL' ? T.decimal(Math.max(1, t.precision - t.scale), 0) : t;
        },
        (x: DecimalValue) => setScale(x, 0, roundMode(x)),
      ),
      sig('value DECIMAL, decimalPlaces INTEGER', argType(0), (x: DecimalValue, p: number) => setScale(x, p, roundMode(x))),
    ]),
    scalar('TRUNC', 'MATHEMATICAL', 'Truncates a value to the given number of decimal places (0 by default).', [
      sig('value INTEGER', 'INTEGER', (x: number) => x),
      sig('value BIGINT', 'BIGINT', (x: Long) => x),
      sig('value DOUBLE', 'BIGINT', (x: number) => doubleToLong(x)),
      sig('value DOUBLE, decimalPlaces INTEGER', 'DOUBLE', (x: number, p: number) => truncDouble(x, p)),
      sig(
        'value DECIMAL',
        (ctx) => {
          const t = ctx.paramTypes[0]!;
          return t.kind === 'DECIMAL' ? T.decimal(Math.max(1, t.precision - t.scale), 0) : t;
        },
        (x: DecimalValue) => x.toDecimalPlaces(0, DecimalContext.ROUND_DOWN),
      ),
      sig('value DECIMAL, decimalPlaces INTEGER', argType(0), (x: DecimalValue, p: number) => setScale(x, p, DecimalContext.ROUND_DOWN)),
    ]),
    scalar('SIGN', 'MATHEMATICAL', 'Returns -1, 0 or 1 for a negative, zero or positive value.', [
      sig('value INTEGER', 'INTEGER', (x: number) => Math.sign(x) + 0),
      sig('value BIGINT', 'INTEGER', (x: Long) => (x < 0 ? -1 : x > 0 ? 1 : 0)),
      sig('value DOUBLE', 'INTEGER', (x: number) => (Number.isNaN(x) ? 0 : Math.sign(x) + 0)),
      sig('value DECIMAL', 'INTEGER', (x: DecimalValue) => (x.isZero() ? 0 : x.isNegative() ? -1 : 1)),
    ]),
    unary('SQRT', 'Returns the square root of a value.', Math.sqrt),
    unary('CBRT', 'Returns the cube root of a value.', Math.cbrt),
    unary('EXP', 'Returns e raised to the power of a value.', Math.exp),
    unary('LN', 'Returns the natural logarithm of a value.', javaLog),
    scalar('LOG', 'MATHEMATICAL', 'Returns the natural logarithm of a value, or its logarithm in the given base.', [
      sig('value DOUBLE', 'DOUBLE', (x: number) => javaLog(x)),
      sig('base DOUBLE, value DOUBLE', 'DOUBLE', (b: number, x: number) => (b <= 0 || b === 1 ? NaN : javaLog(x) / javaLog(b))),
    ]),
    scalar('POWER', 'MATHEMATICAL', 'Returns base raised to the power of exponent.', [
      sig('base DOUBLE, exponent DOUBLE', 'DOUBLE', (b: number, e: number) => Math.pow(b, e)),
    ]),
    unary('SIN', 'Returns the sine of an angle in radians.', Math.sin),
    unary('COS', 'Returns the cosine of an angle in radians.', Math.cos),
    unary('TAN', 'Returns the tangent of an angle in radians.', Math.tan),
    unary('COT', 'Returns the cotangent of an angle in radians.', (x) => 1 / Math.tan(x)),
    unary('ASIN', 'Returns the arc sine of a value, in radians.', Math.asin),
    unary('ACOS', 'Returns the arc cosine of a value, in radians.', Math.acos),
    unary('ATAN', 'Returns the arc tangent of a value, in radians.', Math.atan),
    scalar('ATAN2', 'MATHEMATICAL', 'Returns the angle in radians of the point (x, y).', [
      sig('y DOUBLE, x DOUBLE', 'DOUBLE', (y: number, x: number) => Math.atan2(y, x)),
    ]),
    unary('SINH', 'Returns the hyperbolic sine of a value.', Math.sinh),
    unary('COSH', 'Returns the hyperbolic cosine of a value.', Math.cosh),
    unary('TANH', 'Returns the hyperbolic tangent of a value.', Math.tanh),
    unary('DEGREES', 'Converts an angle in radians to degrees.', (x) => (x * 180.0) / Math.PI),
    unary('RADIANS', 'Converts an angle in degrees to radians.', (x) => (x / 180) * Math.PI),
    scalar('PI', 'MATHEMATICAL', 'Returns the value of pi.', [sig('', 'DOUBLE', () => Math.PI)]),
    scalar('RANDOM', 'MATHEMATICAL', 'Returns a random DOUBLE in [0.0, 1.0).', [
      sig('', 'DOUBLE', () => Math.random(), { deterministic: false }),
    ]),
    scalar('GEO_DISTANCE', 'MATHEMATICAL', 'The great-circle distance between two lat/long points, in KM (default) or MI.', [
      sig('lat1 DOUBLE, lon1 DOUBLE, lat2 DOUBLE, lon2 DOUBLE', 'DOUBLE', geoDistance),
      sig('lat1 DOUBLE, lon1 DOUBLE, lat2 DOUBLE, lon2 DOUBLE, units STRING', 'DOUBLE', geoDistance, { nulls: 'pass' }),
    ]),
    scalar('GREATEST', 'MATHEMATICAL', 'Returns the greatest of its arguments, ignoring nulls.', [extreme(1)]),
    scalar('LEAST', 'MATHEMATICAL', 'Returns the smallest of its arguments, ignoring nulls.', [extreme(-1)]),
  ];
}
