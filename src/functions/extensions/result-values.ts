// Turns what a JavaScript extension returns into the engine's value for the declared SQL type
// (src/types/values.ts): undefined becomes null, a Date a TIMESTAMP, a number a DECIMAL, and a
// value of the wrong kind an error for that record. Built once per call site, applied per value.

import { Decimal } from 'decimal.js';
import { formatType, type SqlType, type StructField } from '../../types/sql-type.js';
import { DecimalContext, normalizeLong } from '../../types/values.js';
import { fitDecimal } from '../values/decimal-math.js';
import { EvaluationError } from '../values/errors.js';
import { MS_PER_DAY } from '../values/time-values.js';

export type ResultConverter = (v: unknown) => unknown;

function describeValue(v: unknown): string {
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}...` : v)}`;
  if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return `${typeof v} ${String(v)}`;
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Map) return 'a Map';
  return v === null ? 'null' : typeof v === 'object' ? `an object (${Object.prototype.toString.call(v)})` : typeof v;
}

function mismatch(what: string, v: unknown, type: SqlType): never {
  throw new EvaluationError(`${what} returned ${describeValue(v)} where ${formatType(type)} was declared`);
}

const isInt32 = (v: number): boolean => Number.isInteger(v) && v >= -2147483648 && v <= 2147483647;

/** The converter for `type`; `what` names the function in errors ("MY_UDF"). */
export function resultConverter(type: SqlType, what: string): ResultConverter {
  switch (type.kind) {
    case 'BOOLEAN':
      return (v) => (typeof v === 'boolean' ? v : v == null ? null : mismatch(what, v, type));
    case 'STRING':
      return (v) => (typeof v === 'string' ? v : v == null ? null : mismatch(what, v, type));
    case 'INTEGER':
      return (v) => {
        if (typeof v === 'number' && isInt32(v)) return v + 0;
        if (typeof v === 'bigint' && v >= -2147483648n && v <= 2147483647n) return Number(v);
        return v == null ? null : mismatch(what, v, type);
      };
    case 'BIGINT':
      return (v) => {
        if (typeof v === 'number' && Number.isSafeInteger(v)) return v + 0;
        if (typeof v === 'bigint') return normalizeLong(v);
        return v == null ? null : mismatch(what, v, type);
      };
    case 'DOUBLE':
      return (v) => {
        if (typeof v === 'number') return v;
        if (typeof v === 'bigint') return Number(v);
        if (Decimal.isDecimal(v)) return (v as Decimal).toNumber();
        return v == null ? null : mismatch(what, v, type);
      };
    case 'DECIMAL': {
      const { precision, scale } = type;
      return (v) => {
        if (v == null) return null;
        let d: Decimal;
        if (Decimal.isDecimal(v)) d = v instanceof DecimalContext ? v : new DecimalContext((v as Decimal).toString());
        else if (typeof v === 'number' && Number.isFinite(v)) d = new DecimalContext(v);
        else if (typeof v === 'bigint') d = new DecimalContext(v.toString());
        else if (typeof v === 'string' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v.trim())) d = new DecimalContext(v.trim());
        else return mismatch(what, v, type);
        return fitDecimal(d, precision, scale);
      };
    }
    case 'BYTES':
      return (v) => {
        if (Buffer.isBuffer(v)) return v;
        if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
        return v == null ? null : mismatch(what, v, type);
      };
    case 'TIMESTAMP':
      return (v) => {
        if (typeof v === 'number' && Number.isSafeInteger(v)) return v;
        if (v instanceof Date && !Number.isNaN(v.getTime())) return v.getTime();
        return v == null ? null : mismatch(what, v, type);
      };
    case 'DATE':
      return (v) => {
        if (typeof v === 'number' && isInt32(v)) return v;
        if (v instanceof Date && !Number.isNaN(v.getTime())) return Math.floor(v.getTime() / MS_PER_DAY);
        return v == null ? null : mismatch(what, v, type);
      };
    case 'TIME':
      return (v) => (typeof v === 'number' && isInt32(v) && v >= 0 && v < MS_PER_DAY ? v : v == null ? null : mismatch(what, v, type));
    case 'ARRAY': {
      const item = resultConverter(type.item, what);
      // Always a new array: the engine may keep it while the extension changes its own.
      return (v) => {
        if (Array.isArray(v)) return v.map(item);
        return v == null ? null : mismatch(what, v, type);
      };
    }
    case 'MAP': {
      const key = resultConverter(type.key, what);
      const value = resultConverter(type.value, what);
      return (v) => {
        if (v == null) return null;
        const out = new Map<unknown, unknown>();
        if (v instanceof Map) for (const [k, x] of v) out.set(key(k), value(x));
        else if (typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) out.set(key(k), value(x));
        else return mismatch(what, v, type);
        return out;
      };
    }
    case 'STRUCT':
      return structConverter(type, type.fields, what);
  }
}

/** A plain object with exactly the declared fields, in order; a field may be given in any case. */
function structConverter(type: SqlType, fields: readonly StructField[], what: string): ResultConverter {
  const convert = fields.map((f) => resultConverter(f.type, what));
  return (v) => {
    if (v == null) return null;
    if (typeof v !== 'object' || Array.isArray(v) || v instanceof Map) return mismatch(what, v, type);
    const src = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (let i = 0; i < fields.length; i++) {
      const name = fields[i]!.name;
      let x = src[name];
      if (x === undefined) {
        const alt = Object.keys(src).find((k) => k.toUpperCase() === name.toUpperCase());
        x = alt === undefined ? null : src[alt];
      }
      out[name] = convert[i]!(x);
    }
    return out;
  };
}
