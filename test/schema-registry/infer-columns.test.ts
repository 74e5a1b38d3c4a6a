import { describe, expect, it } from 'vitest';
import { SchemaRegistry } from '../../src/schema-registry/index.js';
import { inferColumns } from '../../src/schema-registry/infer-columns.js';
import { formatType } from '../../src/types/sql-type.js';

const AVRO = { format: 'AVRO', options: {} } as const;
const PROTOBUF = { format: 'PROTOBUF', options: {} } as const;

function described(cols: readonly { name: string; type: Parameters<typeof formatType>[0] }[] | null): string[] | null {
  return cols === null ? null : cols.map((c) => `${c.name} ${formatType(c.type)}`);
}

describe('inferColumns', () => {
  it('turns an Avro record into upper-cased value columns', () => {
    const r = new SchemaRegistry();
    const schema = {
      type: 'record',
      name: 'x',
      fields: [
        { name: 'c1', type: ['null', 'int'] },
        { name: 'c2', type: { type: 'bytes', logicalType: 'decimal', precision: 4, scale: 2 } },
        { name: 'c3', type: { type: 'record', name: 'y', fields: [{ name: 'f1', type: 'string' }] } },
        { name: 'c4', type: { type: 'map', values: 'long' } },
      ],
    };
    r.register('t-value', 'AVRO', JSON.stringify(schema));
    expect(described(inferColumns('t', 'value', AVRO, undefined, r))).toEqual([
      'C1 INTEGER',
      'C2 DECIMAL(4, 2)',
      'C3 STRUCT<`F1` STRING>',
      'C4 MAP<STRING, BIGINT>',
    ]);
  });

  it('keeps the names of a schema picked by id, and makes an Avro key one ROWKEY column', () => {
    const r = new SchemaRegistry();
    r.register('t-value', 'AVRO', JSON.stringify({ type: 'record', name: 'x', fields: [{ name: 'c1', type: 'int' }] }), 7);
    r.register('t-key', 'AVRO', '"int"');
    expect(described(inferColumns('t', 'value', AVRO, 7, r))).toEqual(['c1 INTEGER']);
    expect(described(inferColumns('t', 'key', AVRO, undefined, r))).toEqual(['ROWKEY INTEGER']);
  });

  it('reads a .proto message, its decimal parameters and nested types', () => {
    const r = new SchemaRegistry();
    r.register(
      't-value',
      'PROTOBUF',
      'syntax = "proto3"; import "confluent/type/decimal.proto"; message M { bool c1 = 1; repeated int64 c2 = 2; map<string, double> c3 = 3; ' +
        'confluent.type.Decimal c4 = 4 [(confluent.field_meta) = { params: [{ value: "4", key: "precision" }, { value: "2", key: "scale" }]}]; ' +
        'N c5 = 5; message N { string f = 1; } }',
    );
    expect(described(inferColumns('t', 'value', PROTOBUF, undefined, r))).toEqual([
      'C1 BOOLEAN',
      'C2 ARRAY<BIGINT>',
      'C3 MAP<STRING, DOUBLE>',
      'C4 DECIMAL(4, 2)',
      'C5 STRUCT<`F` STRING>',
    ]);
  });

  it('reads a JSON schema object for JSON_SR', () => {
    const r = new SchemaRegistry();
    r.register('t-value', 'JSON', JSON.stringify({ type: 'object', properties: { a: { type: 'integer' }, b: { oneOf: [{ type: 'null' }, { type: 'string' }] } } }));
    expect(described(inferColumns('t', 'value', { format: 'JSON_SR', options: {} }, undefined, r))).toEqual(['A BIGINT', 'B STRING']);
  });

  it('refuses a missing value schema but not a missing key schema', () => {
    const r = new SchemaRegistry();
    expect(inferColumns('t', 'key', AVRO, undefined, r)).toBeNull();
    expect(() => inferColumns('t', 'value', AVRO, undefined, r)).toThrow("Schema for message values on topic 't' does not exist in the Schema Registry");
  });
});
