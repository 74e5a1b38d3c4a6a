// The JSON Schema ksqlDB derives from a source's columns for the JSON_SR format: an object with
// one optional property per column (or the single column's schema, unwrapped).

import type { SqlType } from '../types/sql-type.js';
import type { SerdeColumn } from './types.js';

type Schema = { readonly [k: string]: unknown };

function nullable(s: Schema): Schema {
  return { oneOf: [{ type: 'null' }, s] };
}

function typeSchema(t: SqlType): Schema {
  switch (t.kind) {
    case 'BOOLEAN':
      return { type: 'boolean' };
    case 'INTEGER':
      return { type: 'integer', 'connect.type': 'int32' };
    case 'BIGINT':
      return { type: 'integer', 'connect.type': 'int64' };
    case 'DOUBLE':
      return { type: 'number', 'connect.type': 'float64' };
    case 'STRING':
      return { type: 'string' };
    case 'BYTES':
      return { type: 'string', 'connect.type': 'bytes' };
    case 'DATE':
      return { type: 'integer', title: 'org.apache.kafka.connect.data.Date', 'connect.type': 'int32' };
    case 'TIME':
      return { type: 'integer', title: 'org.apache.kafka.connect.data.Time', 'connect.type': 'int32' };
    case 'TIMESTAMP':
      return { type: 'integer', title: 'org.apache.kafka.connect.data.Timestamp', 'connect.type': 'int64' };
    case 'DECIMAL':
      return {
        type: 'number',
        title: 'org.apache.kafka.connect.data.Decimal',
        'connect.type': 'bytes',
        'connect.parameters': { precision: String(t.precision), scale: String(t.scale) },
      };
    case 'ARRAY':
      return { type: 'array', items: nullable(typeSchema(t.item)) };
    case 'MAP':
      return t.key.kind === 'STRING'
        ? { type: 'object', additionalProperties: nullable(typeSchema(t.value)), 'connect.type': 'map' }
        : {
            type: 'array',
            items: { type: 'object', properties: { key: nullable(typeSchema(t.key)), value: nullable(typeSchema(t.value)) } },
            'connect.type': 'map',
          };
    case 'STRUCT':
      return structSchema(t.fields);
  }
}

function structSchema(fields: readonly { readonly name: string; readonly type: SqlType }[]): Schema {
  const properties: Record<string, Schema> = {};
  fields.forEach((f, i) => {
    properties[f.name] = { ...nullable(typeSchema(f.type)), 'connect.index': i };
  });
  return { type: 'object', properties };
}

export function jsonSchemaText(columns: readonly SerdeColumn[], unwrapped: boolean): string {
  if (unwrapped && columns.length === 1) return JSON.stringify(nullable(typeSchema(columns[0]!.type)));
  return JSON.stringify(structSchema(columns));
}
