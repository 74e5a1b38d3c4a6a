// The helpers generated expression code calls at run time: integer and BIGINT maths with Java
// overflow, DECIMAL maths, subscripts, LIKE, and the errors ksqlDB raises per record. They are
// passed once into each compiled function and bound to local constants there.

import { compareBytes, valuesEqual } from '../functions/values/compare.js';
import { decimalAdd, decimalDiv, decimalMod, decimalMul, decimalSub } from '../functions/values/decimal-math.js';
import { EvaluationError } from '../functions/values/errors.js';
import { longAdd, longDiv, longMod, longMul, longNeg, longSub } from '../functions/values/long-math.js';
import type { SqlType } from '../types/sql-type.js';
import type { DecimalValue } from '../types/values.js';

function nullArith(op: string): never {
  throw new EvaluationError(`Cannot apply '${op}' to a null value`);
}

function intDiv(a: number, b: number): number {
  if (b === 0) throw new EvaluationError('/ by zero');
  return (a / b) | 0;
}

function intMod(a: number, b: number): number {
  if (b === 0) throw new EvaluationError('/ by zero');
  return (a % b) | 0;
}

/** Java's ArrayAccess: 1-based, negative counts from the end, out of range is null. */
function arrayAt(a: readonly unknown[], i: number): unknown {
  const j = i >= 0 ? i - 1 : a.length + i;
  if (j < 0 || j >= a.length) return null;
  return a[j] ?? null;
}

function mapGet(m: Map<unknown, unknown>, k: unknown): unknown {
  const v = m.get(k);
  return v === undefined ? null : v;
}

/** Map lookup for keys compared by value (DECIMAL, BYTES, collections). */
function mapGetByValue(m: Map<unknown, unknown>, k: unknown, keyType: SqlType): unknown {
  for (const [mk, v] of m) if (valuesEqual(mk, k, keyType)) return v ?? null;
  return null;
}

/** ksqlDB's LikeEvaluator: % any run, _ any character, an optional escape, whole-string match. */
export function likeToRegex(pattern: string, escape: string | undefined): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (escape !== undefined && c === escape) {
      i++;
      if (i >= pattern.length) throw new EvaluationError(`LIKE pattern must not end with escape character '${escape}'`);
      re += pattern[i]!.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else if (c === '%') {
      re += '[\\s\\S]*';
    } else if (c === '_') {
      re += '[\\s\\S]';
    } else {
      re += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  return new RegExp(`^${re}$`);
}

let lastPattern: string | undefined;
let lastEscape: string | undefined;
let lastRegex: RegExp | undefined;

function likeMatch(value: string, pattern: string, escape: string | undefined): boolean {
  if (pattern !== lastPattern || escape !== lastEscape || lastRegex === undefined) {
    lastRegex = likeToRegex(pattern, escape);
    lastPattern = pattern;
    lastEscape = escape;
  }
  return lastRegex.test(value);
}

function decCmp(a: DecimalValue, b: DecimalValue): number {
  return a.cmp(b);
}

export const RUNTIME = {
  nullArith,
  intDiv,
  intMod,
  longAdd,
  longSub,
  longMul,
  longDiv,
  longMod,
  longNeg,
  decimalAdd,
  decimalSub,
  decimalMul,
  decimalDiv,
  decimalMod,
  decCmp,
  compareBytes,
  valuesEqual,
  arrayAt,
  mapGet,
  mapGetByValue,
  likeMatch,
};

export type Runtime = typeof RUNTIME;
