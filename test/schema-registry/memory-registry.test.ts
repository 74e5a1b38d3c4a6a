import { describe, expect, it } from 'vitest';
import { SchemaRegistry } from '../../src/schema-registry/index.js';

describe('SchemaRegistry', () => {
  it('versions a subject and keeps one id per schema text', () => {
    const r = new SchemaRegistry();
    const a = r.register('t-value', 'AVRO', '"int"');
    const b = r.register('t-value', 'AVRO', '"long"');
    expect(r.register('t-value', 'AVRO', '"int"')).toBe(a);
    expect(r.register('u-value', 'AVRO', '"int"')).toBe(a);
    expect(r.latest('t-value')).toMatchObject({ version: 2, id: b, schema: '"long"' });
    expect(r.version('t-value', 1).id).toBe(a);
  });

  it('honours a requested id and answers schemas by id', () => {
    const r = new SchemaRegistry();
    expect(r.register('t-value', 'PROTOBUF', 'syntax = "proto3";', 42)).toBe(42);
    expect(r.byIdOrNull(42)?.schemaType).toBe('PROTOBUF');
    expect(r.latest('missing')).toBeNull();
  });
});
