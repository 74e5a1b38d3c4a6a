// Type names as servers write them in query headers, read back into SqlTypes.

import { describe, expect, it } from 'vitest';
import { parseTypeText } from '../../src/client/type-text.js';
import { formatType } from '../../src/types/sql-type.js';

describe('parseTypeText', () => {
  it('reads back every type the engine formats, nested ones included', () => {
    for (const text of [
      'BOOLEAN',
      'INTEGER',
      'BIGINT',
      'DOUBLE',
      'STRING',
      'BYTES',
      'DATE',
      'TIME',
      'TIMESTAMP',
      'DECIMAL(5, 2)',
      'ARRAY<INTEGER>',
      'MAP<STRING, DOUBLE>',
      'STRUCT<`X` INTEGER, `Y` STRING>',
      'ARRAY<STRUCT<`a b` MAP<STRING, ARRAY<DECIMAL(10, 0)>>>>',
      'STRUCT<>',
    ]) {
      expect(formatType(parseTypeText(text))).toBe(text);
    }
  });

  it("accepts ksqlDB's other spellings: INT, VARCHAR, bare field names, no spaces", () => {
    expect(parseTypeText('INT')).toEqual({ kind: 'INTEGER' });
    expect(parseTypeText('varchar')).toEqual({ kind: 'STRING' });
    expect(formatType(parseTypeText('STRUCT<A INT,B DECIMAL(4,1)>'))).toBe('STRUCT<`A` INTEGER, `B` DECIMAL(4, 1)>');
    expect(parseTypeText('STRUCT<`x``y` INT>')).toEqual({ kind: 'STRUCT', fields: [{ name: 'x`y', type: { kind: 'INTEGER' } }] });
  });

  it('refuses text that is not a type, saying where', () => {
    expect(() => parseTypeText('ARRAY<INTEGER')).toThrow("Not a SQL type: 'ARRAY<INTEGER' (at character 14).");
    expect(() => parseTypeText('FLOAT')).toThrow("Not a SQL type: 'FLOAT'");
    expect(() => parseTypeText('INTEGER x')).toThrow("Not a SQL type: 'INTEGER x'");
  });
});
