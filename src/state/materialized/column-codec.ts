// How each SQL type is stored in a typed column of a materialized table, and read back exactly:
// BOOLEAN 0/1, integer types INTEGER (read with safeIntegers), DOUBLE REAL, STRING TEXT, BYTES BLOB,
// DECIMAL order-preserving TEXT, ARRAY/MAP/STRUCT JSON TEXT (usable with SQLite's json functions).

import { KsqlError } from '../../errors.js';
import type { SqlType } from '../../types/sql-type.js';
import type { DecimalValue } from '../../types/values.js';
import { DecimalContext, isDecimal, normalizeLong } from '../../types/values.js';
import { decodeDecimalOrder, encodeDecimalOrder } from './decimal-order.js';

/** What better-sqlite3 binds and returns. */
export type SqlValue = number | bigint | string | Buffer | null;

export interface ColumnCodec {
  /** The column's STRICT table type. */
  readonly sqlType: 'INTEGER' | 'REAL' | 'TEXT' | 'BLOB';
  /** Whether values compare and sort meaningfully in SQL (false for JSON-encoded types). */
  readonly ordered: boolean;
  toSql(v: unknown): SqlValue;
  /** Reads a cell fetched with safeIntegers(true). */
  fromSql(v: SqlValue): unknown;
}

export function columnCodec(type: SqlType): ColumnCodec {
  switch (type.kind) {
    case 'BOOLEAN':
      return {
        sqlType: 'INTEGER',
        ordered: true,
        toSql: (v) => (v === null ? null : v === true ? 1 : 0),
        fromSql: (v) => (v === null ? null : v !== 0n && v !== 0),
      };
    case 'INTEGER':
    case 'DATE':
    case 'TIME':
    case 'TIMESTAMP':
      return { sqlType: 'INTEGER', ordered: true, toSql: (v) => v as SqlValue, fromSql: (v) => (v === null ? null : Number(v)) };
    case 'BIGINT':
      return {
        sqlType: 'INTEGER',
        ordered: true,
        toSql: (v) => v as SqlValue,
        fromSql: (v) => (typeof v === 'bigint' ? normalizeLong(v) : v),
      };
    case 'DOUBLE':
      // SQLite keeps neither NaN (stored as NULL) nor -0 (stored as 0).
      return { sqlType: 'REAL', ordered: true, toSql: (v) => v as SqlValue, fromSql: (v) => (typeof v === 'bigint' ? Number(v) : v) };
    case 'DECIMAL':
      return {
        sqlType: 'TEXT',
        ordered: true,
        toSql: (v) => (v === null ? null : encodeDecimalOrder(isDecimal(v) ? v : new DecimalContext(v as number | string))),
        fromSql: (v) => (v === null ? null : decodeDecimalOrder(v as string)),
      };
    case 'STRING':
      return { sqlType: 'TEXT', ordered: true, toSql: (v) => v as SqlValue, fromSql: (v) => v };
    case 'BYTES':
      return { sqlType: 'BLOB', ordered: true, toSql: (v) => v as SqlValue, fromSql: (v) => v };
    case 'ARRAY':
    case 'MAP':
    case 'STRUCT': {
      const write = jsonWriter(type);
      const read = jsonReader(type);
      return {
        sqlType: 'TEXT',
        ordered: false,
        toSql: (v) => (v === null ? null : write(v)),
        fromSql: (v) => (v === null ? null : read(JSON.parse(v as string))),
      };
    }
    default: {
      const never: never = type;
      throw new KsqlError('INTERNAL', `No column encoding for ${JSON.stringify(never)}`);
    }
  }
}

type JsonWriter = (v: unknown) => string;
type JsonReader = (j: unknown) => unknown;

/*
 * JSON of nested values, chosen so JSON.parse plus the column type gives the exact value back:
 * BIGINTs beyond 2^53 and DECIMALs are strings, doubles that JSON cannot spell ("NaN",
 * "Infinity", "-Infinity") are strings, BYTES are base64 strings, MAP<STRING, _> is an object and
 * other maps are arrays of [key, value] pairs.
 */
function jsonWriter(type: SqlType): JsonWriter {
  switch (type.kind) {
    case 'BOOLEAN':
    case 'INTEGER':
    case 'DATE':
    case 'TIME':
    case 'TIMESTAMP':
      return (v) => (v === null ? 'null' : String(v as number | boolean));
    case 'BIGINT':
      return (v) => (v === null ? 'null' : typeof v === 'bigint' ? `"${v}"` : String(v as number));
    case 'DOUBLE':
      return (v) => {
        if (v === null) return 'null';
        const n = v as number;
        if (Number.isFinite(n)) return Object.is(n, -0) ? '-0' : String(n);
        return `"${String(n)}"`;
      };
    case 'DECIMAL':
      return (v) => (v === null ? 'null' : `"${(v as DecimalValue).toFixed()}"`);
    case 'STRING':
      return (v) => (v === null ? 'null' : JSON.stringify(v));
    case 'BYTES':
      return (v) => (v === null ? 'null' : `"${(v as Buffer).toString('base64')}"`);
    case 'ARRAY': {
      const item = jsonWriter(type.item);
      return (v) => (v === null ? 'null' : `[${(v as unknown[]).map((x) => item(x ?? null)).join(',')}]`);
    }
    case 'MAP': {
      const key = jsonWriter(type.key);
      const value = jsonWriter(type.value);
      if (type.key.kind === 'STRING') {
        return (v) => {
          if (v === null) return 'null';
          const parts: string[] = [];
          for (const [k, x] of v as Map<unknown, unknown>) parts.push(`${JSON.stringify(k)}:${value(x ?? null)}`);
          return `{${parts.join(',')}}`;
        };
      }
      return (v) => {
        if (v === null) return 'null';
        const parts: string[] = [];
        for (const [k, x] of v as Map<unknown, unknown>) parts.push(`[${key(k ?? null)},${value(x ?? null)}]`);
        return `[${parts.join(',')}]`;
      };
    }
    case 'STRUCT': {
      const fields = type.fields.map((f) => ({ name: f.name, label: JSON.stringify(f.name), write: jsonWriter(f.type) }));
      return (v) => {
        if (v === null) return 'null';
        const o = v as Record<string, unknown>;
        return `{${fields.map((f) => `${f.label}:${f.write(o[f.name] ?? null)}`).join(',')}}`;
      };
    }
    default: {
      const never: never = type;
      throw new KsqlError('INTERNAL', `No JSON encoding for ${JSON.stringify(never)}`);
    }
  }
}

function jsonReader(type: SqlType): JsonReader {
  switch (type.kind) {
    case 'BOOLEAN':
    case 'INTEGER':
    case 'DATE':
    case 'TIME':
    case 'TIMESTAMP':
    case 'STRING':
      return (j) => j;
    case 'BIGINT':
      return (j) => (typeof j === 'string' ? normalizeLong(BigInt(j)) : j);
    case 'DOUBLE':
      return (j) => (typeof j === 'string' ? Number(j) : j);
    case 'DECIMAL':
      return (j) => (j === null ? null : new DecimalContext(j as string));
    case 'BYTES':
      return (j) => (j === null ? null : Buffer.from(j as string, 'base64'));
    case 'ARRAY': {
      const item = jsonReader(type.item);
      return (j) => (j === null ? null : (j as unknown[]).map(item));
    }
    case 'MAP': {
      const key = jsonReader(type.key);
      const value = jsonReader(type.value);
      if (type.key.kind === 'STRING') {
        return (j) => {
          if (j === null) return null;
          const m = new Map<unknown, unknown>();
          for (const [k, x] of Object.entries(j as Record<string, unknown>)) m.set(k, value(x));
          return m;
        };
      }
      return (j) => {
        if (j === null) return null;
        const m = new Map<unknown, unknown>();
        for (const [k, x] of j as [unknown, unknown][]) m.set(key(k), value(x));
        return m;
      };
    }
    case 'STRUCT': {
      const fields = type.fields.map((f) => ({ name: f.name, read: jsonReader(f.type) }));
      return (j) => {
        if (j === null) return null;
        const src = j as Record<string, unknown>;
        const o: Record<string, unknown> = {};
        for (const f of fields) o[f.name] = f.read(src[f.name] ?? null);
        return o;
      };
    }
    default: {
      const never: never = type;
      throw new KsqlError('INTERNAL', `No JSON decoding for ${JSON.stringify(never)}`);
    }
  }
}
