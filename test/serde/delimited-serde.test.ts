import { describe, expect, it } from 'vitest';
import { createSerde, SerdeError, type SerdeColumn } from '../../src/serde/index.js';
import { BIGINT, BOOLEAN, BYTES, DATE, decimal, DOUBLE, INTEGER, STRING, TIME, TIMESTAMP } from '../../src/types/sql-type.js';
import { DecimalContext } from '../../src/types/values.js';

function serdeOf(columns: SerdeColumn[], delimiter?: string, isKey = false) {
  return createSerde({ format: 'DELIMITED', options: delimiter === undefined ? {} : { delimiter } }, columns, isKey);
}
function write(columns: SerdeColumn[], row: unknown[], delimiter?: string): string | null {
  const b = serdeOf(columns, delimiter).serialize(row);
  return b === null ? null : b.toString('utf8');
}
function read(columns: SerdeColumn[], text: string, delimiter?: string): unknown[] | null {
  return serdeOf(columns, delimiter).deserialize(Buffer.from(text));
}
function readError(columns: SerdeColumn[], text: string): string {
  try {
    read(columns, text);
  } catch (e) {
    expect(e).toBeInstanceOf(SerdeError);
    return (e as Error).message;
  }
  throw new Error(`expected ${text} to be rejected`);
}
const strings = (n: number): SerdeColumn[] => Array.from({ length: n }, (_, i) => ({ name: `S${i}`, type: STRING }));

describe('DELIMITED serde', () => {
  const ALL: SerdeColumn[] = [
    { name: 'B', type: BOOLEAN },
    { name: 'I', type: INTEGER },
    { name: 'L', type: BIGINT },
    { name: 'D', type: DOUBLE },
    { name: 'DEC', type: decimal(33, 16) },
    { name: 'S', type: STRING },
    { name: 'BY', type: BYTES },
    { name: 'DT', type: DATE },
    { name: 'TM', type: TIME },
    { name: 'TS', type: TIMESTAMP },
  ];

  it('round-trips every primitive type in ksqlDB text forms', () => {
    const row = [
      true,
      -7,
      998877665544332211n,
      1,
      new DecimalContext('12345678987654321.2345678987654321'),
      'a,b',
      Buffer.from('variations'),
      -10,
      5000,
      1589234313000,
    ];
    const text = write(ALL, row);
    expect(text).toBe('true,-7,998877665544332211,1.0,12345678987654321.2345678987654321,"a,b",dmFyaWF0aW9ucw==,-10,5000,1589234313000');
    expect(read(ALL, text!)).toEqual(row);
  });

  it('writes doubles the way Java prints them', () => {
    const cols: SerdeColumn[] = [{ name: 'D', type: DOUBLE }];
    expect(write(cols, [1e10])).toBe('1.0E10');
    expect(write(cols, [0.0001])).toBe('1.0E-4');
    expect(write(cols, [123.456])).toBe('123.456');
    expect(write(cols, [NaN])).toBe('NaN');
  });

  it('writes decimals with their scale and reads short forms', () => {
    const cols: SerdeColumn[] = [{ name: 'V', type: decimal(33, 16) }];
    expect(write(cols, read(cols, '.12')!)).toBe('0.1200000000000000');
    expect(write(cols, read(cols, '0')!)).toBe('0.0000000000000000');
    // ksqlDB (Commons CSV) quotes a first field that does not start with a letter or digit.
    expect(write(cols, read(cols, '-12345.12')!)).toBe('"-12345.1200000000000000"');
    expect(write(cols, read(cols, '"-12345.12"')!)).toBe('"-12345.1200000000000000"');
  });

  it('reads empty fields as null and writes nulls as empty fields', () => {
    const cols: SerdeColumn[] = [
      { name: 'A', type: INTEGER },
      { name: 'B', type: STRING },
      { name: 'C', type: INTEGER },
    ];
    expect(read(cols, ',,100')).toEqual([null, null, 100]);
    expect(read(cols, '1,"",')).toEqual([1, null, null]);
    expect(write(cols, [null, null, 100])).toBe(',,100');
    expect(write(cols, [null, null, null])).toBe(',,');
  });

  it('quotes fields like Commons CSV minimal mode', () => {
    const three = strings(4);
    expect(write(three, [' \t with white space \t', ' \t WITH WHITE SPACE \t', 'with white space', '\t wit'])).toBe(
      '" \t with white space \t"," \t WITH WHITE SPACE \t",with white space,"\t wit"',
    );
    expect(write(strings(2), ['-1', '-1'])).toBe('"-1",-1');
    expect(write(strings(2), ['say "hi"', 'a"b'])).toBe('"say ""hi""","a""b"');
    expect(write(strings(3), ['', '', 'x'])).toBe('"",,x');
    expect(write(strings(2), ['#tag', 'line\nbreak'])).toBe('"#tag","line\nbreak"');
    expect(write(strings(2), ['ok', 'trailing '])).toBe('ok,"trailing "');
  });

  it('reads quoted fields, doubled quotes and delimiters inside quotes', () => {
    expect(read(strings(3), '"a,b","say ""hi""",c')).toEqual(['a,b', 'say "hi"', 'c']);
    expect(read(strings(1), '""" + x + """')).toEqual(['" + x + "']);
    expect(read(strings(2), 'ab"c,d')).toEqual(['ab"c', 'd']);
    expect(read(strings(2), ' a , b ')).toEqual([' a ', ' b ']);
  });

  it('reads only the first record and skips leading empty lines', () => {
    expect(read(strings(2), '\r\na,b\r\nc,d')).toEqual(['a', 'b']);
  });

  it('uses the configured delimiter, including TAB and SPACE', () => {
    const cols: SerdeColumn[] = [
      { name: 'ID', type: BIGINT },
      { name: 'NAME', type: STRING },
      { name: 'V', type: INTEGER },
    ];
    expect(read(cols, '0|zero|0', '|')).toEqual([0, 'zero', 0]);
    expect(write(cols, [0, 'zero', 0], '$')).toBe('0$zero$0');
    expect(read(cols, '0\tzero\t0', 'TAB')).toEqual([0, 'zero', 0]);
    expect(write(cols, [100, 'a b', 500], 'SPACE')).toBe('100 "a b" 500');
    expect(read(strings(2), 'foo,bar;baz', ';')).toEqual(['foo,bar', 'baz']);
  });

  it('parses booleans like Java: true in any case, anything else false', () => {
    const cols: SerdeColumn[] = [{ name: 'B', type: BOOLEAN }];
    expect(read(cols, 'TRUE')).toEqual([true]);
    expect(read(cols, '"true"')).toEqual([true]);
    expect(read(cols, 'yes')).toEqual([false]);
  });

  it('keeps a null key as null bytes and a single null value as an empty record', () => {
    const key = serdeOf([{ name: 'K', type: INTEGER }], undefined, true);
    expect(key.serialize([null])).toBeNull();
    expect(key.deserialize(null)).toBeNull();
    const value = serdeOf([{ name: 'V', type: INTEGER }]);
    expect(value.serialize([null])!.toString()).toBe('');
    expect(value.deserialize(Buffer.alloc(0))).toEqual([null]);
    expect(value.serialize(null)).toBeNull();
  });

  it('rejects records with the wrong number of fields', () => {
    expect(readError(strings(3), 'a,b')).toBe('Column count mismatch on deserialization. expected: 3, got: 2');
  });

  it('rejects fields that are not values of their type', () => {
    expect(readError([{ name: 'ID', type: INTEGER }], 'abc')).toBe(
      "Error deserializing delimited: 'abc' is not a valid INTEGER (column `ID`)",
    );
    expect(readError([{ name: 'ID', type: INTEGER }], '3000000000')).toBe(
      "Error deserializing delimited: '3000000000' is not a valid INTEGER (column `ID`)",
    );
    expect(readError([{ name: 'V', type: decimal(4, 2) }], '123.4')).toBe(
      'Error deserializing delimited: Numeric field overflow: A field with precision 4 and scale 2 must round to an absolute value less than 10^2. Got 123.4',
    );
    expect(readError(strings(1), '"unterminated')).toBe(
      'Error deserializing delimited: EOF reached before encapsulated token finished',
    );
    expect(readError(strings(2), '"a"x,b')).toBe(
      'Error deserializing delimited: invalid char between encapsulated token and delimiter',
    );
  });

  it('reads doubles with Java syntax', () => {
    const cols: SerdeColumn[] = [{ name: 'D', type: DOUBLE }];
    expect(read(cols, '654.321')).toEqual([654.321]);
    expect(read(cols, '1e3')).toEqual([1000]);
    expect(read(cols, '2.5d')).toEqual([2.5]);
    expect(read(cols, '-Infinity')).toEqual([-Infinity]);
  });
});
