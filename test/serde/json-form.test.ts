import { describe, expect, it } from 'vitest';
import {
  createSerde,
  fromJsonForm,
  JsonNumber,
  jsonValuesEqual,
  parseJsonExact,
  rowFromJsonForm,
  rowToJsonForm,
  SerdeError,
  stringifyJson,
  toJsonForm,
  type SerdeColumn,
} from '../../src/serde/index.js';
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
  TIMESTAMP,
  type SqlType,
} from '../../src/types/sql-type.js';
import { DecimalContext } from '../../src/types/values.js';

describe('toJsonForm', () => {
  it('gives each type the shape ksqlDB test files use', () => {
    expect(toJsonForm(true, BOOLEAN)).toBe(true);
    expect(toJsonForm(5, INTEGER)).toBe(5);
    expect(toJsonForm(998877665544332211n, BIGINT)).toBe(998877665544332211n);
    expect(toJsonForm(Buffer.from('variations'), BYTES)).toBe('dmFyaWF0aW9ucw==');
    expect(toJsonForm(19000, DATE)).toBe(19000);
    expect(toJsonForm(1_700_000_000_000, TIMESTAMP)).toBe(1_700_000_000_000);
    expect(toJsonForm(null, STRING)).toBeNull();
    expect(toJsonForm(NaN, DOUBLE)).toBe('NaN');
  });

  it('keeps DECIMAL exact, with its scale', () => {
    const form = toJsonForm(new DecimalContext('10.5'), decimal(4, 2));
    expect(form).toBeInstanceOf(JsonNumber);
    expect(stringifyJson(form)).toBe('10.50');
  });

  it('turns maps and structs into objects with declared field names', () => {
    const type = struct([
      { name: 'M', type: map(STRING, array(INTEGER)) },
      { name: 'N', type: STRING },
    ]);
    const form = toJsonForm({ M: new Map([['a', [1, null]]]), N: null }, type);
    expect(form).toEqual({ M: { a: [1, null] }, N: null });
  });

  it('prints the same text the JSON serde writes', () => {
    const type = struct([
      { name: 'D', type: decimal(6, 3) },
      { name: 'L', type: BIGINT },
      { name: 'B', type: BYTES },
      { name: 'X', type: array(DOUBLE) },
      { name: 'M', type: map(STRING, STRING) },
    ]);
    const value = { D: new DecimalContext('-1.5'), L: -9223372036854775808n, B: Buffer.from([250]), X: [0.1, Infinity], M: new Map([['k', 'v"']]) };
    const serde = createSerde({ format: 'JSON', options: { wrapSingleValue: false } }, [{ name: 'V', type }], false);
    expect(stringifyJson(toJsonForm(value, type))).toBe(serde.serialize([value])!.toString());
  });
});

describe('fromJsonForm', () => {
  it('applies the JSON deserializer coercions', () => {
    expect(fromJsonForm('12', INTEGER)).toBe(12);
    expect(fromJsonForm(1.9, INTEGER)).toBe(1);
    expect(fromJsonForm(12, STRING)).toBe('12');
    expect(fromJsonForm({ f: 1 }, struct([{ name: 'F', type: INTEGER }]))).toEqual({ F: 1 });
    expect(fromJsonForm('dmFyaWF0aW9ucw==', BYTES)).toEqual(Buffer.from('variations'));
  });

  it('accepts bigints and exact numbers for exact types', () => {
    expect(fromJsonForm(998877665544332211n, BIGINT)).toBe(998877665544332211n);
    const d = fromJsonForm(new JsonNumber('10.1234512345123451234'), decimal(21, 19));
    expect((d as { toFixed(n: number): string }).toFixed(19)).toBe('10.1234512345123451234');
  });

  it('throws a SerdeError naming the path for values that do not fit', () => {
    expect(() => fromJsonForm({ A: [1, 'x'] }, struct([{ name: 'A', type: array(INTEGER) }]))).toThrow(
      new SerdeError("Can't coerce string to type. targetType: INTEGER, path: $.A[1]"),
    );
  });

  it('round-trips every type through its JSON form', () => {
    const cases: [SqlType, unknown][] = [
      [BOOLEAN, false],
      [INTEGER, -3],
      [BIGINT, -9223372036854775808n],
      [DOUBLE, 2.5],
      [decimal(5, 2), new DecimalContext('-0.5')],
      [STRING, 'x'],
      [BYTES, Buffer.from([0, 255])],
      [DATE, -10],
      [array(map(STRING, BIGINT)), [new Map([['k', 9007199254740993n]])]],
    ];
    for (const [type, value] of cases) {
      const text = stringifyJson(toJsonForm(value, type));
      expect(fromJsonForm(parseJsonExact(text), type)).toEqual(value);
    }
  });
});

describe('rows in JSON form', () => {
  const cols: SerdeColumn[] = [
    { name: 'K1', type: STRING },
    { name: 'K2', type: INTEGER },
  ];

  it('writes wrapped rows as objects and single unwrapped columns bare', () => {
    expect(rowToJsonForm(['foo', 1], cols, false)).toEqual({ K1: 'foo', K2: 1 });
    expect(rowToJsonForm(['foo'], [cols[0]!], true)).toBe('foo');
    expect(rowToJsonForm(null, cols, false)).toBeNull();
  });

  it('reads them back like the JSON serde reads records', () => {
    expect(rowFromJsonForm({ k1: 'foo', K2: '1' }, cols, false)).toEqual(['foo', 1]);
    expect(rowFromJsonForm(33, [{ name: 'K', type: INTEGER }], true)).toEqual([33]);
    expect(rowFromJsonForm(null, cols, false)).toBeNull();
  });
});

describe('exact JSON text', () => {
  it('parses long integers as bigints and long decimals as JsonNumbers', () => {
    const v = parseJsonExact('{"a":998877665544332211,"b":10.123451234512345,"c":1.5,"d":9007199254740991,"e":[1e400]}');
    expect(v).toEqual({ a: 998877665544332211n, b: new JsonNumber('10.123451234512345'), c: 1.5, d: 9007199254740991, e: [Infinity] });
  });

  it('parses strings, escapes and literals like JSON.parse', () => {
    const text = '{"s":"a\\"b\\u00e9\\n","t":true,"f":false,"n":null,"o":{},"l":[]}';
    expect(parseJsonExact(text)).toEqual(JSON.parse(text));
    expect(() => parseJsonExact('{"a":1,}')).toThrow(SyntaxError);
    expect(() => parseJsonExact('[1 2]')).toThrow(SyntaxError);
  });

  it('keeps a "__proto__" key as data', () => {
    const v = parseJsonExact('{"__proto__":{"x":1}}') as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
  });

  it('prints bigints and JsonNumbers as raw numbers', () => {
    expect(stringifyJson({ a: 1n, b: new JsonNumber('10.50'), c: [null, 'x'] })).toBe('{"a":1,"b":10.50,"c":[null,"x"]}');
  });

  it('compares numbers by value across representations', () => {
    expect(jsonValuesEqual({ v: 12.365 }, { v: new JsonNumber('12.3650') })).toBe(true);
    expect(jsonValuesEqual(998877665544332211n, new JsonNumber('998877665544332211'))).toBe(true);
    expect(jsonValuesEqual(10, new JsonNumber('10.0'))).toBe(true);
    expect(jsonValuesEqual(10, new JsonNumber('10.01'))).toBe(false);
    expect(jsonValuesEqual({ a: 1 }, { a: 1, b: null })).toBe(false);
    expect(jsonValuesEqual([1, [2]], [1, [2]])).toBe(true);
  });
});
