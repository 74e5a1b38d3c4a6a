// How SQL values are held in memory, everywhere in the engine (rows are arrays of these).
//
//   NULL        -> null (never undefined)
//   BOOLEAN     -> boolean
//   INTEGER     -> number (a 32-bit integer)
//   BIGINT      -> number when it is a safe integer (|v| <= 2^53-1), otherwise bigint.
//                  Always normalized: a bigint is never used for a value that fits a safe number,
//                  so === compares two BIGINTs correctly. Use normalizeLong() after bigint maths.
//   DOUBLE      -> number
//   DECIMAL     -> Decimal (decimal.js), already rounded to the column's scale
//   STRING      -> string
//   BYTES       -> Buffer
//   DATE        -> number: days since 1970-01-01
//   TIME        -> number: milliseconds since midnight
//   TIMESTAMP   -> number: milliseconds since the epoch (UTC)
//   ARRAY       -> unknown[]
//   MAP         -> Map<unknown, unknown> (insertion-ordered)
//   STRUCT      -> Struct: a plain object whose own keys are the struct's field names, in the
//                  declared order, each present (null when unset)

import { Decimal } from 'decimal.js';

export { Decimal };

/** Java-compatible decimal context: enough precision for DECIMAL(38, s) maths, HALF_UP rounding. */
export const DecimalContext = Decimal.clone({ precision: 100, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -100, toExpPos: 100 });
export type DecimalValue = Decimal;

export type Struct = Record<string, unknown>;

export const LONG_MIN = -(2n ** 63n);
export const LONG_MAX = 2n ** 63n - 1n;

/** Wraps a bigint to signed 64 bits (Java long overflow) and returns the normalized BIGINT value. */
export function normalizeLong(v: bigint): number | bigint {
  const wrapped = BigInt.asIntN(64, v);
  if (wrapped >= -9007199254740991n && wrapped <= 9007199254740991n) return Number(wrapped);
  return wrapped;
}

export function isDecimal(v: unknown): v is DecimalValue {
  return v instanceof Decimal;
}
