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

function textOf(type: SchemaType, schema: JsonValue): string {
  return typeof schema === 'string' && type === 'PROTOBUF' ? schema : stringifyJson(schema);
}

/** Empties `registry` and registers every schema the topics give. */
export function registerTopicSchemas(topics: readonly TestTopicSpec[], registry: SchemaRegistry = defaultSchemaRegistry): void {
  registry.clear();
  for (const t of topics) {
    const entries = [
      ['key', t.keyFormat, t.keySchema, t.keySchemaId, t.keySchemaReferences],
      ['value', t.valueFormat, t.valueSchema, t.valueSchemaId, t.valueSchemaReferences],
    ] as const;
    for (const [part, format, schema, id, refs] of entries) {
      if (schema === null || schema === undefined) continue;
      // Referenced schemas are registered under their import name, as Confluent's serializers do.
      for (const ref of refs) registry.register(ref.name, schemaTypeOf(ref.format, ref.schema), textOf(schemaTypeOf(ref.format, ref.schema), ref.schema));
      const type = schemaTypeOf(format, schema);
      registry.register(`${t.name}-${part}`, type, textOf(type, schema), id ?? undefined, refs.map((r) => r.name));
    }
  }
}
