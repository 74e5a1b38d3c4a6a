import { describe, expect, it } from 'vitest';
import { parseSchemaText, schemaMismatch } from '../../src/testing/schema-text.js';
import type { TestColumn } from '../../src/testing/test-engine.js';
import { array, BIGINT, BYTES, decimal, INTEGER, STRING, struct } from '../../src/types/sql-type.js';

const col = (name: string, type: TestColumn['type'], namespace: TestColumn['namespace'] = 'VALUE', headerKey: string | null = null): TestColumn => ({ name, type, namespace, headerKey });

describe('parseSchemaText', () => {
  it('reads names, canonical types and key markers', () => {
    expect(parseSchemaText("K STRING KEY, `v` INT, D DECIMAL(4,2), P INT PRIMARY KEY, H BYTES HEADER('abc'), HS ARRAY<STRUCT<key STRING, value BYTES>> HEADERS")).toEqual([
      { name: 'K', type: 'STRING', namespace: 'KEY', headerKey: null },
      { name: 'v', type: 'INTEGER', namespace: 'VALUE', headerKey: null },
      { name: 'D', type: 'DECIMAL(4, 2)', namespace: 'VALUE', headerKey: null },
      { name: 'P', type: 'INTEGER', namespace: 'KEY', headerKey: null },
      { name: 'H', type: 'BYTES', namespace: 'HEADERS', headerKey: 'abc' },
      { name: 'HS', type: 'ARRAY<STRUCT<`KEY` STRING, `VALUE` BYTES>>', namespace: 'HEADERS', headerKey: null },
    ]);
  });

  it('reads nested and empty structs, maps, VARCHAR and names starting with a digit', () => {
    expect(parseSchemaText('S STRUCT< >, M MAP<STRING, ARRAY<DECIMAL(19, 0)>>, 1R VARCHAR, T STRUCT<F1 STRUCT<`c1` STRING>>').map((c) => `${c.name} ${c.type}`)).toEqual([
      'S STRUCT<>',
      'M MAP<STRING, ARRAY<DECIMAL(19, 0)>>',
      '1R STRING',
      'T STRUCT<`F1` STRUCT<`c1` STRING>>',
    ]);
  });

  it('rejects text that is not a schema', () => {
    expect(() => parseSchemaText('K ARRAY<INT')).toThrow(/expected '>'/);
  });
});

describe('schemaMismatch', () => {
  const actual = [col('ID', BIGINT, 'KEY'), col('NAME', STRING), col('L', array(decimal(19, 0))), col('S', struct([{ name: 'F1', type: INTEGER }]))];

  it('matches the engine columns whatever the spelling of the expected text', () => {
    expect(schemaMismatch('ID BIGINT KEY, `NAME` VARCHAR, L ARRAY<DECIMAL(19,0)>, s STRUCT<f1 INT>', actual)).toBeNull();
  });

  it('compares key columns and value columns each in order, not their interleaving', () => {
    expect(schemaMismatch('NAME STRING, ID BIGINT KEY, L ARRAY<DECIMAL(19, 0)>, S STRUCT<F1 INTEGER>', actual)).toBeNull();
    expect(schemaMismatch('ID BIGINT KEY, L ARRAY<DECIMAL(19, 0)>, NAME STRING, S STRUCT<F1 INTEGER>', actual)).not.toBeNull();
  });

  it('tells a quoted lower-case name from the upper-case one', () => {
    expect(schemaMismatch('ID BIGINT KEY, `name` STRING, L ARRAY<DECIMAL(19, 0)>, S STRUCT<F1 INTEGER>', actual)).toMatch(/^expected schema `ID` BIGINT KEY, `name` STRING/);
  });

  it('compares header columns with their header key', () => {
    expect(schemaMismatch("K INT KEY, H BYTES HEADER('a')", [col('K', INTEGER, 'KEY'), col('H', BYTES, 'HEADERS', 'a')])).toBeNull();
    expect(schemaMismatch("K INT KEY, H BYTES HEADER('b')", [col('K', INTEGER, 'KEY'), col('H', BYTES, 'HEADERS', 'a')])).not.toBeNull();
  });

  it('explains an unreadable expected schema instead of throwing', () => {
    expect(schemaMismatch('K ARRAY<', actual)).toMatch(/^cannot read expected schema/);
  });
});
