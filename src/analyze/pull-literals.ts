// Literal values as pull queries use them: the value a numeric or string literal denotes, and
// its conversion to a column's type that SQL can compare exactly (or the verdict that no stored
// value can equal it). A cached pull plan reads its key literals again with these functions.

import { DecimalContext, isDecimal, normalizeLong } from '../types/values.js';
import type { DecimalValue } from '../types/values.js';
import type { SqlType } from '../types/sql-type.js';
import type { Expression } from '../sql/ast.js';

/** I: INTEGER, L: BIGINT, D: DECIMAL, E: DOUBLE (exponent), S: STRING. */
export type LiteralKind = 'I' | 'L' | 'D' | 'E' | 'S';

/** A value no row of the column can hold (an INTEGER key compared with 10.5): matches nothing. */
export const NO_MATCH: unique symbol = Symbol('no match');

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;
const LONG_MIN = -(2n ** 63n);
const LONG_MAX = 2n ** 63n - 1n;

export function literalKindOf(e: Expression): LiteralKind | undefined {
  if (e.kind === 'StringLiteral') return 'S';
  if (e.kind !== 'NumericLiteral') return undefined;
  switch (e.type) {
    case 'INTEGER':
      return 'I';
    case 'BIGINT':
      return 'L';
    case 'DECIMAL':
      return 'D';
    case 'DOUBLE':
      return 'E';
  }
}

/** The kind the parser gives a numeric literal's text (digits, point, exponent), or undefined. */
export function numericKind(text: string): LiteralKind | undefined {
  if (/[eE]/.test(text)) return 'E';
  if (text.includes('.')) return 'D';
  if (!/^\d+$/.test(text)) return undefined;
  if (text.length < 10) return 'I';
  const n = BigInt(text);
  if (n <= BigInt(INT_MAX)) return 'I';
  return n <= LONG_MAX ? 'L' : undefined;
}

/** The engine value of a literal (for S, `text` is the unescaped string). */
export function literalValue(kind: LiteralKind, text: string): unknown {
  switch (kind) {
    case 'I':
    case 'E':
      return Number(text);
    case 'L':
      return normalizeLong(BigInt(text));
    case 'D':
      return new DecimalContext(text);
    case 'S':
      return text;
  }
}

export function literalType(kind: LiteralKind, text: string): SqlType {
  switch (kind) {
    case 'I':
      return { kind: 'INTEGER' };
    case 'L':
      return { kind: 'BIGINT' };
    case 'E':
      return { kind: 'DOUBLE' };
    case 'S':
      return { kind: 'STRING' };
    case 'D': {
      const digits = text.replace(/^[-+]/, '');
      const point = digits.indexOf('.');
      const scale = point < 0 ? 0 : digits.length - point - 1;
      const precision = Math.max(scale, digits.replace('.', '').replace(/^0+/, '').length, 1);
      return { kind: 'DECIMAL', precision, scale };
    }
  }
}

function integral(v: unknown, from: SqlType): bigint | undefined {
  if (from.kind === 'INTEGER') return BigInt(v as number);
  if (from.kind === 'BIGINT') return BigInt(v as number | bigint);
  if (from.kind === 'DOUBLE') {
    const n = v as number;
    return Number.isInteger(n) ? BigInt(n) : undefined;
  }
  const d = v as DecimalValue;
  return d.isInteger() ? BigInt(d.toFixed(0)) : undefined;
}

const NUMERIC = new Set(['INTEGER', 'BIGINT', 'DOUBLE', 'DECIMAL']);

/**
 * `v` (of type `from`) as a value of type `to` that compares equal exactly when `v` does;
 * NO_MATCH when no value of `to` equals it; undefined when the types do not convert.
 */
export function toColumnValue(v: unknown, from: SqlType, to: SqlType): unknown {
  if (NUMERIC.has(from.kind) && NUMERIC.has(to.kind)) {
    switch (to.kind) {
      case 'INTEGER': {
        const i = integral(v, from);
        return i === undefined || i < BigInt(INT_MIN) || i > BigInt(INT_MAX) ? NO_MATCH : Number(i);
      }
      case 'BIGINT': {
        const i = integral(v, from);
        return i === undefined || i < LONG_MIN || i > LONG_MAX ? NO_MATCH : normalizeLong(i);
      }
      case 'DOUBLE':
        return isDecimal(v) ? v.toNumber() : Number(v as number | bigint);
      default:
        return isDecimal(v) ? v : new DecimalContext(String(v as number | bigint));
    }
  }
  return from.kind === to.kind ? v : undefined;
}

/**
 * A key literal's value in the key column's type: NO_MATCH when no key can equal it, undefined
 * when the types do not convert. Plans and the statement cache both read key literals so.
 */
export function literalKeyValue(kind: LiteralKind, text: string, keyType: SqlType): unknown {
  return toColumnValue(literalValue(kind, text), literalType(kind, text), keyType);
}
