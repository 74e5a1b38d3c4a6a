// Registers the schemas a test case's `topics` declare in the schema registry, under
// `<topic>-key` / `<topic>-value` (with the ids given), as ksqlDB's test runner does before
// the statements run; schema inference of CREATE without columns then finds them.

import { defaultSchemaRegistry, type SchemaRegistry, type SchemaType } from '../schema-registry/memory-registry.js';
import { stringifyJson, type JsonValue } from './json-value.js';
import type { TestTopicSpec } from './test-engine.js';

function schemaTypeOf(format: string | null, schema: JsonValue): SchemaType {
  const f = (format ?? '').toUpperCase();
  if (f === 'JSON_SR' || f === 'JSON') return 'JSON';
  // A string is a .proto text, unless the topic says AVRO (a primitive Avro schema: "int").
  return typeof schema === 'string' && f !== 'AVRO' ? 'PROTOBUF' : 'AVRO';
}

/** Empties `registry` and registers every schema the topics give. */
export function registerTopicSchemas(topics: readonly TestTopicSpec[], registry: SchemaRegistry = defaultSchemaRegistry): void {
  registry.clear();
  for (const t of topics) {
    const entries = [
      ['key', t.keyFormat, t.keySchema, t.keySchemaId],
      ['value', t.valueFormat, t.valueSchema, t.valueSchemaId],
    ] as const;
    for (const [part, format, schema, id] of entries) {
      if (schema === null || schema === undefined) continue;
      const type = schemaTypeOf(format, schema);
      const text = typeof schema === 'string' && type === 'PROTOBUF' ? schema : stringifyJson(schema);
      registry.register(`${t.name}-${part}`, type, text, id ?? undefined);
    }
  }
}
