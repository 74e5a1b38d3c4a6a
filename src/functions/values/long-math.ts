// BIGINT arithmetic with Java long semantics: exact 64-bit results that wrap on overflow.
// Values stay plain numbers while they are safe integers; bigint is used only past 2^53.

import { normalizeLong } from '../../types/values.js';
import { EvaluationError } from './errors.js';

export type Long = number | bigint;

const TWO_63 = 9223372036854775808;

export function longAdd(a: Long, b: Long): Long {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a + b;
    if (Number.isSafeInteger(r)) return r;
  }
  return normalizeLong(BigInt(a) + BigInt(b));
}

export function longSub(a: Long, b: Long): Long {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a - b;
    if (Number.isSafeInteger(r)) return r;
  }
  return normalizeLong(BigInt(a) - BigInt(b));
}

export function longMul(a: Long, b: Long): Long {
  if (typeof a === 'number' && typeof b === 'number') {
    const r = a * b;
    // A product whose true value is a safe integer is computed exactly by IEEE multiplication.
    if (Number.isSafeInteger(r)) return r + 0;
  }
  return normalizeLong(BigInt(a) * BigInt(b));
}

export function longDiv(a: Long, b: Long): Long {
  if (b === 0 || b === 0n) throw new EvaluationError('/ by zero');
  if (typeof a === 'number' && typeof b === 'number') {
    // (a - a % b) is an exact multiple of b, so the division below is exact.
    return (a - (a % b)) / b + 0;
  }
  return normalizeLong(BigInt(a) / BigInt(b));
}

export function longMod(a: Long, b: Long): Long {
  if (b === 0 || b === 0n) throw new EvaluationError('/ by zero');
  if (typeof a === 'number' && typeof b === 'number') return (a % b) + 0;
  return normalizeLong(BigInt(a) % BigInt(b));
}

export function longNeg(a: Long): Long {
  if (typeof a === 'number') return -a + 0;
  return normalizeLong(-a);
}

export function longAbs(a: Long): Long {
  if (typeof a === 'number') return Math.abs(a);
  return normalizeLong(a < 0n ? -a : a);
}

/** Java `(long) d`: truncation toward zero, saturating at the long range, NaN -> 0. */
export function doubleToLong(d: number): Long {
  if (Number.isNaN(d)) return 0;
  if (d >= TWO_63) return normalizeLong(2n ** 63n - 1n);
  if (d <= -TWO_63) return normalizeLong(-(2n ** 63n));
  const t = Math.trunc(d) + 0;
  if (Number.isSafeInteger(t)) return t;
  return normalizeLong(BigInt(t));
}

/** Java `(int) d`: truncation toward zero, saturating at the int range, NaN -> 0. */
export function doubleToInt(d: number): number {
  if (Number.isNaN(d)) return 0;
  if (d >= 2147483647) return 2147483647;
  if (d <= -2147483648) return -2147483648;
  return Math.trunc(d) | 0;
}

/** Java `(int) l`: keeps the low 32 bits. */
export function longToInt(l: Long): number {
  if (typeof l === 'number') return l | 0;
  return Number(BigInt.asIntN(32, l));
}

export function longToDouble(l: Long): number {
  return typeof l === 'number' ? l : Number(l);
}

/** Java Long.compare. */
export function longCompare(a: Long, b: Long): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
