// Turns engine values (held as types/values.ts describes) into the JSON form test files use, by
// SQL type, for the TestEngine adapter's readTopic(): DECIMALs keep their scale, BYTES become
// base64, MAPs and STRUCTs become objects. See TestRecord in test-engine.ts for the whole contract.

import { isDecimal } from '../types/values.js';
import type { SqlType } from '../types/sql-type.js';
import { JsonDecimal, jsonObject } from './json-value.js';
import type { JsonValue } from './json-value.js';

/** One value of SQL type `type` in test-file JSON form. */
export function sqlToTestJson(value: unknown, type: SqlType): JsonValue {
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case 'BOOLEAN':
    case 'STRING':
    case 'INTEGER':
    case 'DOUBLE':
    case 'DATE':
    case 'TIME':
    case 'TIMESTAMP':
    case 'BIGINT':
      return scalar(value);
    case 'DECIMAL':
      if (isDecimal(value)) return new JsonDecimal(value.toFixed(type.scale));
      return scalar(value);
    case 'BYTES':
      return Buffer.isBuffer(value) || value instanceof Uint8Array ? Buffer.from(value).toString('base64') : scalar(value);
    case 'ARRAY':
      return Array.isArray(value) ? value.map((v: unknown) => sqlToTestJson(v, type.item)) : scalar(value);
    case 'MAP': {
      const entries = value instanceof Map ? [...(value as Map<unknown, unknown>)] : Object.entries(value as object);
      return jsonObject(entries.map(([k, v]) => [String(k), sqlToTestJson(v, type.value)]));
    }
    case 'STRUCT': {
      const o = value as Record<string, unknown>;
      return jsonObject(type.fields.map((f) => [f.name, sqlToTestJson(o[f.name], f.type)]));
    }
  }
}

function scalar(value: unknown): JsonValue {
  switch (typeof value) {
    case 'boolean':
    case 'string':
    case 'number':
    case 'bigint':
      return value;
    default:
      return String(value);
  }
}

export interface JsonColumn {
  readonly name: string;
  readonly type: SqlType;
}

/**
 * A key or value row in test-file form: null for a null row (null key, tombstone), the single
 * column's value when `unwrapped` (keys, WRAP_SINGLE_VALUE=false), otherwise an object by name.
 */
export function rowToTestJson(columns: readonly JsonColumn[], row: readonly unknown[] | null, unwrapped: boolean): JsonValue {
  if (row === null) return null;
  if (unwrapped && columns.length === 1) return sqlToTestJson(row[0], (columns[0] as JsonColumn).type);
  return jsonObject(columns.map((c, i) => [c.name, sqlToTestJson(row[i], c.type)]));
}
