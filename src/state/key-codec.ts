// Canonical, collision-free string encoding of a key row (the values of a GROUP BY or PRIMARY KEY
// for known SQL types): one string usable as a Map key in memory and as a TEXT key in SQLite.
// Compile an encoder once per query with keyEncoder(types); encodeKey/decodeKey are conveniences.

import { KsqlError } from '../errors.js';
import type { SqlType } from '../types/sql-type.js';
import { DecimalContext, isDecimal, normalizeLong } from '../types/values.js';

/*
 * Grammar (every value starts with a one-character tag, so values of different types never collide):
 *   null          n
 *   BOOLEAN       t | f
 *   INTEGER, BIGINT, DATE, TIME, TIMESTAMP
 *                 i<decimal digits>;      String(1) === String(1n): mixed number/bigint BIGINTs agree
 *   DOUBLE        d<shortest repr>;       -0 is '-0' (Java's Double.equals tells 0.0 and -0.0 apart)
 *   DECIMAL       x<plain digits>;        decimal.js drops trailing zeros, so 1.0 and 1.00 agree: a
 *                                         DECIMAL column has one scale, and ksqlDB groups them as one
 *   STRING        s<UTF-16 length>:<text>
 *   BYTES         b<base64>;
 *   ARRAY         a<count>:<items>
 *   MAP           m<count>:<key><value>...   entries sorted by encoded key: maps equal as Java's are
 *   STRUCT        r<field values in declared order>
 * The last top-level value runs to the end of the string, so it needs no terminator or length, and
 * a last STRING or number needs no tag either: a single STRING key is the string itself (escaped
 * only when it starts with NUL, which alone stands for null), a single BIGINT key its digits. The
 * engine's usual keys thus cost no concatenation, and Map lookups hash the decoder's own string.
 * Encodings are unique among keys of one schema (a store never mixes schemas), not across schemas.
 * Limit: strings holding lone UTF-16 surrogates do not survive SQLite's UTF-8 storage.
 */

/** Encodes one value, delimited so that another value may follow. */
type ValueEncoder = (v: unknown) => string;

/** Encodes a key row; compiled once per key schema. */
export type KeyEncoder = (values: readonly unknown[]) => string;

export function keyEncoder(types: readonly SqlType[]): KeyEncoder {
  const n = types.length;
  if (n === 0) return () => '';
  const last = lastEncoder(types[n - 1]!);
  if (n === 1) return (values) => last(values[0] ?? null);
  const head = types.slice(0, n - 1).map(valueEncoder);
  return (values) => {
    let s = '';
    for (let i = 0; i < n - 1; i++) s += head[i]!(values[i] ?? null);
    return s + last(values[n - 1] ?? null);
  };
}

/** Canonical encoding of a key row of the given types (compile with keyEncoder on hot paths). */
export function encodeKey(values: readonly unknown[], types: readonly SqlType[]): string {
  if (values.length !== types.length) {
    throw new KsqlError('INTERNAL', `A key of ${types.length} column(s) cannot encode ${values.length} value(s)`);
  }
  return keyEncoder(types)(values);
}

const NUL = '\u0000';

function lastEncoder(type: SqlType): ValueEncoder {
  switch (type.kind) {
    case 'STRING':
      return (v) => (v === null ? NUL : (v as string).charCodeAt(0) === 0 ? NUL + (v as string) : (v as string));
    case 'INTEGER':
    case 'BIGINT':
    case 'DATE':
    case 'TIME':
    case 'TIMESTAMP':
      return (v) => (v === null ? 'n' : String(v as number | bigint));
    case 'DOUBLE':
      return (v) => (v === null ? 'n' : Object.is(v, -0) ? '-0' : String(v as number));
    default:
      return valueEncoder(type);
  }
}

function valueEncoder(type: SqlType): ValueEncoder {
  switch (type.kind) {
    case 'BOOLEAN':
      return (v) => (v === null ? 'n' : v === true ? 't' : 'f');
    case 'INTEGER':
    case 'BIGINT':
    case 'DATE':
    case 'TIME':
    case 'TIMESTAMP':
      return (v) => (v === null ? 'n' : 'i' + String(v as number | bigint) + ';');
    case 'DOUBLE':
      return (v) => (v === null ? 'n' : Object.is(v, -0) ? 'd-0;' : 'd' + String(v as number) + ';');
    case 'DECIMAL':
      return (v) => {
        if (v === null) return 'n';
        if (!isDecimal(v)) throw notA('DECIMAL', v);
        return 'x' + v.toFixed() + ';';
      };
    case 'STRING':
      return (v) => (v === null ? 'n' : 's' + (v as string).length + ':' + (v as string));
    case 'BYTES':
      return (v) => {
        if (v === null) return 'n';
        if (!Buffer.isBuffer(v)) throw notA('BYTES', v);
        return 'b' + v.toString('base64') + ';';
      };
    case 'ARRAY': {
      const item = valueEncoder(type.item);
      return (v) => {
        if (v === null) return 'n';
        const a = v as readonly unknown[];
        let s = 'a' + a.length + ':';
        for (let i = 0; i < a.length; i++) s += item(a[i] ?? null);
        return s;
      };
    }
    case 'MAP': {
      const key = valueEncoder(type.key);
      const value = valueEncoder(type.value);
      return (v) => {
        if (v === null) return 'n';
        const entries: string[] = [];
        for (const [k, x] of v as Map<unknown, unknown>) entries.push(key(k ?? null) + value(x ?? null));
        entries.sort();
        return 'm' + entries.length + ':' + entries.join('');
      };
    }
    case 'STRUCT': {
      const names = type.fields.map((f) => f.name);
      const fields = type.fields.map((f) => valueEncoder(f.type));
      return (v) => {
        if (v === null) return 'n';
        const o = v as Record<string, unknown>;
        let s = 'r';
        for (let i = 0; i < fields.length; i++) s += fields[i]!(o[names[i]!] ?? null);
        return s;
      };
    }
    default: {
      const never: never = type;
      throw new KsqlError('INTERNAL', `No key encoding for type ${JSON.stringify(never)}`);
    }
  }
}

function notA(kind: string, v: unknown): KsqlError {
  return new KsqlError('INTERNAL', `A ${kind} key column holds a ${typeof v} (${String(v)}); the engine must hold it as values.ts says`);
}

// ---- decoding ----

/** The key row back from its encoding (the exact values, BIGINTs normalized). */
export function decodeKey(encoded: string, types: readonly SqlType[]): unknown[] {
  const cursor = { s: encoded, i: 0 };
  const out: unknown[] = [];
  for (let k = 0; k < types.length; k++) out.push(decodeValue(cursor, types[k]!, k === types.length - 1));
  if (cursor.i !== encoded.length) throw corrupt(encoded);
  return out;
}

interface Cursor {
  readonly s: string;
  i: number;
}

function decodeValue(c: Cursor, type: SqlType, last: boolean): unknown {
  if (last) {
    const lastValue = decodeLast(c, type);
    if (lastValue !== undefined) return lastValue;
  }
  const tag = c.s[c.i++];
  if (tag === 'n') return null;
  switch (type.kind) {
    case 'BOOLEAN':
      if (tag !== 't' && tag !== 'f') throw corrupt(c.s);
      return tag === 't';
    case 'INTEGER':
    case 'DATE':
    case 'TIME':
    case 'TIMESTAMP':
      expectTag(c, tag, 'i');
      return Number(until(c, ';'));
    case 'BIGINT': {
      expectTag(c, tag, 'i');
      const digits = until(c, ';');
      return digits.length < 16 ? Number(digits) : normalizeLong(BigInt(digits));
    }
    case 'DOUBLE':
      expectTag(c, tag, 'd');
      return Number(until(c, ';'));
    case 'DECIMAL':
      expectTag(c, tag, 'x');
      return new DecimalContext(until(c, ';'));
    case 'STRING': {
      expectTag(c, tag, 's');
      const length = Number(until(c, ':'));
      const text = c.s.slice(c.i, c.i + length);
      c.i += length;
      return text;
    }
    case 'BYTES':
      expectTag(c, tag, 'b');
      return Buffer.from(until(c, ';'), 'base64');
    case 'ARRAY': {
      expectTag(c, tag, 'a');
      const count = Number(until(c, ':'));
      const items: unknown[] = [];
      for (let k = 0; k < count; k++) items.push(decodeValue(c, type.item, false));
      return items;
    }
    case 'MAP': {
      expectTag(c, tag, 'm');
      const count = Number(until(c, ':'));
      const m = new Map<unknown, unknown>();
      for (let k = 0; k < count; k++) {
        const key = decodeValue(c, type.key, false);
        m.set(key, decodeValue(c, type.value, false));
      }
      return m;
    }
    case 'STRUCT': {
      expectTag(c, tag, 'r');
      const o: Record<string, unknown> = {};
      for (const f of type.fields) o[f.name] = decodeValue(c, f.type, false);
      return o;
    }
    default: {
      const never: never = type;
      throw new KsqlError('INTERNAL', `No key encoding for type ${JSON.stringify(never)}`);
    }
  }
}

/** The last value when its type is encoded untagged (see lastEncoder), else undefined. */
function decodeLast(c: Cursor, type: SqlType): unknown {
  const rest = c.s.slice(c.i);
  switch (type.kind) {
    case 'STRING':
      c.i = c.s.length;
      if (rest === NUL) return null;
      return rest.charCodeAt(0) === 0 ? rest.slice(1) : rest;
    case 'INTEGER':
    case 'DATE':
    case 'TIME':
    case 'TIMESTAMP':
    case 'BIGINT':
    case 'DOUBLE': {
      c.i = c.s.length;
      if (rest === 'n') return null;
      if (rest === '' || (type.kind !== 'DOUBLE' && !/^-?\d+$/.test(rest))) throw corrupt(c.s);
      if (type.kind === 'BIGINT' && rest.length >= 16) return normalizeLong(BigInt(rest));
      return Number(rest);
    }
    default:
      return undefined;
  }
}

function expectTag(c: Cursor, tag: string | undefined, want: string): void {
  if (tag !== want) throw corrupt(c.s);
}

function until(c: Cursor, terminator: string): string {
  const end = c.s.indexOf(terminator, c.i);
  if (end < 0) throw corrupt(c.s);
  const text = c.s.slice(c.i, end);
  c.i = end + 1;
  return text;
}

function corrupt(encoded: string): KsqlError {
  return new KsqlError('INTERNAL', `Corrupt state key '${encoded.slice(0, 80)}': it does not match the key's column types`);
}
