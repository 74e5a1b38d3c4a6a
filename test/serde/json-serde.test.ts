import { describe, expect, it } from 'vitest';
import { createSerde, SerdeError, type SerdeColumn } from '../../src/serde/index.js';
import {
  array,
  BIGINT,
  BOOLEAN,
  BYTES,
  DATE,
  decimal,
  DOUBLE,
  INTEGER,
  map,
  STRING,
  struct,
  TIME,
  TIMESTAMP,
  type SqlType,
} from '../../src/types/sql-type.js';
import { DecimalContext, isDecimal } from '../../src/types/values.js';

const JSON_FORMAT = { format: 'JSON', options: {} } as const;
const UNWRAPPED = { format: 'JSON', options: { wrapSingleValue: false } } as const;

function valueSerde(columns: SerdeColumn[]) {
  return createSerde(JSON_FORMAT, columns, false);
}
function text(b: Buffer | null): string | null {
  return b === null ? null : b.toString('utf8');
}
function read(columns: SerdeColumn[], json: string): unknown[] | null {
  return valueSerde(columns).deserialize(Buffer.from(json));
}
function readError(columns: SerdeColumn[], json: string, unwrapped = false): string {
  const serde = createSerde(unwrapped ? UNWRAPPED : JSON_FORMAT, columns, false);
  try {
    serde.deserialize(Buffer.from(json));
  } catch (e) {
    expect(e).toBeInstanceOf(SerdeError);
    return (e as Error).message;
  }
  throw new Error(`expected ${json} to be rejected`);
}

const ALL_TYPES: SerdeColumn[] = [
  { name: 'B', type: BOOLEAN },
  { name: 'I', type: INTEGER },
  { name: 'L', type: BIGINT },
  { name: 'D', type: DOUBLE },
  { name: 'DEC', type: decimal(6, 2) },
  { name: 'S', type: STRING },
  { name: 'BY', type: BYTES },
  { name: 'DT', type: DATE },
  { name: 'TM', type: TIME },
  { name: 'TS', type: TIMESTAMP },
  { name: 'A', type: array(INTEGER) },
  { name: 'M', type: map(STRING, DOUBLE) },
  { name: 'ST', type: struct([{ name: 'F1', type: STRING }, { name: 'F2', type: array(BIGINT) }]) },
];

describe('JSON serde: wrapped rows', () => {
  it('round-trips a row of every type and writes ksqlDB JSON', () => {
    const serde = valueSerde(ALL_TYPES);
    const row = [
      true,
      -42,
      9007199254740993n,
      1.5,
      new DecimalContext('10.5'),
      'héllo "q"',
      Buffer.from([1, 2, 255]),
      19000,
      3_600_000,
      1_700_000_000_123,
      [1, null, 3],
      new Map<unknown, unknown>([
        ['a', 1.25],
        ['b', null],
      ]),
      { F1: 'x', F2: [1, 9223372036854775807n] },
    ];
    const bytes = serde.serialize(row);
    expect(text(bytes)).toBe(
      '{"B":true,"I":-42,"L":9007199254740993,"D":1.5,"DEC":10.50,"S":"héllo \\"q\\"","BY":"AQL/",' +
        '"DT":19000,"TM":3600000,"TS":1700000000123,"A":[1,null,3],"M":{"a":1.25,"b":null},' +
        '"ST":{"F1":"x","F2":[1,9223372036854775807]}}',
    );
    const back = serde.deserialize(bytes)!;
    expect(back).toHaveLength(ALL_TYPES.length);
    expect(back.slice(0, 4)).toEqual([true, -42, 9007199254740993n, 1.5]);
    expect(isDecimal(back[4]) && (back[4] as InstanceType<typeof DecimalContext>).eq('10.5')).toBe(true);
    expect(back.slice(5)).toEqual(row.slice(5));
  });

  it('writes null columns as JSON null and reads them back as null', () => {
    const serde = valueSerde(ALL_TYPES);
    const nulls = ALL_TYPES.map(() => null);
    const bytes = serde.serialize(nulls);
    expect(text(bytes)).toBe('{' + ALL_TYPES.map((c) => `"${c.name}":null`).join(',') + '}');
    expect(serde.deserialize(bytes)).toEqual(nulls);
  });

  it('treats null bytes and a JSON null as a tombstone', () => {
    const serde = valueSerde([{ name: 'V', type: INTEGER }]);
    expect(serde.serialize(null)).toBeNull();
    expect(serde.deserialize(null)).toBeNull();
    expect(serde.deserialize(Buffer.from('null'))).toBeNull();
  });

  it('reads absent fields as null and ignores fields it does not know', () => {
    expect(read([{ name: 'A', type: INTEGER }, { name: 'B', type: STRING }], '{"B":"x","C":1}')).toEqual([null, 'x']);
    expect(read([{ name: 'A', type: INTEGER }], '{}')).toEqual([null]);
  });

  it('matches field names exactly first, then by upper-casing the record keys', () => {
    const cols: SerdeColumn[] = [
      { name: 'FOO', type: INTEGER },
      { name: 'bar', type: INTEGER },
      { name: 'Baz', type: INTEGER },
    ];
    expect(read(cols, '{"foo":1,"bar":2,"Baz":3}')).toEqual([1, 2, 3]);
    expect(read(cols, '{"Foo":1,"BAR":2,"baz":3}')).toEqual([1, null, null]);
    // The exact name wins over a case variant.
    expect(read(cols, '{"foo":1,"FOO":7}')).toEqual([7, null, null]);
  });

  it('matches case variants record by record, whatever keys earlier records of the same reader had', () => {
    const serde = valueSerde([
      { name: 'ID', type: INTEGER },
      { name: 'NAME', type: STRING },
    ]);
    const rows = ['{"id":1,"name":"a"}', '{"Id":2,"NAME":"b"}', '{"iD":3}', '{"id":4,"Id":5,"name":"c"}', '{"ID":6,"id":7}'];
    // Among several case variants, the last key of the record wins (ksqlDB's upper-cased map).
    expect(rows.map((r) => serde.deserialize(Buffer.from(r)))).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, null],
      [5, 'c'],
      [6, null],
    ]);
  });

  it('matches nested struct fields the same way', () => {
    const cols: SerdeColumn[] = [
      { name: 'COL1', type: struct([{ name: 'PERSON', type: struct([{ name: 'NAME', type: STRING }]) }]) },
    ];
    expect(read(cols, '{"col1":{"Person":{"Name":"George"}}}')).toEqual([{ PERSON: { NAME: 'George' } }]);
    expect(read(cols, '{"COL1":{"Person":null}}')).toEqual([{ PERSON: null }]);
  });

  it('does not mistake inherited object members for fields', () => {
    const cols: SerdeColumn[] = [
      { name: 'toString', type: STRING },
      { name: 'constructor', type: STRING },
    ];
    expect(read(cols, '{}')).toEqual([null, null]);
    expect(read(cols, '{"toString":"a","constructor":"b"}')).toEqual(['a', 'b']);
  });

  it('writes an empty row of no columns as an empty object', () => {
    const serde = valueSerde([]);
    expect(text(serde.serialize([]))).toBe('{}');
    expect(serde.deserialize(Buffer.from('{"X":1}'))).toEqual([]);
  });
});

describe('JSON serde: unwrapped single values', () => {
  it('writes and reads a single value column bare when WRAP_SINGLE_VALUE=false', () => {
    const serde = createSerde(UNWRAPPED, [{ name: 'V', type: array(DOUBLE) }], false);
    expect(text(serde.serialize([[10.1, null]]))).toBe('[10.1,null]');
    expect(serde.deserialize(Buffer.from('[10.1]'))).toEqual([[10.1]]);
  });

  it('writes a single null column as null bytes, like ksqlDB', () => {
    const serde = createSerde(UNWRAPPED, [{ name: 'V', type: BOOLEAN }], false);
    expect(serde.serialize([null])).toBeNull();
    expect(serde.deserialize(Buffer.from('null'))).toBeNull();
  });

  it('unwraps single-column keys by default and wraps multi-column keys', () => {
    const single = createSerde(JSON_FORMAT, [{ name: 'K', type: STRING }], true);
    expect(text(single.serialize(['Hey']))).toBe('"Hey"');
    expect(single.serialize([null])).toBeNull();
    expect(single.deserialize(Buffer.from('"Hey"'))).toEqual(['Hey']);
    const multi = createSerde(
      JSON_FORMAT,
      [
        { name: 'K1', type: STRING },
        { name: 'K2', type: INTEGER },
      ],
      true,
    );
    expect(text(multi.serialize(['foo', 2]))).toBe('{"K1":"foo","K2":2}');
    expect(multi.deserialize(Buffer.from('{"k1":"foo","K2":2}'))).toEqual(['foo', 2]);
  });

  it('reads an unwrapped struct key case-insensitively and writes it with declared names', () => {
    const key = createSerde(JSON_FORMAT, [{ name: 'K', type: struct([{ name: 'F', type: DOUBLE }]) }], true);
    const row = key.deserialize(Buffer.from('{"f":45.67}'));
    expect(row).toEqual([{ F: 45.67 }]);
    expect(text(key.serialize(row))).toBe('{"F":45.67}');
  });

  it('ignores key bytes of a keyless source and writes a null key', () => {
    const key = createSerde(JSON_FORMAT, [], true);
    expect(key.serialize([])).toBeNull();
    expect(key.deserialize(Buffer.from('anything at all'))).toEqual([]);
  });
});

describe('JSON serde: exact numbers', () => {
  it('keeps BIGINTs beyond 2^53 exact on read and write', () => {
    const serde = createSerde(JSON_FORMAT, [{ name: 'K', type: BIGINT }], true);
    expect(serde.deserialize(Buffer.from('998877665544332211'))).toEqual([998877665544332211n]);
    expect(text(serde.serialize([998877665544332211n]))).toBe('998877665544332211');
    const wrapped = valueSerde([
      { name: 'A', type: BIGINT },
      { name: 'B', type: array(BIGINT) },
    ]);
    expect(wrapped.deserialize(Buffer.from('{"A":-9223372036854775808,"B":[9223372036854775807,1]}'))).toEqual([
      -9223372036854775808n,
      [9223372036854775807n, 1],
    ]);
  });

  it('reads normalized BIGINTs: numbers when safe, even after the exact path', () => {
    const serde = valueSerde([
      { name: 'A', type: BIGINT },
      { name: 'B', type: BIGINT },
    ]);
    expect(serde.deserialize(Buffer.from('{"A":12345678901234567,"B":5}'))).toEqual([12345678901234567n, 5]);
  });

  it('wraps integers beyond 64 bits like Java longValue()', () => {
    expect(read([{ name: 'A', type: BIGINT }], '{"A":18446744073709551617}')).toEqual([1]);
  });

  it('reads decimals exactly, with more digits than a double holds', () => {
    const [v] = read([{ name: 'D', type: decimal(21, 19) }], '{"D":10.1234512345123451234}')!;
    expect((v as { toFixed(n: number): string }).toFixed(19)).toBe('10.1234512345123451234');
    const [w] = read([{ name: 'D', type: decimal(20, 17) }], '{"D":1.00000000000000001}')!;
    expect((w as { toFixed(n: number): string }).toFixed(17)).toBe('1.00000000000000001');
  });

  it('writes decimals with their full scale', () => {
    const serde = valueSerde([{ name: 'DEC', type: decimal(6, 4) }]);
    for (const [input, out] of [
      ['10', '10.0000'],
      ['0.1', '0.1000'],
      ['0.0001', '0.0001'],
      ['-1.5', '-1.5000'],
    ] as const) {
      expect(text(serde.serialize(serde.deserialize(Buffer.from(`{"DEC":${input}}`))))).toBe(`{"DEC":${out}}`);
    }
  });

  it('rejects decimals that overflow or need rounding, like ksqlDB', () => {
    expect(readError([{ name: 'V', type: decimal(4, 2) }], '{"V":100}')).toBe(
      'Numeric field overflow: A field with precision 4 and scale 2 must round to an absolute value less than 10^2. Got 100, path: $.V',
    );
    expect(readError([{ name: 'V', type: decimal(4, 2) }], '{"V":1.234}')).toBe(
      "Cannot fit decimal '1.234' into DECIMAL(4, 2) without rounding. (Requires 4,3), path: $.V",
    );
  });

  it('keeps the digits of a long number read into a STRING column', () => {
    expect(read([{ name: 'S', type: STRING }], '{"S":12345678901234567890}')).toEqual(['12345678901234567890']);
  });
});

describe('JSON serde: coercions of ksqlDB JSON deserializer', () => {
  const cases: [SqlType, string, unknown][] = [
    [INTEGER, '"12"', 12],
    [INTEGER, '1.9', 1],
    [INTEGER, '-1.9', -1],
    [INTEGER, '3000000000', -1294967296],
    [BIGINT, '"10827272222"', 10827272222],
    [BIGINT, '12.7', 12],
    [DOUBLE, '"1.5"', 1.5],
    [DOUBLE, '3', 3],
    [DOUBLE, '"NaN"', NaN],
    [STRING, '12', '12'],
    [STRING, 'true', 'true'],
    [STRING, '{"a":1,"b":[1,2]}', '{"a":1,"b":[1,2]}'],
    [STRING, '["a",1,null]', '[a, 1, null]'],
    [array(STRING), '[1,2,3]', ['1', '2', '3']],
    [TIMESTAMP, '"1589234313000"', 1589234313000],
    [DATE, '"10"', 10],
    [TIME, '"5000"', 5000],
    [decimal(4, 2), '"10.1"', new DecimalContext('10.1')],
    [map(STRING, INTEGER), '{"a":"1","b":null}', new Map<unknown, unknown>([['a', 1], ['b', null]])],
  ];
  for (const [type, json, expected] of cases) {
    it(`reads ${json} as ${type.kind}`, () => {
      const [v] = createSerde(UNWRAPPED, [{ name: 'V', type }], false).deserialize(Buffer.from(json))!;
      expect(v).toEqual(expected);
    });
  }
});

describe('JSON serde: errors', () => {
  it('names the source node type, the required type and the path', () => {
    expect(readError([{ name: 'FOO', type: INTEGER }], '{"FOO":true}')).toBe(
      "Can't convert type. sourceType: BooleanNode, requiredType: INTEGER, path: $.FOO",
    );
    expect(readError([{ name: 'FOO', type: BOOLEAN }], '{"FOO":"true"}')).toBe(
      "Can't convert type. sourceType: TextNode, requiredType: BOOLEAN, path: $.FOO",
    );
    expect(readError([{ name: 'A', type: array(struct([{ name: 'X', type: INTEGER }])) }], '{"A":[{"X":1},{"x":[]}]}')).toBe(
      "Can't convert type. sourceType: ArrayNode, requiredType: INTEGER, path: $.A[1].X",
    );
    expect(readError([{ name: 'M', type: map(STRING, INTEGER) }], '{"M":{"k":"v"}}')).toBe(
      "Can't coerce string to type. targetType: INTEGER, path: $.M.k.value",
    );
  });

  it('rejects a record that is not an object when the row is wrapped', () => {
    expect(readError([{ name: 'V', type: INTEGER }], '[1]')).toBe(
      "Can't convert type. sourceType: ArrayNode, requiredType: STRUCT<`V` INTEGER>, path: $",
    );
  });

  it('rejects unparsable text and invalid base64', () => {
    expect(readError([{ name: 'V', type: INTEGER }], '{"V":')).toMatch(/^Failed to parse JSON: /);
    expect(readError([{ name: 'V', type: BYTES }], '"not base64!"', true)).toBe(
      'Value is not a valid Base64 encoded string: not base64!, path: $',
    );
    expect(readError([{ name: 'V', type: INTEGER }], '"abc"', true)).toBe(
      "Can't coerce string to type. targetType: INTEGER, path: $",
    );
  });

  it('writes DOUBLE NaN and infinities as strings and reads them back', () => {
    const serde = createSerde(UNWRAPPED, [{ name: 'V', type: array(DOUBLE) }], false);
    const bytes = serde.serialize([[NaN, Infinity, -Infinity]]);
    expect(text(bytes)).toBe('["NaN","Infinity","-Infinity"]');
    expect(serde.deserialize(bytes)).toEqual([[NaN, Infinity, -Infinity]]);
  });
});
