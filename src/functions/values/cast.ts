// Conversions between SQL types: explicit CAST, the implicit widenings ksqlDB applies (INT ->
// BIGINT -> DECIMAL -> DOUBLE, struct field unions), and string literals coerced to a type.
// Each conversion is built once per call site and then applied per record.

import { formatType, typesEqual, type SqlType } from '../../types/sql-type.js';
import { type DecimalValue, normalizeLong } from '../../types/values.js';
import {
  decimalOf,
  decimalToDouble,
  decimalToInt,
  decimalToLong,
  doubleToDecimal,
  fitDecimal,
  longToDecimal,
} from './decimal-math.js';
import { EvaluationError } from './errors.js';
import { javaToString } from './java-string.js';
import { doubleToInt, doubleToLong, type Long, longToDouble, longToInt } from './long-math.js';
import { MS_PER_DAY, parseDate, parseTime, parseTimestamp } from './time-values.js';

export type Converter = (v: unknown) => unknown;

const INT_RE = /^[+-]?\d+$/;
const DOUBLE_RE = /^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fFdD]?)$/;
const DECIMAL_RE = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function numberFormat(text: string, target: string): EvaluationError {
  return new EvaluationError(`For input string: "${text}" (cannot be converted to ${target})`);
}

/** Java Integer.parseInt of the trimmed text. */
export function parseJavaInt(text: string): number {
  const t = javaTrim(text);
  if (!INT_RE.test(t)) throw numberFormat(text, 'INTEGER');
  const n = Number(t);
  if (n > 2147483647 || n < -2147483648) throw numberFormat(text, 'INTEGER');
  return n + 0;
}

/** Java Long.parseLong of the trimmed text. */
export function parseJavaLong(text: string): Long {
  const t = javaTrim(text);
  if (!INT_RE.test(t)) throw numberFormat(text, 'BIGINT');
  const n = BigInt(t);
  if (n > 9223372036854775807n || n < -9223372036854775808n) throw numberFormat(text, 'BIGINT');
  return normalizeLong(n);
}

/** Java Double.parseDouble (which ignores surrounding whitespace). */
export function parseJavaDouble(text: string): number {
  const t = javaTrim(text);
  if (!DOUBLE_RE.test(t)) throw numberFormat(text, 'DOUBLE');
  return Number(t.replace(/[fFdD]$/, ''));
}

/** new BigDecimal(text.trim()). */
export function parseJavaDecimal(text: string): DecimalValue {
  const t = javaTrim(text);
  if (!DECIMAL_RE.test(t)) throw numberFormat(text, 'DECIMAL');
  return decimalOf(t);
}

/** Java String.trim: strips characters <= U+0020 at both ends. */
export function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 32) start++;
  while (end > start && s.charCodeAt(end - 1) <= 32) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

const TRUE_WORDS = ['true', 'yes'];
const FALSE_WORDS = ['false', 'no'];

/** ksqlDB's SqlBooleans: a non-empty prefix of true/yes or false/no, any case; else undefined. */
export function parseBooleanExact(text: string): boolean | undefined {
  const t = javaTrim(text).toLowerCase();
  if (t.length === 0) return undefined;
  if (TRUE_WORDS.some((w) => w.startsWith(t))) return true;
  if (FALSE_WORDS.some((w) => w.startsWith(t))) return false;
  return undefined;
}

const NUMERIC_RANK: Partial<Record<SqlType['kind'], number>> = { INTEGER: 0, BIGINT: 1, DECIMAL: 2, DOUBLE: 3 };

export function isNumericKind(k: SqlType['kind']): boolean {
  return NUMERIC_RANK[k] !== undefined;
}

/** Whether explicit CAST(from AS to) is allowed (ksqlDB's CastEvaluator table). */
export function castSupported(from: SqlType, to: SqlType): boolean {
  if (typesEqual(from, to)) return true;
  if (to.kind === 'STRING') return true;
  if (isNumericKind(from.kind) && isNumericKind(to.kind)) return true;
  switch (from.kind) {
    case 'STRING':
      return (
        isNumericKind(to.kind) || to.kind === 'BOOLEAN' || to.kind === 'DATE' || to.kind === 'TIME' || to.kind === 'TIMESTAMP'
      );
    case 'DATE':
      return to.kind === 'TIMESTAMP';
    case 'TIMESTAMP':
      return to.kind === 'DATE' || to.kind === 'TIME';
    case 'ARRAY':
      return to.kind === 'ARRAY' && castSupported(from.item, to.item);
    case 'MAP':
      return to.kind === 'MAP' && castSupported(from.key, to.key) && castSupported(from.value, to.value);
    case 'STRUCT':
      return (
        to.kind === 'STRUCT' &&
        to.fields.every((tf) => {
          const ff = from.fields.find((f) => f.name === tf.name);
          return ff === undefined || castSupported(ff.type, tf.type);
        })
      );
    default:
      return false;
  }
}

/**
 * A converter for non-null values of `from` to `to`, or undefined when no work is needed.
 * Throws EvaluationError per value when the value cannot be converted (bad text, overflow).
 */
export function converter(from: SqlType, to: SqlType): Converter | undefined {
  if (typesEqual(from, to)) return undefined;
  switch (to.kind) {
    case 'STRING':
      if (from.kind === 'STRING') return undefined;
      return (v) => javaToString(v, from);
    case 'INTEGER':
      switch (from.kind) {
        case 'BIGINT':
          return (v) => longToInt(v as Long);
        case 'DOUBLE':
          return (v) => doubleToInt(v as number);
        case 'DECIMAL':
          return (v) => decimalToInt(v as DecimalValue);
        case 'STRING':
          return (v) => parseJavaInt(v as string);
        default:
          break;
      }
      break;
    case 'BIGINT':
      switch (from.kind) {
        case 'INTEGER':
          return undefined;
        case 'DOUBLE':
          return (v) => doubleToLong(v as number);
        case 'DECIMAL':
          return (v) => decimalToLong(v as DecimalValue);
        case 'STRING':
          return (v) => parseJavaLong(v as string);
        default:
          break;
      }
      break;
    case 'DOUBLE':
      switch (from.kind) {
        case 'INTEGER':
          return undefined;
        case 'BIGINT':
          return (v) => longToDouble(v as Long);
        case 'DECIMAL':
          return (v) => decimalToDouble(v as DecimalValue);
        case 'STRING':
          return (v) => parseJavaDouble(v as string);
        default:
          break;
      }
      break;
    case 'DECIMAL': {
      const { precision, scale } = to;
      switch (from.kind) {
        case 'INTEGER':
        case 'BIGINT':
          return (v) => fitDecimal(longToDecimal(v as Long), precision, scale);
        case 'DOUBLE':
          return (v) => fitDecimal(doubleToDecimal(v as number), precision, scale);
        case 'DECIMAL':
          // A wider decimal holds every value of the narrower one unchanged.
          if (scale >= from.scale && precision - scale >= from.precision - from.scale) return undefined;
          return (v) => fitDecimal(v as DecimalValue, precision, scale);
        case 'STRING':
          return (v) => fitDecimal(parseJavaDecimal(v as string), precision, scale);
        default:
          break;
      }
      break;
    }
    case 'BOOLEAN':
      if (from.kind === 'STRING') return (v) => parseBooleanExact(v as string) === true;
      break;
    case 'DATE':
      if (from.kind === 'STRING') return (v) => parseDate(v as string);
      if (from.kind === 'TIMESTAMP') return (v) => Math.floor((v as number) / MS_PER_DAY);
      break;
    case 'TIME':
      if (from.kind === 'STRING') return (v) => parseTime(v as string);
      if (from.kind === 'TIMESTAMP') return (v) => (((v as number) % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;
      break;
    case 'TIMESTAMP':
      if (from.kind === 'STRING') return (v) => parseTimestamp(v as string);
      if (from.kind === 'DATE') return (v) => (v as number) * MS_PER_DAY;
      break;
    case 'ARRAY':
      if (from.kind === 'ARRAY') {
        const item = converter(from.item, to.item);
        if (item === undefined) return undefined;
        return (v) => (v as unknown[]).map((x) => (x === null ? null : item(x)));
      }
      break;
    case 'MAP':
      if (from.kind === 'MAP') {
        const key = converter(from.key, to.key);
        const value = converter(from.value, to.value);
        if (key === undefined && value === undefined) return undefined;
        return (v) => {
          const out = new Map<unknown, unknown>();
          for (const [k, x] of v as Map<unknown, unknown>) {
            out.set(k === null || key === undefined ? k : key(k), x === null || value === undefined ? x : value(x));
          }
          return out;
        };
      }
      break;
    case 'STRUCT':
      if (from.kind === 'STRUCT') {
        const fields = to.fields.map((tf) => {
          const ff = from.fields.find((f) => f.name === tf.name);
          return { name: tf.name, present: ff !== undefined, conv: ff === undefined ? undefined : converter(ff.type, tf.type) };
        });
        return (v) => {
          const s = v as Record<string, unknown>;
          const out: Record<string, unknown> = {};
          for (const f of fields) {
            const x = f.present ? (s[f.name] ?? null) : null;
            out[f.name] = x === null || f.conv === undefined ? x : f.conv(x);
          }
          return out;
        };
      }
      break;
    default:
      break;
  }
  throw new EvaluationError(`Cast of ${formatType(from)} to ${formatType(to)} is not supported`);
}

/** Applies `converter(from, to)` to one value (null stays null). Convenient outside hot paths. */
export function convertValue(v: unknown, from: SqlType, to: SqlType): unknown {
  if (v === null || v === undefined) return null;
  const c = converter(from, to);
  return c === undefined ? v : c(v);
}

/**
 * A string literal written where another type is expected (ARRAY['1', 2], IN lists, map values):
 * ksqlDB parses it at analysis time and rejects it with "invalid input syntax for type ...".
 */
export function coerceStringLiteral(text: string, to: SqlType): unknown {
  const fail = (): never => {
    throw new EvaluationError(`invalid input syntax for type ${formatType(to)}: "${text}".`);
  };
  try {
    switch (to.kind) {
      case 'STRING':
        return text;
      case 'INTEGER': {
        const d = parseJavaDecimal(text);
        if (!d.isInteger() || d.gt(2147483647) || d.lt(-2147483648)) return fail();
        return d.toNumber() + 0;
      }
      case 'BIGINT': {
        const d = parseJavaDecimal(text);
        if (!d.isInteger() || d.gt('9223372036854775807') || d.lt('-9223372036854775808')) return fail();
        return normalizeLong(BigInt(d.toFixed(0)));
      }
      case 'DOUBLE':
        return parseJavaDouble(text);
      case 'DECIMAL':
        return fitDecimal(parseJavaDecimal(text), to.precision, to.scale);
      case 'BOOLEAN': {
        const b = parseBooleanExact(text);
        return b === undefined ? fail() : b;
      }
      case 'DATE':
        return parseDate(text);
      case 'TIME':
        return parseTime(text);
      case 'TIMESTAMP':
        return parseTimestamp(text);
      default:
        return fail();
    }
  } catch (e) {
    if (e instanceof EvaluationError && e.message.startsWith('invalid input syntax')) throw e;
    return fail();
  }
}
