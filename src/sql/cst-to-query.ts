// Converts the CST of a SELECT into a Query: select items, the FROM relation with its joins
// (left-deep), windows, and the clauses that follow. Optional parts are left out of the object
// rather than set to undefined, so ASTs compare and serialize cleanly.

import type {
  AliasedRelationCstNode,
  DurationCstNode,
  ExpressionListCstNode,
  JoinedSourceCstNode,
  JoinWindowCstNode,
  QueryCstNode,
  RelationCstNode,
  SelectItemCstNode,
  WindowExpressionCstNode,
  WindowOptionsCstNode,
} from '../../grammar/cst.js';
import type { AliasedSource, Duration, Expression, JoinType, JoinWindow, Query, Relation, SelectItem, WindowExpression } from './ast.js';
import { expressionFromCst, valueFromCst } from './cst-to-expression.js';
import { identifierText, integerValue, nodeLoc, numberText, only, parseError, timeUnit, tokenLoc } from './cst-util.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function queryFromCst(n: QueryCstNode): Query {
  const c = n.children;
  const q: Mutable<Query> = {
    kind: 'Query',
    select: c.selectItem.map(selectItemFromCst),
    from: relationFromCst(only(c.relation)),
    loc: tokenLoc(only(c.Select)),
  };
  if (c.Distinct !== undefined) q.distinct = true;
  if (c.windowExpression !== undefined) q.window = windowFromCst(only(c.windowExpression));
  if (c.where !== undefined) q.where = expressionFromCst(only(c.where));
  if (c.groupBy !== undefined) q.groupBy = expressionListFromCst(only(only(c.groupBy).children.expressionList));
  if (c.partitionBy !== undefined) q.partitionBy = expressionListFromCst(only(only(c.partitionBy).children.expressionList));
  if (c.having !== undefined) q.having = expressionFromCst(only(c.having));
  if (c.orderByItem !== undefined) {
    q.orderBy = c.orderByItem.map((o) => ({
      expr: expressionFromCst(only(o.children.expression)),
      descending: o.children.Desc !== undefined,
    }));
  }
  if (c.Changes !== undefined) q.emit = 'CHANGES';
  if (c.Final !== undefined) q.emit = 'FINAL';
  if (c.limit !== undefined) q.limit = integerValue(only(c.limit), 'LIMIT');
  if (c.offset !== undefined) q.offset = integerValue(only(c.offset), 'OFFSET');
  return q;
}

function expressionListFromCst(n: ExpressionListCstNode): Expression[] {
  return (n.children.valueExpression ?? []).map(valueFromCst);
}

function selectItemFromCst(n: SelectItemCstNode): SelectItem {
  const c = n.children;
  const loc = nodeLoc(n);
  if (c.expression === undefined) {
    const source = c.source?.[0];
    return source === undefined ? { kind: 'AllColumns', loc } : { kind: 'AllColumns', source: identifierText(source), loc };
  }
  const expr = expressionFromCst(only(c.expression));
  if (c.Arrow !== undefined) return { kind: 'AllColumns', struct: expr, loc };
  const alias = c.alias?.[0];
  return alias === undefined ? { kind: 'SingleColumn', expr, loc } : { kind: 'SingleColumn', expr, alias: identifierText(alias), loc };
}

function relationFromCst(n: RelationCstNode): Relation {
  let result: Relation = aliasedFromCst(only(n.children.aliasedRelation));
  for (const j of n.children.joinedSource ?? []) result = joinFromCst(result, j);
  return result;
}

function aliasedFromCst(n: AliasedRelationCstNode): AliasedSource {
  const c = n.children;
  const name = identifierText(only(only(c.sourceName).children.identifier));
  const alias = c.alias?.[0];
  const loc = nodeLoc(n);
  if (alias === undefined) return { kind: 'Source', name, loc };
  return { kind: 'Source', name, alias: identifierText(only(alias.children.identifier)), loc };
}

function joinFromCst(left: Relation, n: JoinedSourceCstNode): Relation {
  const c = n.children;
  const t = only(c.joinType).children;
  const type: JoinType = t.Left !== undefined ? 'LEFT' : t.Right !== undefined ? 'RIGHT' : t.Full !== undefined ? 'FULL' : 'INNER';
  const right = aliasedFromCst(only(c.aliasedRelation));
  const on = expressionFromCst(only(c.expression));
  const loc = nodeLoc(n);
  const w = c.joinWindow?.[0];
  if (w === undefined) return { kind: 'Join', left, right, type, on, loc };
  return { kind: 'Join', left, right, type, within: joinWindowFromCst(w), on, loc };
}

function joinWindowFromCst(n: JoinWindowCstNode): JoinWindow {
  const c = n.children;
  const size = c.size?.[0];
  const before = durationFromCst(size ?? only(c.before));
  const after = size === undefined ? durationFromCst(only(c.after)) : before;
  const grace = c.gracePeriod?.[0];
  if (grace === undefined) return { before, after };
  return { before, after, grace: durationFromCst(only(grace.children.duration)) };
}

function windowFromCst(n: WindowExpressionCstNode): WindowExpression {
  const c = n.children;
  const options = windowOptionsFromCst(only(c.windowOptions));
  if (c.Tumbling !== undefined) return { kind: 'TUMBLING', size: durationFromCst(only(c.size)), ...options };
  if (c.Hopping !== undefined) {
    return { kind: 'HOPPING', size: durationFromCst(only(c.size)), advanceBy: durationFromCst(only(c.advance)), ...options };
  }
  return { kind: 'SESSION', gap: durationFromCst(only(c.gap)), ...options };
}

function windowOptionsFromCst(n: WindowOptionsCstNode): { retention?: Duration; grace?: Duration } {
  const c = n.children;
  const result: { retention?: Duration; grace?: Duration } = {};
  const retention = c.retention?.[0];
  if (retention !== undefined) result.retention = durationFromCst(retention);
  const grace = c.gracePeriod?.[0];
  if (grace !== undefined) result.grace = durationFromCst(only(grace.children.duration));
  return result;
}

export function durationFromCst(n: DurationCstNode): Duration {
  const number = only(n.children.number);
  const text = numberText(number);
  if (only(number.children.NumberLiteral).tokenType.name !== 'IntegerValue' || !Number.isSafeInteger(Number(text))) {
    throw parseError(`A duration must be a whole number of time units, not ${text}`, nodeLoc(number));
  }
  return { value: Number(text), unit: timeUnit(only(n.children.TimeUnit)) };
}
