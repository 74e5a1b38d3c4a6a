// Test helpers for the SQL front end: parse one statement or expression and drop positions, so
// tests compare the shape of the AST.

import type { Expression, Statement } from '../../src/sql/ast.js';
import { parseExpression, parseStatements } from '../../src/sql/parse.js';

/** A deep copy without `loc` fields. */
export function withoutLoc<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (key, v: unknown) => (key === 'loc' || key === 'written' ? undefined : v))) as T;
}

export function statement(sql: string): Statement {
  const parsed = parseStatements(sql);
  if (parsed.length !== 1) throw new Error(`expected one statement, got ${parsed.length}`);
  return withoutLoc(parsed[0]!.statement);
}

export function expr(sql: string): Expression {
  return withoutLoc(parseExpression(sql));
}

/** A column reference, as the parser normalizes it. */
export function col(name: string, source?: string): Expression {
  return source === undefined ? { kind: 'ColumnRef', name } : { kind: 'ColumnRef', source, name };
}

export function int(text: string): Expression {
  return { kind: 'NumericLiteral', text, type: 'INTEGER' };
}

/** The error a call throws (fails the test when it does not throw). */
export function errorOf(fn: () => unknown): Error & { code?: string; loc?: { line: number; column: number } } {
  try {
    fn();
  } catch (e) {
    return e as Error & { code?: string; loc?: { line: number; column: number } };
  }
  throw new Error('expected an error');
}
