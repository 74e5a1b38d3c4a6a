// Typing of operators: arithmetic (with ksqlDB's numeric widening and DECIMAL precision rules),
// comparisons (which type pairs may be compared, and as what), logic and predicates.

import { toDecimalType, widerNumeric } from '../functions/signature.js';
import type { ArithmeticOp, ComparisonOp, Expression } from '../sql/ast.js';
import { formatExpression } from '../sql/format.js';
import * as T from '../types/sql-type.js';
import type { SqlType } from '../types/sql-type.js';
import { convertTo, typeError } from './coercion.js';
import type { Typed } from './typed.js';

const RANK: Partial<Record<SqlType['kind'], number>> = { INTEGER: 0, BIGINT: 1, DECIMAL: 2, DOUBLE: 3 };

/** ksqlDB's DECIMAL result type of `left op right` (SqlDecimal.add/multiply/divide/modulus). */
export function decimalResultType(op: ArithmeticOp, left: SqlType, right: SqlType): SqlType {
  const l = toDecimalType(left);
  const r = toDecimalType(right);
  if (l.kind !== 'DECIMAL' || r.kind !== 'DECIMAL') throw new Error('decimalResultType needs decimals');
  const [p1, s1, p2, s2] = [l.precision, l.scale, r.precision, r.scale];
  switch (op) {
    case '+':
    case '-':
      return T.decimal(Math.max(s1, s2) + Math.max(p1 - s1, p2 - s2) + 1, Math.max(s1, s2));
    case '*':
      return T.decimal(p1 + p2 + 1, s1 + s2);
    case '/': {
      const scale = Math.max(6, s1 + p2 + 1);
      return T.decimal(p1 - s1 + s2 + scale, scale);
    }
    case '%':
      return T.decimal(Math.min(p1 - s1, p2 - s2) + Math.max(s1, s2), Math.max(s1, s2));
  }
}

function nullName(t: SqlType | null): string {
  return t === null ? 'null' : T.formatType(t);
}

/** The result type of arithmetic, or a KsqlError with ksqlDB's wording. */
export function arithmeticType(node: Expression, op: ArithmeticOp, left: SqlType | null, right: SqlType | null): SqlType {
  const where = `Error processing expression: ${formatExpression(node)}.`;
  if (left === null || right === null) {
    throw typeError(`${where} Arithmetic on types ${nullName(left)} and ${nullName(right)} are not supported.`, node);
  }
  if (op === '+' && left.kind === 'STRING' && right.kind === 'STRING') return T.STRING;
  const rl = RANK[left.kind];
  const rr = RANK[right.kind];
  if (rl !== undefined && rr !== undefined) {
    if (rl <= rr) return right.kind === 'DECIMAL' ? decimalResultType(op, left, right) : right;
    return left.kind === 'DECIMAL' ? decimalResultType(op, left, right) : left;
  }
  throw typeError(`${where} Unsupported arithmetic types. ${left.kind} ${right.kind}`, node);
}

/** The operand type for arithmetic producing `result`: decimals keep their own precision. */
export function operandType(result: SqlType, operand: SqlType): SqlType {
  if (result.kind === 'DECIMAL') return toDecimalType(operand);
  return result;
}

const OP_NAMES: Record<ComparisonOp, string> = {
  '=': 'EQUAL',
  '<>': 'NOT_EQUAL',
  '<': 'LESS_THAN',
  '<=': 'LESS_THAN_OR_EQUAL',
  '>': 'GREATER_THAN',
  '>=': 'GREATER_THAN_OR_EQUAL',
  'IS DISTINCT FROM': 'IS_DISTINCT_FROM',
  'IS NOT DISTINCT FROM': 'IS_NOT_DISTINCT_FROM',
};

const TIME_KINDS = new Set<SqlType['kind']>(['DATE', 'TIME', 'TIMESTAMP']);

export function isEqualityOp(op: ComparisonOp): boolean {
  return op === '=' || op === '<>' || op === 'IS DISTINCT FROM' || op === 'IS NOT DISTINCT FROM';
}

/** The type both sides are converted to for comparing, or undefined if they cannot be compared. */
export function comparisonType(left: SqlType, right: SqlType, op: ComparisonOp): SqlType | undefined {
  const n = widerNumeric(left, right);
  if (n !== undefined) return n;
  if (left.kind === 'ARRAY' || left.kind === 'MAP' || left.kind === 'STRUCT') {
    return isEqualityOp(op) && T.typesEqual(left, right) ? left : undefined;
  }
  if (left.kind === right.kind) return left;
  if ((left.kind === 'DATE' && right.kind === 'TIMESTAMP') || (left.kind === 'TIMESTAMP' && right.kind === 'DATE')) return T.TIMESTAMP;
  if (TIME_KINDS.has(left.kind) && right.kind === 'STRING') return left;
  if (TIME_KINDS.has(right.kind) && left.kind === 'STRING') return right;
  return undefined;
}

export function typeComparison(node: Expression & { kind: 'Comparison' }, left: Typed, right: Typed): Typed {
  const op = node.op;
  if (left.type === null || right.type === null) {
    const distinct = op === 'IS DISTINCT FROM' || op === 'IS NOT DISTINCT FROM';
    if (!distinct || (left.type === null && right.type === null)) {
      throw typeError(
        `Comparison with NULL not supported: ${left.type === null ? 'NULL' : T.formatType(left.type)} ${op} ${right.type === null ? 'NULL' : T.formatType(right.type)}\nUse 'IS NULL' or 'IS NOT NULL' instead.`,
        node,
      );
    }
    const t = (left.type ?? right.type)!;
    return { k: 'compare', op, cmpType: t, left: convertTo(left, t), right: convertTo(right, t), type: T.BOOLEAN, node };
  }
  const cmp = comparisonType(left.type, right.type, op);
  if (cmp === undefined) {
    throw typeError(
      `Cannot compare ${formatExpression(left.node)} (${T.formatType(left.type)}) to ${formatExpression(right.node)} (${T.formatType(right.type)}) with ${OP_NAMES[op]}.`,
      node,
    );
  }
  return { k: 'compare', op, cmpType: cmp, left: convertTo(left, cmp), right: convertTo(right, cmp), type: T.BOOLEAN, node };
}

export function requireBoolean(t: Typed, what: string): Typed {
  if (t.type === null) return { k: 'const', type: T.BOOLEAN, value: null, node: t.node };
  if (t.type.kind !== 'BOOLEAN') {
    throw typeError(`${what} must be BOOLEAN, but ${formatExpression(t.node)} is ${T.formatType(t.type)}.`, t.node);
  }
  return t;
}

export function requireString(t: Typed, node: Expression): Typed {
  if (t.type === null) return { k: 'const', type: T.STRING, value: null, node: t.node };
  if (t.type.kind !== 'STRING') throw typeError('Like condition must be between strings', node);
  return t;
}

