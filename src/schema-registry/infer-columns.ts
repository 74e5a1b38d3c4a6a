// Schema inference for CREATE STREAM/TABLE without columns: the key and value columns come from
// the latest schemas registered under `<topic>-key` and `<topic>-value`, as ksqlDB reads them
// from its schema registry. Records give their fields; other schemas one ROWKEY/ROWVAL column.

import { KsqlError } from '../errors.js';
import type { FormatInfo } from '../serde/types.js';
import { array, map, struct, type SqlType } from '../types/sql-type.js';
import { defaultSchemaRegistry, type SchemaRegistry, type SchemaType } from './memory-registry.js';
import { inferSchema } from './schema-to-sql.js';

export const SR_FORMATS: readonly string[] = ['AVRO', 'PROTOBUF', 'PROTOBUF_NOSR', 'JSON_SR'];

export interface InferredColumn {
  readonly name: string;
  readonly type: SqlType;
}

function schemaTypeFor(format: string, registered: SchemaType): SchemaType {
  if (format === 'AVRO') return 'AVRO';
  if (format === 'JSON_SR') return 'JSON';
  return registered === 'PROTOBUF' ? 'PROTOBUF' : registered;
}

/**
 * The columns a key or value schema gives, or null when nothing is registered for the key (a
 * missing value schema is an error: there is nothing to read the records with).
 */
export function inferColumns(
  topic: string,
  part: 'key' | 'value',
  format: FormatInfo,
  schemaId?: number,
  registry: SchemaRegistry = defaultSchemaRegistry,
): InferredColumn[] | null {
  const subject = `${topic}-${part}`;
  const latest = schemaId === undefined ? registry.latest(subject) : registry.byIdOrNull(schemaId);
  if (latest === null && schemaId !== undefined) {
    throw new KsqlError('INVALID_STATEMENT', `Schema for ${part} with id ${schemaId} does not exist in the Schema Registry (subject ${subject}).`);
  }
  if (latest === null) {
    if (part === 'key') return null;
    throw new KsqlError(
      'INVALID_STATEMENT',
      `Schema for message ${part}s on topic '${topic}' does not exist in the Schema Registry.Subject: ${subject}\n\nPossible causes include:\n- The topic itself does not exist\n\t-> Use SHOW TOPICS; to check\n- Messages on the topic are not serialized using a format Schema Registry supports\n\t-> Use PRINT '${topic}' FROM BEGINNING; to verify\n- Messages on the topic have not been serialized using a Confluent Schema Registry supported serializer\n\t-> See https://docs.confluent.io/current/schema-registry/docs/serializer-formatter.html\n- The schema is registered on a different instance of the Schema Registry\n\t-> Use the REST API to list available subjects\thttps://docs.confluent.io/current/schema-registry/docs/api.html#get--subjects\n- You do not have permissions to access the Schema Registry.\n\t-> See https://docs.confluent.io/current/schema-registry/docs/security.html`,
    );
  }
  const refs = registry.referencedTexts(schemaId === undefined ? (registry.latest(subject)?.references ?? []) : registry.referencesOfId(latest.id));
  const inferred = inferSchema(schemaTypeFor(format.format, latest.schemaType), latest.schema, refs);
  // A key is one ROWKEY column (a STRUCT for record schemas), except PROTOBUF keys, which are
  // messages: their fields are the key columns, as a value record's are the value columns.
  const unwrapped = part === 'key' ? !format.format.startsWith('PROTOBUF') : format.options.wrapSingleValue === false;
  // With a schema id the physical schema is used as is; otherwise names are upper-cased.
  const names = schemaId === undefined ? upperCased : (t: SqlType): SqlType => t;
  const fieldName = schemaId === undefined ? (n: string): string => n.toUpperCase() : (n: string): string => n;
  if (inferred.fields === null || unwrapped) return [{ name: part === 'key' ? 'ROWKEY' : 'ROWVAL', type: names(inferred.type) }];
  return inferred.fields.map((f) => ({ name: fieldName(f.name), type: names(f.type) }));
}

/** ksqlDB upper-cases the field names it infers, nested struct fields included. */
function upperCased(t: SqlType): SqlType {
  switch (t.kind) {
    case 'STRUCT':
      return struct(t.fields.map((f) => ({ name: f.name.toUpperCase(), type: upperCased(f.type) })));
    case 'ARRAY':
      return array(upperCased(t.item));
    case 'MAP':
      return map(t.key, upperCased(t.value));
    default:
      return t;
  }
}
