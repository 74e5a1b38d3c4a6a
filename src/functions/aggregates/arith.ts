// The arithmetic of SUM, AVG and the variance aggregates per input type, as ksqlDB's Java does
// it: INT sums wrap at 32 bits, BIGINT sums at 64 bits, DECIMAL sums must fit their precision.

import { DecimalContext, type DecimalValue } from '../../types/values.js';
import { fitDecimal } from '../values/decimal-math.js';
import { type Long, longAdd, longMul, longSub } from '../values/long-math.js';

export interface Arith<N> {
  readonly zero: N;
  add(a: N, b: N): N;
  sub(a: N, b: N): N;
  toDouble(a: N): number;
  /** x * n - y as a double; for INT and BIGINT computed in Java long arithmetic first. */
  timesMinus(x: N, n: number, y: N): number;
}

export const INT_ARITH: Arith<number> = {
  zero: 0,
  add: (a, b) => (a + b) | 0,
  sub: (a, b) => (a - b) | 0,
  toDouble: (a) => a,
  timesMinus: (x, n, y) => Number(longSub(longMul(x, n), y)),
};

export const LONG_ARITH: Arith<Long> = {
  zero: 0,
  add: longAdd,
  sub: longSub,
  toDouble: (a) => Number(a),
  timesMinus: (x, n, y) => Number(longSub(longMul(x, n), y)),
};

export const DOUBLE_ARITH: Arith<number> = {
  zero: 0,
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  toDouble: (a) => a,
  timesMinus: (x, n, y) => x * n - y,
};

/** DECIMAL(precision, scale) sums: exact, failing with "Numeric field overflow" past the precision. */
export function decimalArith(precision: number, scale: number): Arith<DecimalValue> {
  return {
    zero: new DecimalContext(0),
    add: (a, b) => fitDecimal(a.plus(b), precision, scale),
    sub: (a, b) => fitDecimal(a.minus(b), precision, scale),
    toDouble: (a) => a.toNumber(),
    timesMinus: (x, n, y) => x.times(n).minus(y).toNumber(),
  };
}
