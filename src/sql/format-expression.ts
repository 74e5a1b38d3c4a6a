// Expressions and types back to SQL, in the style of ksqlDB's ExpressionFormatter: every binary
// operation and predicate in parentheses, `null`/`true` in lower case, struct fields in backticks.
// The output parses back to the same AST, and reads like ksqlDB's error messages.

import type { Expression, TypeNode } from './ast.js';
import { quoteIdentifier, quoteString } from './identifiers.js';

export function formatExpression(e: Expression): string {
  switch (e.kind) {
    case 'NullLiteral':
      return 'null';
    case 'BooleanLiteral':
      return e.value ? 'true' : 'false';
    case 'NumericLiteral':
      return e.text;
    case 'StringLiteral':
      return quoteString(e.value);
    case 'TypedLiteral':
      return `${e.type} ${quoteString(e.value)}`;
    case 'ColumnRef':
      return e.source === undefined ? quoteIdentifier(e.name) : `${quoteIdentifier(e.source)}.${quoteIdentifier(e.name)}`;
    case 'Dereference':
      return `${formatExpression(e.base)}->${quoteIdentifier(e.field)}`;
    case 'Subscript':
      return `${formatExpression(e.base)}[${formatExpression(e.index)}]`;
    case 'FunctionCall': {
      if (e.star === true) return `${quoteFunctionName(e.name)}(*)`;
      const args = e.args.map(formatExpression).join(', ');
      return `${quoteFunctionName(e.name)}(${e.distinct === true ? 'DISTINCT ' : ''}${args})`;
    }
    case 'Lambda':
      return `(${e.params.map(quoteIdentifier).join(', ')}) => ${formatExpression(e.body)}`;
    case 'IntervalUnit':
      return e.unit;
    case 'Arithmetic':
      return `(${formatExpression(e.left)} ${e.op} ${formatExpression(e.right)})`;
    case 'Unary': {
      const operand = formatExpression(e.operand);
      // A space keeps `- -1` from reading as a `--` comment.
      return e.op + (operand.startsWith(e.op) ? ' ' : '') + operand;
    }
    case 'Comparison':
    case 'Logical':
      return `(${formatExpression(e.left)} ${e.op} ${formatExpression(e.right)})`;
    case 'Not':
      return `(NOT ${formatExpression(e.operand)})`;
    case 'Between':
      return `(${formatExpression(e.value)} ${e.negated ? 'NOT ' : ''}BETWEEN ${formatExpression(e.low)} AND ${formatExpression(e.high)})`;
    case 'InList':
      return `(${formatExpression(e.value)} ${e.negated ? 'NOT ' : ''}IN (${e.list.map(formatExpression).join(', ')}))`;
    case 'Like': {
      const escape = e.escape === undefined ? '' : ` ESCAPE ${quoteString(e.escape)}`;
      return `(${formatExpression(e.value)} ${e.negated ? 'NOT ' : ''}LIKE ${formatExpression(e.pattern)}${escape})`;
    }
    case 'IsNull':
      return `(${formatExpression(e.value)} IS ${e.negated ? 'NOT ' : ''}NULL)`;
    case 'SearchedCase':
    case 'SimpleCase': {
      const operand = e.kind === 'SimpleCase' ? ` ${formatExpression(e.operand)}` : '';
      const whens = e.whens.map((w) => ` WHEN ${formatExpression(w.when)} THEN ${formatExpression(w.then)}`).join('');
      const otherwise = e.else === undefined ? '' : ` ELSE ${formatExpression(e.else)}`;
      return `(CASE${operand}${whens}${otherwise} END)`;
    }
    case 'Cast':
      return `CAST(${formatExpression(e.expr)} AS ${formatType(e.type)})`;
    case 'ArrayConstructor':
      return `ARRAY[${e.items.map(formatExpression).join(', ')}]`;
    case 'MapConstructor':
      return `MAP(${e.entries.map((x) => `${formatExpression(x.key)}:=${formatExpression(x.value)}`).join(', ')})`;
    case 'StructConstructor':
      return `STRUCT(${e.fields.map((f) => `${quoteIdentifier(f.name)}:=${formatExpression(f.value)}`).join(', ')})`;
    default:
      return unreachable(e);
  }
}

/** Function names are upper-cased already; only odd characters need quotes. */
function quoteFunctionName(name: string): string {
  return /^[A-Z_][A-Z0-9_]*$/.test(name) ? name : quoteIdentifier(name);
}

export function formatType(t: TypeNode): string {
  switch (t.kind) {
    case 'DECIMAL':
      return `DECIMAL(${t.precision}, ${t.scale})`;
    case 'ARRAY':
      return `ARRAY<${formatType(t.item)}>`;
    case 'MAP':
      return `MAP<${formatType(t.key)}, ${formatType(t.value)}>`;
    case 'STRUCT':
      return `STRUCT<${t.fields.map((f) => `\`${f.name.split('`').join('``')}\` ${formatType(f.type)}`).join(', ')}>`;
    case 'NAMED':
      return quoteIdentifier(t.name);
    default:
      return t.kind;
  }
}

export function unreachable(x: never): never {
  throw new Error(`unhandled node: ${JSON.stringify(x)}`);
}
