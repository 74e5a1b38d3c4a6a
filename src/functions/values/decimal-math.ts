// DECIMAL(p, s) maths with java.math.BigDecimal semantics: HALF_UP rounding to the result scale
// and an error when a value needs more digits than its precision allows.

import { DecimalContext, type DecimalValue } from '../../types/values.js';
import { EvaluationError } from './errors.js';
import type { Long } from './long-math.js';
import { javaDoubleToString } from './java-string.js';

const HALF_UP = DecimalContext.ROUND_HALF_UP;

export function decimalOf(v: string | number | bigint): DecimalValue {
  return new DecimalContext(typeof v === 'bigint' ? v.toString() : v);
}

export function longToDecimal(v: Long): DecimalValue {
  return new DecimalContext(typeof v === 'bigint' ? v.toString() : v);
}

/** BigDecimal.valueOf(double): goes through Double.toString, so 0.1 stays 0.1. */
export function doubleToDecimal(d: number): DecimalValue {
  if (!Number.isFinite(d)) throw new EvaluationError(`Cannot convert ${javaDoubleToString(d)} to DECIMAL`);
  return new DecimalContext(javaDoubleToString(d));
}

/** Rounds HALF_UP to `scale` and checks the value fits DECIMAL(precision, scale). */
export function fitDecimal(v: DecimalValue, precision: number, scale: number): DecimalValue {
  const r = v.toDecimalPlaces(scale, HALF_UP);
  if (!r.isZero() && r.abs().e + 1 > precision - scale) {
    throw new EvaluationError(
      `Numeric field overflow: A field with precision ${precision} and scale ${scale} must round to an absolute value less than 10^${precision - scale}. Got ${r.toFixed(scale)}`,
    );
  }
  return r;
}

export function decimalAdd(a: DecimalValue, b: DecimalValue, scale: number): DecimalValue {
  return a.plus(b).toDecimalPlaces(scale, HALF_UP);
}

export function decimalSub(a: DecimalValue, b: DecimalValue, scale: number): DecimalValue {
  return a.minus(b).toDecimalPlaces(scale, HALF_UP);
}

export function decimalMul(a: DecimalValue, b: DecimalValue, scale: number): DecimalValue {
  return a.times(b).toDecimalPlaces(scale, HALF_UP);
}

/**
 * ksqlDB divides with MathContext(precision, HALF_UP), then sets the scale HALF_UP: two
 * roundings, reproduced here so results match to the last digit.
 */
export function decimalDiv(a: DecimalValue, b: DecimalValue, scale: number, precision?: number): DecimalValue {
  if (b.isZero()) throw new EvaluationError('Division by zero');
  const q = a.div(b);
  return (precision === undefined ? q : q.toSignificantDigits(precision, HALF_UP)).toDecimalPlaces(scale, HALF_UP);
}

/** BigDecimal.remainder: the sign follows the dividend. */
export function decimalMod(a: DecimalValue, b: DecimalValue, scale: number): DecimalValue {
  if (b.isZero()) throw new EvaluationError('Division by zero');
  const q = a.div(b).trunc();
  return a.minus(q.times(b)).toDecimalPlaces(scale, HALF_UP);
}

/** BigDecimal.intValue(): truncates the fraction, keeps the low 32 bits. */
export function decimalToInt(v: DecimalValue): number {
  return Number(BigInt.asIntN(32, BigInt(v.trunc().toFixed(0))));
}

/** BigDecimal.longValue(): truncates the fraction, keeps the low 64 bits. */
export function decimalToLong(v: DecimalValue): Long {
  const n = BigInt.asIntN(64, BigInt(v.trunc().toFixed(0)));
  return n >= -9007199254740991n && n <= 9007199254740991n ? Number(n) : n;
}

export function decimalToDouble(v: DecimalValue): number {
  return v.toNumber();
}

/** Digits of the integer part plus the scale: what DECIMAL precision a literal needs. */
export function literalDecimalType(text: string): { precision: number; scale: number } {
  const d = new DecimalContext(text);
  const dot = text.indexOf('.');
  const scale = dot < 0 ? 0 : text.length - dot - 1;
  const digits = d.isZero() ? 1 : Math.max(1, d.abs().toFixed(scale).replace('.', '').replace(/^0+/, '').length);
  return { precision: Math.max(digits, scale), scale };
}
