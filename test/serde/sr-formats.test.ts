import { describe, expect, it } from 'vitest';
import { createSerde, type FormatName } from '../../src/serde/index.js';
import { defaultSchemaRegistry } from '../../src/schema-registry/index.js';
import { BIGINT, BOOLEAN, BYTES, DATE, DOUBLE, INTEGER, STRING, TIME, TIMESTAMP, array, decimal, map, struct } from '../../src/types/sql-type.js';
import { Decimal } from '../../src/types/values.js';

const COLUMNS = [
  { name: 'I', type: INTEGER },
  { name: 'L', type: BIGINT },
  { name: 'D', type: DOUBLE },
  { name: 'B', type: BOOLEAN },
  { name: 'S', type: STRING },
  { name: 'BY', type: BYTES },
  { name: 'DEC', type: decimal(4, 2) },
  { name: 'DT', type: DATE },
  { name: 'T', type: TIME },
  { name: 'TS', type: TIMESTAMP },
  { name: 'A', type: array(STRING) },
  { name: 'M', type: map(STRING, INTEGER) },
  { name: 'ST', type: struct([{ name: 'F0', type: INTEGER }, { name: 'F1', type: array(BIGINT) }]) },
];

function fullRow(): unknown[] {
  return [
    -7,
    2n ** 62n,
    1.5,
    true,
    'héllo',
    Buffer.from([1, 2, 3]),
    new Decimal('-12.34'),
    19000,
    3723004,
    1700000000123,
    ['a', 'b'],
    new Map([['x', 1]]),
    { F0: 42, F1: [1, -1] },
  ];
}

function serde(format: FormatName) {
  return createSerde({ format, options: {} }, COLUMNS, false);
}


describe('schema-registry formats', () => {
  for (const format of ['AVRO', 'PROTOBUF', 'PROTOBUF_NOSR', 'JSON_SR'] as const) {
    it(`${format} reads back every type it writes`, () => {
      const s = serde(format);
      const row = fullRow();
      const back = s.deserialize(s.serialize(row))!;
      expect(back.map(String)).toEqual(row.map(String));
      expect((back[6] as Decimal).equals(new Decimal('-12.34'))).toBe(true);
      expect(back[11]).toEqual(new Map([['x', 1]]));
      expect(back[back.length - 1]).toEqual({ F0: 42, F1: [1, -1] });
    });
  }

  it('AVRO, PROTOBUF and JSON_SR records start with the magic byte and a registered schema id', () => {
    for (const format of ['AVRO', 'PROTOBUF', 'JSON_SR'] as const) {
      const bytes = serde(format).serialize(fullRow())!;
      expect(bytes[0]).toBe(0);
      expect(defaultSchemaRegistry.byIdOrNull(bytes.readInt32BE(1))).not.toBeNull();
    }
  });

  it('PROTOBUF_NOSR records are the bare message', () => {
    const s = createSerde({ format: 'PROTOBUF_NOSR', options: {} }, [{ name: 'I', type: INTEGER }], false);
    expect(s.serialize([150])!.toString('hex')).toBe('089601');
  });

  it('AVRO keeps nulls while PROTOBUF reads null scalars back as defaults', () => {
    const nulls = COLUMNS.map(() => null);
    expect(serde('AVRO').deserialize(serde('AVRO').serialize(nulls))).toEqual(nulls);
    const proto = serde('PROTOBUF').deserialize(serde('PROTOBUF').serialize(nulls))!;
    expect(proto.slice(0, 5)).toEqual([0, 0, 0, false, '']);
    expect(proto[6]).toBeNull();
    expect(proto[10]).toEqual([]);
    expect(proto[12]).toBeNull();
  });

  it('AVRO writes a single key column as the optional primitive itself', () => {
    const s = createSerde({ format: 'AVRO', options: {} }, [{ name: 'K', type: INTEGER }], true);
    const bytes = s.serialize([1])!;
    expect(bytes.subarray(5).toString('hex')).toBe('0202');
    expect(s.deserialize(bytes)).toEqual([1]);
  });

  it('rejects AVRO bytes without the magic byte', () => {
    expect(() => serde('AVRO').deserialize(Buffer.from('{"I":1}'))).toThrow(/Unknown magic byte/);
  });
});
