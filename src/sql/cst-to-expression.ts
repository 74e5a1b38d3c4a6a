// Converts expression CSTs into Expression nodes, each with the position where it starts.
// Chains of binary operators become left-associative trees; `-5` is one negative literal, as in
// ksqlDB (so `-2147483648` is an INTEGER), while `-x` is a Unary node.

import type { IToken } from 'chevrotain';
import type {
  AndExpressionCstNode,
  CaseExpressionCstNode,
  ExpressionCstNode,
  FunctionCallCstNode,
  LambdaExpressionCstNode,
  LiteralCstNode,
  MultiplicativeExpressionCstNode,
  NotExpressionCstNode,
  PostfixExpressionCstNode,
  PredicateCstNode,
  PrimaryExpressionCstNode,
  TypedLiteralCstNode,
  UnaryExpressionCstNode,
  ValueExpressionCstNode,
} from '../../grammar/cst.js';
import type { ArithmeticOp, ComparisonOp, Expression, Loc } from './ast.js';
import { identifierRaw, identifierText, nodeLoc, numericLiteral, only, parseError, stringValue, timeUnit, tokenLoc } from './cst-util.js';
import { typeFromCst } from './cst-to-type.js';

export function expressionFromCst(n: ExpressionCstNode): Expression {
  const operands = n.children.andExpression.map(andFromCst);
  return operands.reduce((left, right) => ({ kind: 'Logical', op: 'OR', left, right, loc: left.loc }));
}

function andFromCst(n: AndExpressionCstNode): Expression {
  const operands = n.children.notExpression.map(notFromCst);
  return operands.reduce((left, right) => ({ kind: 'Logical', op: 'AND', left, right, loc: left.loc }));
}

function notFromCst(n: NotExpressionCstNode): Expression {
  const c = n.children;
  if (c.Not !== undefined) return { kind: 'Not', operand: notFromCst(only(c.notExpression)), loc: nodeLoc(n) };
  const p = only(c.predicated).children;
  const value = valueFromCst(only(p.valueExpression));
  const predicate = p.predicate?.[0];
  return predicate === undefined ? value : predicateFromCst(value, predicate);
}

const COMPARISONS: Readonly<Record<string, ComparisonOp>> = {
  '=': '=',
  '<>': '<>',
  '!=': '<>',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};

function predicateFromCst(value: Expression, n: PredicateCstNode): Expression {
  const c = n.children;
  const loc = value.loc;
  const negated = c.Not !== undefined;
  if (c.ComparisonOperator !== undefined) {
    const op = COMPARISONS[only(c.ComparisonOperator).image]!;
    return { kind: 'Comparison', op, left: value, right: valueFromCst(only(c.right)), loc };
  }
  if (c.Between !== undefined) {
    return { kind: 'Between', value, low: valueFromCst(only(c.low)), high: valueFromCst(only(c.high)), negated, loc };
  }
  if (c.In !== undefined) return { kind: 'InList', value, list: (c.list ?? []).map(expressionFromCst), negated, loc };
  if (c.Like !== undefined) {
    const escapeToken = c.escape?.[0];
    const pattern = valueFromCst(only(c.pattern));
    if (escapeToken === undefined) return { kind: 'Like', value, pattern, negated, loc };
    const escape = stringValue(escapeToken);
    if (escape.length !== 1) throw parseError(`Expected single character escape but got: ${escape}`, tokenLoc(escapeToken));
    return { kind: 'Like', value, pattern, escape, negated, loc };
  }
  if (c.Null !== undefined) return { kind: 'IsNull', value, negated, loc };
  const op: ComparisonOp = negated ? 'IS NOT DISTINCT FROM' : 'IS DISTINCT FROM';
  return { kind: 'Comparison', op, left: value, right: valueFromCst(only(c.right)), loc };
}

export function valueFromCst(n: ValueExpressionCstNode): Expression {
  const operands = n.children.multiplicativeExpression.map(multiplicativeFromCst);
  return binaryChain(operands, n.children.AdditiveOperator ?? []);
}

function multiplicativeFromCst(n: MultiplicativeExpressionCstNode): Expression {
  const operands = n.children.unaryExpression.map(unaryFromCst);
  return binaryChain(operands, n.children.MultiplicativeOperator ?? []);
}

function binaryChain(operands: Expression[], operators: readonly IToken[]): Expression {
  let result = operands[0]!;
  for (let i = 1; i < operands.length; i++) {
    const op = operators[i - 1]!.image as ArithmeticOp;
    result = { kind: 'Arithmetic', op, left: result, right: operands[i]!, loc: result.loc };
  }
  return result;
}

function unaryFromCst(n: UnaryExpressionCstNode): Expression {
  const c = n.children;
  const sign = c.AdditiveOperator?.[0];
  if (sign === undefined) return postfixFromCst(only(c.postfixExpression));
  const operandNode = only(c.unaryExpression);
  const loc = tokenLoc(sign);
  if (sign.image === '-') {
    const number = bareNumber(operandNode);
    if (number !== undefined) return numericLiteral(number, true, loc);
  }
  return { kind: 'Unary', op: sign.image === '-' ? '-' : '+', operand: unaryFromCst(operandNode), loc };
}

/** The number token when a unary operand is just a number, as in `-5`. */
function bareNumber(n: UnaryExpressionCstNode): IToken | undefined {
  const postfix = n.children.postfixExpression?.[0];
  if (postfix === undefined || postfix.children.subscript !== undefined || postfix.children.dereference !== undefined) {
    return undefined;
  }
  return only(postfix.children.primaryExpression).children.literal?.[0]?.children.NumberLiteral?.[0];
}

function postfixFromCst(n: PostfixExpressionCstNode): Expression {
  const c = n.children;
  let result = primaryFromCst(only(c.primaryExpression));
  // Subscripts and dereferences apply in the order written, which the CST keeps in two lists.
  const steps = [...(c.subscript ?? []), ...(c.dereference ?? [])].sort(
    (a, b) => (a.location?.startOffset ?? 0) - (b.location?.startOffset ?? 0),
  );
  for (const step of steps) {
    if (step.name === 'subscript') {
      const index = valueFromCst(only(step.children.valueExpression));
      result = { kind: 'Subscript', base: result, index, loc: result.loc };
    } else {
      result = { kind: 'Dereference', base: result, field: identifierText(only(step.children.identifier)), loc: result.loc };
    }
  }
  return result;
}

function primaryFromCst(n: PrimaryExpressionCstNode): Expression {
  const c = n.children;
  const loc = nodeLoc(n);
  if (c.literal !== undefined) return literalFromCst(only(c.literal), loc);
  if (c.typedLiteral !== undefined) return typedLiteralFromCst(only(c.typedLiteral), loc);
  if (c.caseExpression !== undefined) return caseFromCst(only(c.caseExpression), loc);
  if (c.castExpression !== undefined) {
    const cast = only(c.castExpression).children;
    return { kind: 'Cast', expr: expressionFromCst(only(cast.expression)), type: typeFromCst(only(cast.type)), loc };
  }
  if (c.arrayConstructor !== undefined) {
    return { kind: 'ArrayConstructor', items: (only(c.arrayConstructor).children.expression ?? []).map(expressionFromCst), loc };
  }
  if (c.mapConstructor !== undefined) {
    const m = only(c.mapConstructor).children;
    const values = m.value ?? [];
    const entries = (m.key ?? []).map((k, i) => ({ key: expressionFromCst(k), value: expressionFromCst(values[i]!) }));
    return { kind: 'MapConstructor', entries, loc };
  }
  if (c.structConstructor !== undefined) {
    const s = only(c.structConstructor).children;
    const values = s.expression ?? [];
    const fields = (s.identifier ?? []).map((f, i) => ({ name: identifierText(f), value: expressionFromCst(values[i]!) }));
    return { kind: 'StructConstructor', fields, loc };
  }
  if (c.functionCall !== undefined) return functionCallFromCst(only(c.functionCall), loc);
  if (c.columnReference !== undefined) {
    const r = only(c.columnReference).children;
    const first = identifierText(only(r.identifier));
    const column = r.column?.[0];
    if (column === undefined) return { kind: 'ColumnRef', name: first, loc };
    return { kind: 'ColumnRef', source: first, name: identifierText(column), loc };
  }
  const inner = expressionFromCst(only(only(c.parenthesizedExpression).children.expression));
  return inner;
}

function literalFromCst(n: LiteralCstNode, loc: Loc): Expression {
  const c = n.children;
  if (c.Null !== undefined) return { kind: 'NullLiteral', loc };
  if (c.True !== undefined) return { kind: 'BooleanLiteral', value: true, loc };
  if (c.False !== undefined) return { kind: 'BooleanLiteral', value: false, loc };
  if (c.StringLiteral !== undefined) return { kind: 'StringLiteral', value: stringValue(only(c.StringLiteral)), loc };
  return numericLiteral(only(c.NumberLiteral), false, loc);
}

function typedLiteralFromCst(n: TypedLiteralCstNode, loc: Loc): Expression {
  const c = n.children;
  const type = c.Date !== undefined ? 'DATE' : c.Time !== undefined ? 'TIME' : 'TIMESTAMP';
  return { kind: 'TypedLiteral', type, value: stringValue(only(c.StringLiteral)), loc };
}

function caseFromCst(n: CaseExpressionCstNode, loc: Loc): Expression {
  const c = n.children;
  const whens = c.whenClause.map((w) => ({
    when: expressionFromCst(only(w.children.when)),
    then: expressionFromCst(only(w.children.then)),
  }));
  const elseNode = c.else?.[0];
  const elseExpr = elseNode === undefined ? undefined : expressionFromCst(elseNode);
  const operand = c.operand?.[0];
  if (operand === undefined) {
    return elseExpr === undefined ? { kind: 'SearchedCase', whens, loc } : { kind: 'SearchedCase', whens, else: elseExpr, loc };
  }
  const value = valueFromCst(operand);
  return elseExpr === undefined
    ? { kind: 'SimpleCase', operand: value, whens, loc }
    : { kind: 'SimpleCase', operand: value, whens, else: elseExpr, loc };
}

function functionCallFromCst(n: FunctionCallCstNode, loc: Loc): Expression {
  const c = n.children;
  const name = identifierText(only(c.identifier)).toUpperCase();
  const raw = identifierRaw(only(c.identifier));
  const w = raw !== name ? { written: raw } : {};
  if (c.Star !== undefined) return { kind: 'FunctionCall', name, args: [], star: true, ...w, loc };
  const args = (c.functionArgument ?? []).map((a): Expression => {
    const ac = a.children;
    if (ac.lambdaExpression !== undefined) return lambdaFromCst(only(ac.lambdaExpression));
    const unit = ac.TimeUnit?.[0];
    if (unit !== undefined) return { kind: 'IntervalUnit', unit: timeUnit(unit), written: unit.image.toUpperCase(), loc: tokenLoc(unit) };
    return expressionFromCst(only(ac.expression));
  });
  if (c.Distinct !== undefined) return { kind: 'FunctionCall', name, args, distinct: true, ...w, loc };
  return { kind: 'FunctionCall', name, args, ...w, loc };
}

function lambdaFromCst(n: LambdaExpressionCstNode): Expression {
  const c = n.children;
  const params = (c.params ?? []).map(identifierText);
  return { kind: 'Lambda', params, body: expressionFromCst(only(c.expression)), loc: nodeLoc(n) };
}
