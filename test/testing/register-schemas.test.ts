import { describe, expect, it } from 'vitest';
import { SchemaRegistry } from '../../src/schema-registry/index.js';
import { registerTopicSchemas } from '../../src/testing/register-schemas.js';
import type { TestTopicSpec } from '../../src/testing/test-engine.js';

function topic(over: Partial<TestTopicSpec>): TestTopicSpec {
  return {
    name: 't',
    origin: 'topics',
    partitions: null,
    replicas: null,
    keyFormat: null,
    valueFormat: null,
    keySchema: null,
    valueSchema: null,
    keySchemaId: null,
    valueSchemaId: null,
    keySchemaReferences: [],
    valueSchemaReferences: [],
    ...over,
  };
}

describe('registerTopicSchemas', () => {
  it('registers key and value schemas under the topic subjects, with the ids given', () => {
    const r = new SchemaRegistry();
    r.register('stale-value', 'AVRO', '"int"');
    registerTopicSchemas([topic({ valueSchema: 'syntax = "proto3"; message M { int32 a = 1; }', valueSchemaId: 3, keyFormat: 'AVRO', keySchema: 'int' })], r);
    expect(r.latest('stale-value')).toBeNull();
    expect(r.latest('t-value')).toMatchObject({ id: 3, schemaType: 'PROTOBUF' });
    expect(r.latest('t-key')).toMatchObject({ schemaType: 'AVRO', schema: '"int"' });
  });
});
