// Ordering and equality of SQL values of one type, as ksqlDB (Java) defines them: used by the
// runtime for GROUP BY keys and joins, and by functions such as ARRAY_SORT and ARRAY_DISTINCT.

import type { SqlType } from '../../types/sql-type.js';
import type { DecimalValue } from '../../types/values.js';

/** Java ByteBuffer.compareTo: bytewise, bytes read as signed. */
export function compareBytes(a: Buffer, b: Buffer): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = (a[i]! << 24) >> 24;
    const y = (b[i]! << 24) >> 24;
    if (x !== y) return x < y ? -1 : 1;
  }
  return a.length - b.length < 0 ? -1 : a.length > b.length ? 1 : 0;
}

/**
 * Total order of two values of `type`. Nulls sort first. Numbers (number or bigint) compare
 * exactly; strings by UTF-16 code units like Java's String.compareTo; false < true.
 */
export function compareValues(a: unknown, b: unknown, type: SqlType): number {
  if (a === null || a === undefined) return b === null || b === undefined ? 0 : -1;
  if (b === null || b === undefined) return 1;
  switch (type.kind) {
    case 'DECIMAL': {
      const c = (a as DecimalValue).cmp(b as DecimalValue);
      return c;
    }
    case 'DOUBLE': {
      // Double.compare: NaN is greater than everything, -0.0 < 0.0.
      const x = a as number;
      const y = b as number;
      if (x < y) return -1;
      if (x > y) return 1;
      if (x === y) return x === 0 ? (Object.is(x, y) ? 0 : Object.is(x, -0) ? -1 : 1) : 0;
      return Number.isNaN(x) ? (Number.isNaN(y) ? 0 : 1) : -1;
    }
    case 'BYTES':
      return compareBytes(a as Buffer, b as Buffer);
    case 'ARRAY': {
      const x = a as unknown[];
      const y = b as unknown[];
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const c = compareValues(x[i], y[i], type.item);
        if (c !== 0) return c;
      }
      return x.length < y.length ? -1 : x.length > y.length ? 1 : 0;
    }
    case 'MAP': {
      const x = [...(a as Map<unknown, unknown>)];
      const y = [...(b as Map<unknown, unknown>)];
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const c = compareValues(x[i]![0], y[i]![0], type.key) || compareValues(x[i]![1], y[i]![1], type.value);
        if (c !== 0) return c;
      }
      return x.length < y.length ? -1 : x.length > y.length ? 1 : 0;
    }
    case 'STRUCT': {
      const x = a as Record<string, unknown>;
      const y = b as Record<string, unknown>;
      for (const f of type.fields) {
        const c = compareValues(x[f.name] ?? null, y[f.name] ?? null, f.type);
        if (c !== 0) return c;
      }
      return 0;
    }
    default:
      // INTEGER, BIGINT (number | bigint compare exactly), STRING, BOOLEAN, DATE, TIME, TIMESTAMP.
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
  }
}

/** Equality of two values of `type`; null equals null (as for GROUP BY keys). */
export function valuesEqual(a: unknown, b: unknown, type: SqlType): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return false;
  switch (type.kind) {
    case 'DECIMAL':
      return (a as DecimalValue).eq(b as DecimalValue);
    case 'DOUBLE':
      return Number.isNaN(a as number) && Number.isNaN(b as number);
    case 'BYTES':
      return (a as Buffer).equals(b as Buffer);
    case 'ARRAY': {
      const x = a as unknown[];
      const y = b as unknown[];
      if (x.length !== y.length) return false;
      for (let i = 0; i < x.length; i++) if (!valuesEqual(x[i], y[i], type.item)) return false;
      return true;
    }
    case 'MAP': {
      const x = a as Map<unknown, unknown>;
      const y = b as Map<unknown, unknown>;
      if (x.size !== y.size) return false;
      for (const [k, v] of x) {
        if (isPlainKey(type.key)) {
          if (!y.has(k) || !valuesEqual(v, y.get(k), type.value)) return false;
        } else {
          let found = false;
          for (const [k2, v2] of y) {
            if (valuesEqual(k, k2, type.key)) {
              found = valuesEqual(v, v2, type.value);
              break;
            }
          }
          if (!found) return false;
        }
      }
      return true;
    }
    case 'STRUCT': {
      const x = a as Record<string, unknown>;
      const y = b as Record<string, unknown>;
      for (const f of type.fields) if (!valuesEqual(x[f.name] ?? null, y[f.name] ?? null, f.type)) return false;
      return true;
    }
    default:
      return false;
  }
}

function isPlainKey(t: SqlType): boolean {
  return t.kind !== 'DECIMAL' && t.kind !== 'BYTES' && t.kind !== 'ARRAY' && t.kind !== 'MAP' && t.kind !== 'STRUCT';
}

/**
 * A primitive that stands for a value in a JS Set or Map: equal values give the same key.
 * Cheap for primitives (the value itself); decimals, bytes and collections get a string.
 */
export function valueKey(v: unknown, type: SqlType): unknown {
  if (v === null || v === undefined) return null;
  switch (type.kind) {
    case 'DECIMAL':
      return `d:${(v as DecimalValue).toString()}`;
    case 'BYTES':
      return `b:${(v as Buffer).toString('base64')}`;
    case 'DOUBLE':
      return Number.isNaN(v) ? 'NaN' : v;
    case 'ARRAY':
      return `a:[${(v as unknown[]).map((x) => keyText(valueKey(x, type.item))).join(',')}]`;
    case 'MAP': {
      const parts: string[] = [];
      for (const [k, x] of v as Map<unknown, unknown>) {
        parts.push(`${keyText(valueKey(k, type.key))}=${keyText(valueKey(x, type.value))}`);
      }
      return `m:{${parts.sort().join(',')}}`;
    }
    case 'STRUCT': {
      const s = v as Record<string, unknown>;
      return `s:{${type.fields.map((f) => keyText(valueKey(s[f.name] ?? null, f.type))).join(',')}}`;
    }
    default:
      return v;
  }
}

function keyText(k: unknown): string {
  if (k === null) return 'null';
  if (typeof k === 'string') return JSON.stringify(k);
  return String(k);
}
