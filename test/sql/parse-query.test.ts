import { describe, expect, it } from 'vitest';
import { parseStatements } from '../../src/sql/parse.js';
import { col, errorOf, int, statement } from './ast-helpers.js';

function query(sql: string) {
  const s = statement(sql);
  if (s.kind !== 'QueryStatement') throw new Error(`not a query: ${s.kind}`);
  return s.query;
}

describe('SELECT clauses', () => {
  it('reads *, source.*, aliases with and without AS, and struct->*', () => {
    expect(query('SELECT *, s.*, a AS x, b y, st->* FROM s;').select).toEqual([
      { kind: 'AllColumns' },
      { kind: 'AllColumns', source: 'S' },
      { kind: 'SingleColumn', expr: col('A'), alias: 'X' },
      { kind: 'SingleColumn', expr: col('B'), alias: 'Y' },
      { kind: 'AllColumns', struct: col('ST') },
    ]);
  });

  it('tells a push query (EMIT) from a pull query (none)', () => {
    expect(query('SELECT * FROM s EMIT CHANGES;').emit).toBe('CHANGES');
    expect(query('SELECT * FROM s EMIT FINAL;').emit).toBe('FINAL');
    expect(query('SELECT * FROM s;').emit).toBeUndefined();
  });

  it('reads WHERE, GROUP BY, PARTITION BY, HAVING and LIMIT', () => {
    expect(query('SELECT a FROM s WHERE a > 1 GROUP BY a, b PARTITION BY c HAVING COUNT(*) > 2 EMIT CHANGES LIMIT 10;')).toMatchObject({
      where: { kind: 'Comparison', op: '>', left: col('A'), right: int('1') },
      groupBy: [col('A'), col('B')],
      partitionBy: [col('C')],
      having: { kind: 'Comparison', op: '>' },
      limit: 10,
    });
  });

  it('reads a parenthesized GROUP BY list, and an empty PARTITION BY list for the analyzer to reject', () => {
    expect(query('SELECT a FROM s GROUP BY (a, b);').groupBy).toEqual([col('A'), col('B')]);
    expect(query('SELECT a FROM s GROUP BY (a) + 1;').groupBy).toEqual([{ kind: 'Arithmetic', op: '+', left: col('A'), right: int('1') }]);
    expect(query('SELECT a FROM s PARTITION BY ();').partitionBy).toEqual([]);
  });

  it('reads ORDER BY and OFFSET for pull queries', () => {
    expect(query('SELECT * FROM t ORDER BY a DESC, b ASC, c LIMIT 5 OFFSET 20;')).toMatchObject({
      orderBy: [
        { expr: col('A'), descending: true },
        { expr: col('B'), descending: false },
        { expr: col('C'), descending: false },
      ],
      limit: 5,
      offset: 20,
    });
  });

  it("rejects a LIMIT that is not a whole number with ksqlDB's message", () => {
    expect(errorOf(() => parseStatements('SELECT * FROM riderLocations LIMIT 2.5;')).message).toBe('Failed to prepare statement: Value must be integer for command: LIMIT');
    expect(query('SELECT * FROM s LIMIT -1;').limit).toBe(-1);
  });
});

describe('windows', () => {
  it('reads TUMBLING with retention and grace period, singular or plural units', () => {
    expect(query('SELECT * FROM s WINDOW TUMBLING (SIZE 1 MINUTE, RETENTION 2 DAYS, GRACE PERIOD 10 SECOND) GROUP BY a;').window).toEqual({
      kind: 'TUMBLING',
      size: { value: 1, unit: 'MINUTES' },
      retention: { value: 2, unit: 'DAYS' },
      grace: { value: 10, unit: 'SECONDS' },
    });
  });

  it('reads HOPPING and SESSION windows', () => {
    expect(query('SELECT * FROM s WINDOW HOPPING (SIZE 5 SECONDS, ADVANCE BY 1 MILLISECOND) GROUP BY a;').window).toEqual({
      kind: 'HOPPING',
      size: { value: 5, unit: 'SECONDS' },
      advanceBy: { value: 1, unit: 'MILLISECONDS' },
    });
    expect(query('SELECT * FROM s WINDOW SESSION (30 HOURS, GRACE PERIOD 1 HOUR) GROUP BY a;').window).toEqual({
      kind: 'SESSION',
      gap: { value: 30, unit: 'HOURS' },
      grace: { value: 1, unit: 'HOURS' },
    });
  });

  it('rejects a window size that is not a whole number', () => {
    expect(errorOf(() => parseStatements('SELECT * FROM s WINDOW TUMBLING (SIZE 1.5 SECONDS) GROUP BY a;')).message).toContain('whole number');
  });
});

describe('joins', () => {
  it('builds left-deep joins with their types, windows and grace periods', () => {
    const q = query(
      'SELECT * FROM a JOIN b WITHIN 10 SECONDS ON a.id = b.id LEFT OUTER JOIN c WITHIN (1 SECOND, 2 MINUTES) GRACE PERIOD 5 SECONDS ON a.id = c.id FULL JOIN d x ON a.id = x.id RIGHT JOIN e ON 1 = 1;',
    );
    expect(q.from).toMatchObject({
      kind: 'Join',
      type: 'RIGHT',
      right: { name: 'E' },
      left: {
        kind: 'Join',
        type: 'FULL',
        right: { name: 'D', alias: 'X' },
        left: {
          kind: 'Join',
          type: 'LEFT',
          within: { before: { value: 1, unit: 'SECONDS' }, after: { value: 2, unit: 'MINUTES' }, grace: { value: 5, unit: 'SECONDS' } },
          left: {
            kind: 'Join',
            type: 'INNER',
            left: { kind: 'Source', name: 'A' },
            right: { kind: 'Source', name: 'B' },
            within: { before: { value: 10, unit: 'SECONDS' }, after: { value: 10, unit: 'SECONDS' } },
            on: { kind: 'Comparison', op: '=', left: col('ID', 'A'), right: col('ID', 'B') },
          },
        },
      },
    });
  });
});
