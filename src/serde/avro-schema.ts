// The Avro schema ksqlDB derives from a source's columns: a record named KsqlDataSourceSchema
// (or the *_SCHEMA_FULL_NAME given) whose fields are optional unions; single unwrapped columns
// are the optional primitive itself. Used as the registered schema text.

import type { SqlType } from '../types/sql-type.js';
import type { SerdeColumn } from './types.js';

type AvroSchema = string | readonly unknown[] | { readonly [k: string]: unknown };

export const DEFAULT_AVRO_NAME = 'io.confluent.ksql.avro_schemas.KsqlDataSourceSchema';

function optional(s: AvroSchema): AvroSchema {
  return ['null', s];
}

function typeSchema(t: SqlType, name: string): AvroSchema {
  switch (t.kind) {
    case 'BOOLEAN':
      return 'boolean';
    case 'INTEGER':
      return 'int';
    case 'BIGINT':
      return 'long';
    case 'DOUBLE':
      return 'double';
    case 'STRING':
      return 'string';
    case 'BYTES':
      return 'bytes';
    case 'DATE':
      return { type: 'int', logicalType: 'date' };
    case 'TIME':
      return { type: 'int', logicalType: 'time-millis' };
    case 'TIMESTAMP':
      return { type: 'long', logicalType: 'timestamp-millis' };
    case 'DECIMAL':
      return { type: 'bytes', logicalType: 'decimal', precision: t.precision, scale: t.scale };
    case 'ARRAY':
      return { type: 'array', items: optional(typeSchema(t.item, name)) };
    case 'MAP':
      if (t.key.kind === 'STRING') return { type: 'map', values: optional(typeSchema(t.value, `${name}_value`)) };
      return {
        type: 'array',
        items: {
          type: 'record',
          name: `${name}_MapEntry`,
          fields: [
            { name: 'key', type: optional(typeSchema(t.key, `${name}_key`)), default: null },
            { name: 'value', type: optional(typeSchema(t.value, `${name}_value`)), default: null },
          ],
        },
      };
    case 'STRUCT':
      return {
        type: 'record',
        name,
        fields: t.fields.map((f) => ({ name: f.name, type: optional(typeSchema(f.type, `${name}_${f.name}`)), default: null })),
      };
  }
}

/** The schema text registered for a key or value written in AVRO. */
export function avroSchemaText(columns: readonly SerdeColumn[], unwrapped: boolean, fullName = DEFAULT_AVRO_NAME): string {
  if (unwrapped && columns.length === 1) return JSON.stringify(optional(typeSchema(columns[0]!.type, fullName)));
  const dot = fullName.lastIndexOf('.');
  const ns = dot < 0 ? undefined : fullName.slice(0, dot);
  const name = dot < 0 ? fullName : fullName.slice(dot + 1);
  return JSON.stringify({
    type: 'record',
    name,
    ...(ns === undefined ? {} : { namespace: ns }),
    fields: columns.map((c) => ({ name: c.name, type: optional(typeSchema(c.type, `${name}_${c.name}`)), default: null })),
  });
}
