import { describe, expect, it } from 'vitest';
import { expressionKey } from '../../src/analyze/expr-walk.js';
import { parseExpression } from '../../src/sql/parse.js';

const key = (sql: string): string => expressionKey(parseExpression(sql));

describe('expressionKey', () => {
  it('ignores qualifiers, positions and the case a function name is written in', () => {
    expect(key('initcap(t.col1)')).toBe(key('INITCAP( COL1 )'));
  });

  it('tells apart expressions that differ in operand order or literals', () => {
    expect(key('a + b')).not.toBe(key('b + a'));
    expect(key('SUBSTRING(s, 0, 1)')).not.toBe(key('SUBSTRING(s, 0, 2)'));
  });
});
