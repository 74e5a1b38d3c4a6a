// Text rendering of results: tables fitted to the terminal, long cells wrapped, typed values.

import { describe, expect, it } from 'vitest';
import { Decimal } from 'decimal.js';
import { fitWidths, formatValue, renderResult, schemaText, table } from '../../cli/render.js';
import { array, BIGINT, DATE, decimal, DOUBLE, map, STRING, struct, TIME, TIMESTAMP } from '../../src/types/sql-type.js';

describe('table', () => {
  it('draws a boxed table as wide as its content when it fits', () => {
    expect(table(['Name', 'Type'], [['ID', 'BIGINT']], 80)).toBe(
      ['+------+--------+', '| Name | Type   |', '+------+--------+', '| ID   | BIGINT |', '+------+--------+'].join('\n'),
    );
  });

  it('narrows the widest columns to fit the width and wraps their cells, losing nothing', () => {
    const long = 'CREATE STREAM big AS SELECT a, b, c FROM small WHERE a > 1';
    const out = table(['Query ID', 'Query String'], [['CSAS_BIG_1', long]], 40);
    const lines = out.split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(40);
    expect(lines.filter((l) => l.startsWith('|')).length).toBeGreaterThan(2);
    const rebuilt = lines
      .slice(3, -1)
      .map((l) => l.split('|')[2]!.trim())
      .join(' ');
    expect(rebuilt).toBe(long);
    // 40 columns minus 7 of borders: the narrow column keeps its 10, the wide one gets the other 23.
    expect(fitWidths(['a', 'b'], [['x'.repeat(50), 'y'.repeat(10)]], 40)).toEqual([23, 10]);
  });
});

describe('formatValue', () => {
  it('shows dates, times and timestamps readably and structures as JSON', () => {
    expect(formatValue(Date.UTC(2024, 0, 2, 3, 4, 5, 6), TIMESTAMP)).toBe('2024-01-02T03:04:05.006');
    expect(formatValue(19724, DATE)).toBe('2024-01-02');
    expect(formatValue(3_723_000, TIME)).toBe('01:02:03');
    expect(formatValue(2n ** 60n, BIGINT)).toBe('1152921504606846976');
    expect(formatValue(new Decimal('12.50'), undefined)).toBe('12.5');
    expect(formatValue(new Decimal('12.3'), decimal(5, 2))).toBe('12.30');
    expect(formatValue([new Decimal('1')], array(decimal(3, 1)))).toBe('["1.0"]');
    expect(formatValue({ CITY: 'Paris', AT: 0 }, struct([{ name: 'CITY', type: STRING }, { name: 'AT', type: TIMESTAMP }]))).toBe(
      '{"CITY":"Paris","AT":"1970-01-01T00:00:00.000"}',
    );
    expect(formatValue(new Map([['k', [1, 2]]]), map(STRING, array(BIGINT)))).toBe('{"k":[1,2]}');
    expect(formatValue(12, DOUBLE)).toBe('12.0');
    expect(formatValue(0.5, DOUBLE)).toBe('0.5');
    expect(formatValue(null, STRING)).toBe('null');
  });
});

describe('renderResult', () => {
  it("prints a command's message in ksqlDB's frame and nothing for an empty one", () => {
    const status = (message: string) =>
      ({ type: 'currentStatus', statementText: '', commandId: 'c', commandStatus: { status: 'SUCCESS', message }, commandSequenceNumber: 1, warnings: [] }) as const;
    expect(renderResult(status('Stream created'), 80)).toBe(' Message\n----------------\n Stream created\n----------------');
    expect(renderResult(status(''), 80)).toBe('');
  });
});

describe('schemaText', () => {
  it('spells out nested types as DESCRIBE shows them', () => {
    const field = (name: string, type: string) => ({ name, schema: { type, fields: null, memberSchema: null } });
    expect(schemaText({ type: 'STRUCT', fields: [field('CITY', 'STRING'), field('ZIP', 'INTEGER')], memberSchema: null })).toBe('STRUCT<CITY STRING, ZIP INTEGER>');
    expect(schemaText({ type: 'MAP', fields: null, memberSchema: { type: 'ARRAY', fields: null, memberSchema: { type: 'BIGINT', fields: null, memberSchema: null } } })).toBe(
      'MAP<STRING, ARRAY<BIGINT>>',
    );
  });
});
