// Turns a row sent to /inserts-stream (a JSON object in ksqlDB's JSON form) into an INSERT INTO
// ... VALUES statement for the engine. A stopgap until the engine can insert a row of values
// directly: values are first coerced like the JSON deserializer does, then written as literals.

import type { Column } from '../catalog/types.js';
import { fromJsonForm } from '../serde/json-form.js';
import type { JsonValue } from '../serde/json-value.js';
import type { SqlType } from '../types/sql-type.js';
import { formatType } from '../types/sql-type.js';
import type { Struct } from '../types/values.js';
import { isDecimal } from '../types/values.js';
import type { JsonObject } from './entities.js';

/** The INSERT statement for one row; throws SerdeError/KsqlError for a value of the wrong type. */
export function insertStatement(target: string, columns: readonly Column[], row: JsonObject): string {
  const names: string[] = [];
  const values: string[] = [];
  const given = new Map<string, JsonValue>();
  // JSON fields match columns by name, case-insensitively, as ksqlDB's inserts-stream does.
  for (const [k, v] of Object.entries(row)) given.set(k.toUpperCase(), v);
  for (const c of columns) {
    if (c.namespace !== 'KEY' && c.namespace !== 'VALUE') continue;
    const json = given.has(c.name) ? given.get(c.name) : given.get(c.name.toUpperCase());
    if (json === undefined) continue;
    names.push(quoteName(c.name));
    values.push(literal(fromJsonForm(json, c.type), c.type));
  }
  const rowtime = given.get('ROWTIME');
  if (rowtime !== undefined && rowtime !== null) {
    names.push('ROWTIME');
    values.push(literal(fromJsonForm(rowtime, { kind: 'BIGINT' }), { kind: 'BIGINT' }));
  }
  return `INSERT INTO ${quoteName(target)} (${names.join(', ')}) VALUES (${values.join(', ')});`;
}

function quoteName(name: string): string {
  return '`' + name.replace(/`/g, '``') + '`';
}

function quoteString(s: string): string {
  return "'" + s.replace(/'/g, "''") + "'";
}

/** A literal for a value held as values.ts describes, of type `t`. */
function literal(v: unknown, t: SqlType): string {
  if (v === null || v === undefined) return 'NULL';
  switch (t.kind) {
    case 'BOOLEAN':
      return v ? 'TRUE' : 'FALSE';
    case 'INTEGER':
    case 'BIGINT':
      return String(v);
    case 'DOUBLE': {
      const d = v as number;
      const text = String(d);
      // Exponents and NaN/Infinity have no plain literal: cast them from a string.
      return /^-?\d+(\.\d+)?$/.test(text) ? text : `CAST(${quoteString(text)} AS DOUBLE)`;
    }
    case 'DECIMAL':
      return isDecimal(v) ? v.toFixed(t.scale) : String(v);
    case 'STRING':
      return quoteString(String(v));
    case 'BYTES':
      return `TO_BYTES(${quoteString((v as Buffer).toString('base64'))}, 'base64')`;
    case 'DATE':
      return `FROM_DAYS(${String(v)})`;
    case 'TIMESTAMP':
      return `FROM_UNIXTIME(${String(v)})`;
    case 'TIME':
      return `CAST(${quoteString(timeText(v as number))} AS TIME)`;
    case 'ARRAY': {
      const items = (v as readonly unknown[]).map((x) => typed(x, t.item));
      return `CAST(ARRAY[${items.join(', ')}] AS ${formatType(t)})`;
    }
    case 'MAP': {
      const entries = [...(v as Map<unknown, unknown>).entries()].map(([k, x]) => `${typed(k, t.key)} := ${typed(x, t.value)}`);
      return `CAST(MAP(${entries.join(', ')}) AS ${formatType(t)})`;
    }
    case 'STRUCT': {
      const s = v as Struct;
      const fields = t.fields.map((f) => `${quoteName(f.name)} := ${typed(s[f.name], f.type)}`);
      return `STRUCT(${fields.join(', ')})`;
    }
    default: {
      const never: never = t;
      return never;
    }
  }
}

/** Inside ARRAY, MAP and STRUCT every element is cast, so the constructor's type is exact. */
function typed(v: unknown, t: SqlType): string {
  return `CAST(${literal(v, t)} AS ${formatType(t)})`;
}

function timeText(ms: number): string {
  const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}.${pad(ms % 1000, 3)}`;
}
