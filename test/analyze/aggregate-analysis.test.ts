import { describe, expect, it } from 'vitest';
import { analyzeAggregates, isAggregateQuery } from '../../src/analyze/aggregate-analysis.js';
import { FunctionRegistry } from '../../src/functions/registry.js';
import { formatExpression } from '../../src/sql/format.js';
import type { Query } from '../../src/sql/ast.js';
import { parseStatements } from '../../src/sql/parse.js';

const ctx = { functions: FunctionRegistry.builtins() };

function query(sql: string): Query {
  const s = parseStatements(sql)[0]!.statement;
  if (s.kind !== 'QueryStatement') throw new Error('not a query');
  return s.query;
}

function analyze(sql: string): ReturnType<typeof analyzeAggregates> {
  return analyzeAggregates(query(sql), ctx, 'T');
}

describe('analyzeAggregates', () => {
  it('collects each distinct aggregate call once, whatever case it is written in', () => {
    const a = analyze('SELECT k, COUNT(*), count(*) + 1, SUM(v) FROM t GROUP BY k HAVING sum(v) > 2;');
    expect(a.calls.map((c) => formatExpression(c))).toEqual(['COUNT(*)', 'SUM(V)']);
    expect(a.groupBy.map((g) => formatExpression(g))).toEqual(['K']);
  });

  it('treats a qualified and an unqualified column as the same grouping expression', () => {
    expect(() => analyze('SELECT t.k, COUNT(*) FROM t GROUP BY k;')).not.toThrow();
    expect(() => analyze('SELECT COUNT(*) FROM t GROUP BY k, t.k;')).toThrow('Duplicate GROUP BY expression: T.K');
  });

  it('accepts a lambda whose parameter shares a name with an ungrouped column', () => {
    expect(() => analyze('SELECT k, TRANSFORM(k, v => v + 1), COUNT(*) FROM t GROUP BY k;')).not.toThrow();
  });

  it('refuses a grouping expression that calls an aggregate', () => {
    expect(() => analyze('SELECT COUNT(*) FROM t GROUP BY SUM(v);')).toThrow('GROUP BY does not support aggregate functions: SUM is an aggregate function.');
  });

  it('requires an aggregate call when there is a GROUP BY', () => {
    expect(() => analyze('SELECT k FROM t GROUP BY k;')).toThrow('GROUP BY requires aggregate functions in either the SELECT or HAVING clause.');
  });

  it('lets only a windowed aggregation use its window bounds without grouping them', () => {
    expect(() => analyze('SELECT k, WINDOWEND AS we, COUNT(*) FROM t WINDOW TUMBLING (SIZE 1 SECOND) GROUP BY k;')).not.toThrow();
    expect(() => analyze('SELECT k, WINDOWEND AS we, COUNT(*) FROM t GROUP BY k;')).toThrow('not part of GROUP BY: WINDOWEND');
  });
});

describe('isAggregateQuery', () => {
  it('is true for a GROUP BY or an aggregate call, false for a scalar query', () => {
    expect(isAggregateQuery(query('SELECT k FROM t GROUP BY k;'), ctx)).toBe(true);
    expect(isAggregateQuery(query('SELECT ABS(SUM(v)) FROM t;'), ctx)).toBe(true);
    expect(isAggregateQuery(query('SELECT ABS(v) FROM t;'), ctx)).toBe(false);
  });
});
