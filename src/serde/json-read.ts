// JSON shapes -> SQL values, with the coercions of ksqlDB's JSON deserializer (numbers from
// strings, strings from anything, ints from decimals, exact-then-upper-case struct field lookup).
// Used by the JSON serde on parsed records and by fromJsonForm on test files and REST payloads.

import { javaHashMapOrder } from '../types/java-hash-order.js';
import { KsqlError } from '../errors.js';
import { formatType, type SqlType, type StructField } from '../types/sql-type.js';
import { DecimalContext, normalizeLong, type DecimalValue, type Struct } from '../types/values.js';
import { decodeBase64, isBigDecimalText, parseJavaDouble, parseJavaInt, parseJavaLong } from './java-text.js';
import { JsonNumber, mayHoldLongNumber, stringifyJson, type JsonValue } from './json-value.js';

/** Converts one non-null JSON value to the SQL value of a type; throws CoercionError. */
export type JsonReader = (json: unknown) => unknown;

/**
 * Thrown by readers when the value they got may have lost precision in JSON.parse (an integer
 * beyond 2^53, or a decimal from a record with long numbers); the JSON serde then re-parses the
 * record with parseJsonExact. Only while `lossySource` is set: other callers pass exact values.
 */
export const NEED_EXACT: unique symbol = Symbol('NEED_EXACT');

let lossySource: string | null = null;
let lossyHasLongNumber: boolean | undefined;

/** Marks the start (text) or end (null) of reading a record that JSON.parse produced from text. */
export function setLossySource(text: string | null): void {
  lossySource = text;
  lossyHasLongNumber = undefined;
}

/** Whether the record being read may hold a number JSON.parse rounded; checked once per record. */
function sourceMayHoldLongNumber(): boolean {
  if (lossySource === null) return false;
  lossyHasLongNumber ??= mayHoldLongNumber(lossySource);
  return lossyHasLongNumber;
}

/** A value that does not fit its type; `path` locates it (`$.ADDRESS.ZIP`), built as it unwinds. */
export class CoercionError extends Error {
  constructor(
    readonly reason: string,
    public path: string,
  ) {
    super(reason);
    this.name = 'CoercionError';
  }
  /** ksqlDB's wording: `<reason>, path: $.A[0]`. */
  get fullMessage(): string {
    return `${this.reason}, path: $${this.path}`;
  }
}

/** Prepends a path segment to a CoercionError (or wraps any other error) while unwinding. */
export function atPath(e: unknown, segment: string): unknown {
  if (e === NEED_EXACT) return e;
  if (e instanceof CoercionError) {
    e.path = segment + e.path;
    return e;
  }
  return new CoercionError(e instanceof Error ? e.message : String(e), segment);
}

/** The Jackson node class ksqlDB names in its messages, for a parsed JSON value. */
export function jsonNodeType(v: unknown): string {
  switch (typeof v) {
    case 'boolean':
      return 'BooleanNode';
    case 'string':
      return 'TextNode';
    case 'number':
      if (!Number.isInteger(v)) return 'DecimalNode';
      return v >= -2147483648 && v <= 2147483647 ? 'IntNode' : 'LongNode';
    case 'bigint':
      return v >= -(2n ** 63n) && v < 2n ** 63n ? 'LongNode' : 'BigIntegerNode';
    default:
      if (v === null || v === undefined) return 'NullNode';
      if (v instanceof JsonNumber) return 'DecimalNode';
      return Array.isArray(v) ? 'ArrayNode' : 'ObjectNode';
  }
}

export function cannotConvert(v: unknown, type: SqlType | string): CoercionError {
  const required = typeof type === 'string' ? type : formatType(type);
  return new CoercionError(`Can't convert type. sourceType: ${jsonNodeType(v)}, requiredType: ${required}`, '');
}

function cannotCoerceString(type: string): CoercionError {
  return new CoercionError(`Can't coerce string to type. targetType: ${type}`, '');
}

export function isJsonObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof JsonNumber);
}

/** Builds the reader of one type once; the returned closure does no type lookups per value. */
export function jsonReader(type: SqlType): JsonReader {
  switch (type.kind) {
    case 'BOOLEAN':
      return readBoolean;
    case 'INTEGER':
      return readInteger;
    case 'BIGINT':
      return readBigint;
    case 'DOUBLE':
      return readDouble;
    case 'STRING':
      return readString;
    case 'BYTES':
      return readBytes;
    case 'DATE':
      return (v) => readIntLike(v, 'DATE');
    case 'TIME':
      return (v) => readIntLike(v, 'TIME');
    case 'TIMESTAMP':
      return readTimestamp;
    case 'DECIMAL':
      return decimalReader(type.precision, type.scale);
    case 'ARRAY':
      return arrayReader(type);
    case 'MAP':
      return mapReader(type);
    case 'STRUCT':
      return structReader(type);
    default: {
      const never: never = type;
      throw new KsqlError('INTERNAL', `unknown SQL type ${String(never)}`);
    }
  }
}

export function readBoolean(v: unknown): boolean {
  if (typeof v === 'boolean') return v;
  throw cannotConvert(v, 'BOOLEAN');
}

/** NumericNode.intValue(): fractions truncate, out-of-range values keep their low 32 bits. */
export function readInteger(v: unknown): number {
  return readIntLike(v, 'INTEGER');
}

function readIntLike(v: unknown, type: string): number {
  // ToInt32 truncates and keeps the low 32 bits, as Java's narrowing does.
  if (typeof v === 'number') return v | 0;
  if (typeof v === 'string') {
    const n = parseJavaInt(v);
    if (n === undefined) throw cannotCoerceString(type);
    return n;
  }
  if (typeof v === 'bigint') return Number(BigInt.asIntN(32, v));
  if (v instanceof JsonNumber) return Number(BigInt.asIntN(32, truncToBigInt(v.text)));
  throw cannotConvert(v, type);
}

/** NumericNode.asLong(): fractions truncate, out-of-range values keep their low 64 bits. */
export function readBigint(v: unknown): number | bigint {
  if (typeof v === 'number') {
    if (Number.isSafeInteger(v)) return v;
    if (lossySource !== null) throw NEED_EXACT;
    if (!Number.isFinite(v)) throw cannotConvert(v, 'BIGINT');
    return normalizeLong(BigInt(Math.trunc(v)));
  }
  if (typeof v === 'string') {
    const n = parseJavaLong(v);
    if (n === undefined) throw cannotCoerceString('BIGINT');
    return n;
  }
  if (typeof v === 'bigint') return normalizeLong(v);
  if (v instanceof JsonNumber) return normalizeLong(truncToBigInt(v.text));
  throw cannotConvert(v, 'BIGINT');
}

function readTimestamp(v: unknown): number {
  if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
  if (typeof v === 'string') {
    const n = parseJavaLong(v);
    if (n === undefined) throw cannotCoerceString('TIMESTAMP');
    return Number(n);
  }
  if (typeof v === 'number' || typeof v === 'bigint' || v instanceof JsonNumber) return Number(readBigint(v));
  throw cannotConvert(v, 'TIMESTAMP');
}

function truncToBigInt(literal: string): bigint {
  return BigInt(new DecimalContext(literal).trunc().toFixed(0));
}

export function readDouble(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const n = parseJavaDouble(v);
    if (n === undefined) throw cannotCoerceString('DOUBLE');
    return n;
  }
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof JsonNumber) return Number(v.text);
  throw cannotConvert(v, 'DOUBLE');
}

/** JsonNode.asText(), except objects (their JSON text) and arrays (`[a, 1, null]`), as ksqlDB does. */
export function readString(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      // A rounded long literal would print other digits than the record holds.
      if (lossySource !== null && !Number.isSafeInteger(v) && sourceMayHoldLongNumber()) throw NEED_EXACT;
      return String(v);
    case 'bigint':
    case 'boolean':
      return String(v);
    default:
      if (v instanceof JsonNumber) return v.text;
      if (Array.isArray(v)) return '[' + v.map((e) => (e === null || e === undefined ? 'null' : readString(e))).join(', ') + ']';
      return stringifyJson(v as JsonValue);
  }
}

function readBytes(v: unknown): Buffer {
  if (typeof v === 'string') {
    const b = decodeBase64(v);
    if (b === undefined) throw new CoercionError(`Value is not a valid Base64 encoded string: ${v}`, '');
    return b;
  }
  throw cannotConvert(v, 'BYTES');
}

/**
 * DecimalUtil.ensureFit for one DECIMAL(p, s): parses a decimal literal that must fit the type
 * without rounding. The bound 10^(p-s) is computed once, not per value.
 */
export function decimalFitter(precision: number, scale: number): (literal: string) => DecimalValue {
  const bound = new DecimalContext(10).pow(precision - scale);
  return (literal) => {
    const d = new DecimalContext(literal);
    if (d.abs().gte(bound)) {
      throw new CoercionError(
        `Numeric field overflow: A field with precision ${precision} and scale ${scale} must round to an absolute value less than 10^${precision - scale}. Got ${d.toFixed()}`,
        '',
      );
    }
    if (d.decimalPlaces() > scale) {
      throw new CoercionError(
        `Cannot fit decimal '${d.toFixed()}' into DECIMAL(${precision}, ${scale}) without rounding. (Requires ${d.precision(true)},${d.decimalPlaces()})`,
        '',
      );
    }
    return d;
  };
}

function decimalReader(precision: number, scale: number): JsonReader {
  const type = `DECIMAL(${precision}, ${scale})`;
  const fit = decimalFitter(precision, scale);
  return (v) => {
    if (typeof v === 'number') {
      if (sourceMayHoldLongNumber()) throw NEED_EXACT;
      if (!Number.isFinite(v)) throw cannotConvert(v, type);
      return fit(String(v));
    }
    if (typeof v === 'bigint') return fit(v.toString());
    if (v instanceof JsonNumber) return fit(v.text);
    if (typeof v === 'string') {
      if (!isBigDecimalText(v)) throw cannotCoerceString(type);
      return fit(v);
    }
    throw cannotConvert(v, type);
  };
}

function arrayReader(type: SqlType & { kind: 'ARRAY' }): JsonReader {
  const item = jsonReader(type.item);
  return (v) => {
    if (!Array.isArray(v)) throw cannotConvert(v, type);
    const n = v.length;
    const out = new Array<unknown>(n);
    for (let i = 0; i < n; i++) {
      const e: unknown = v[i];
      if (e === null || e === undefined) {
        out[i] = null;
        continue;
      }
      try {
        out[i] = item(e);
      } catch (err) {
        throw atPath(err, `[${i}]`);
      }
    }
    return out;
  };
}

function mapReader(type: SqlType & { kind: 'MAP' }): JsonReader {
  const value = jsonReader(type.value);
  // JSON object keys are strings; other key types (accepted by fromJsonForm) coerce from text.
  const key = type.key.kind === 'STRING' ? null : jsonReader(type.key);
  return (v) => {
    if (!isJsonObject(v)) throw cannotConvert(v, type);
    const out = new Map<unknown, unknown>();
    for (const k in v) {
      if (!Object.hasOwn(v, k)) continue;
      const e = v[k];
      let kv: unknown = k;
      try {
        if (key !== null) kv = key(k);
      } catch (err) {
        throw atPath(err, `.${k}.key`);
      }
      try {
        out.set(kv, e === null || e === undefined ? null : value(e));
      } catch (err) {
        throw atPath(err, `.${k}.value`);
      }
    }
    // ksqlDB reads maps into java.util.HashMaps: iterate in their order so folds (REDUCE) agree.
    return out.size > 1 && key === null ? new Map(javaHashMapOrder([...out])) : out;
  };
}

function structReader(type: SqlType & { kind: 'STRUCT' }): JsonReader {
  const lookup = fieldLookup(type.fields);
  const names = type.fields.map((f) => f.name);
  const readers = type.fields.map((f) => jsonReader(f.type));
  const n = names.length;
  // A field named __proto__ would set the prototype of a plain object instead of a property.
  const hasProtoField = names.includes('__proto__');
  return (v) => {
    if (!isJsonObject(v)) throw cannotConvert(v, type);
    const out: Struct = hasProtoField ? Object.create(null) : {};
    let upper: Map<string, unknown> | null = null;
    for (let i = 0; i < n; i++) {
      const name = names[i]!;
      let e = lookup(v, i);
      if (e === undefined) {
        upper ??= upperCaseKeys(v);
        e = upper.get(name);
      }
      if (e === null || e === undefined) {
        out[name] = null;
        continue;
      }
      try {
        out[name] = readers[i]!(e);
      } catch (err) {
        throw atPath(err, `.${name}`);
      }
    }
    return out;
  };
}

/**
 * Exact lookup of field i. Names that Object.prototype also has (`constructor`, `toString`)
 * must not find the inherited member, so they use an own-property check; others a plain load.
 */
export function fieldLookup(fields: readonly { readonly name: string }[]): (o: Record<string, unknown>, i: number) => unknown {
  const names = fields.map((f) => f.name);
  const risky = names.some((n) => n in Object.prototype);
  if (!risky) return (o, i) => o[names[i]!];
  return (o, i) => {
    const name = names[i]!;
    return Object.hasOwn(o, name) ? o[name] : undefined;
  };
}

/** ksqlDB's fallback when a field is not found under its exact name: the JSON keys upper-cased. */
export function upperCaseKeys(o: Record<string, unknown>): Map<string, unknown> {
  const m = new Map<string, unknown>();
  for (const k in o) if (Object.hasOwn(o, k)) m.set(k.toUpperCase(), o[k]);
  return m;
}

/** The STRUCT type of a set of columns, for messages about a whole wrapped record. */
export function columnsAsStruct(columns: readonly StructField[]): SqlType {
  return { kind: 'STRUCT', fields: columns };
}
