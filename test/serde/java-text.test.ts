import { describe, expect, it } from 'vitest';
import { formatCsvRecord, parseCsvRecord } from '../../src/serde/csv.js';
import { javaDoubleToString, parseJavaDouble, parseJavaInt, parseJavaLong } from '../../src/serde/java-text.js';

describe('Java text rules', () => {
  it('prints doubles like Double.toString', () => {
    const cases: [number, string][] = [
      [1, '1.0'],
      [-0, '-0.0'],
      [0, '0.0'],
      [123.456, '123.456'],
      [0.001, '0.001'],
      [0.0001, '1.0E-4'],
      [9999999, '9999999.0'],
      [1e7, '1.0E7'],
      [12345678.9, '1.23456789E7'],
      [1.5e-10, '1.5E-10'],
      [1e21, '1.0E21'],
      [-Infinity, '-Infinity'],
    ];
    for (const [d, s] of cases) expect(javaDoubleToString(d)).toBe(s);
  });

  it('parses numbers with the strictness of Integer.parseInt, Long.parseLong and Double.parseDouble', () => {
    expect(parseJavaInt('+12')).toBe(12);
    expect(parseJavaInt('2147483648')).toBeUndefined();
    expect(parseJavaInt(' 1')).toBeUndefined();
    expect(parseJavaInt('1.0')).toBeUndefined();
    expect(parseJavaLong('-9223372036854775808')).toBe(-9223372036854775808n);
    expect(parseJavaLong('9223372036854775808')).toBeUndefined();
    expect(parseJavaLong('9007199254740991')).toBe(9007199254740991);
    expect(parseJavaDouble(' 1.5 ')).toBe(1.5);
    expect(parseJavaDouble('.5f')).toBe(0.5);
    expect(parseJavaDouble('NaN')).toBeNaN();
    expect(parseJavaDouble('0x10')).toBeUndefined();
    expect(parseJavaDouble('')).toBeUndefined();
  });
});

describe('CSV records', () => {
  it('read back every field they were written with, whatever the characters', () => {
    const alphabet = ['a', 'Z', '0', ',', '"', ' ', '\t', '\n', '\r', '#', '-', 'é', '|'];
    let seed = 7;
    const next = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 500; round++) {
      const fields = Array.from({ length: 1 + next(4) }, () => Array.from({ length: next(6) }, () => alphabet[next(alphabet.length)]).join(''));
      const delimiter = round % 2 === 0 ? ',' : '|';
      const line = formatCsvRecord(fields, delimiter);
      expect(parseCsvRecord(line, delimiter)).toEqual(fields);
    }
  });
});
