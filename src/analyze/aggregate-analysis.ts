// ksqlDB's rules for an aggregate query, checked before any node is built: grouping expressions,
// nested aggregates, and which SELECT and HAVING expressions may stand outside aggregate functions.
// Messages follow ksqlDB's, which name whole expressions as written (`SUBSTRING(SOURCE, 0, 1)`).

import { KsqlError } from '../errors.js';
import type { Expression, FunctionCall, Query } from '../sql/ast.js';
import { formatExpression } from '../sql/format.js';
import { expressionKey, mapChildren, stripQualifiers, visitWithLambdas, walk } from './expr-walk.js';
import type { PlanContext } from './plan-query.js';

export interface AggregateAnalysis {
  /** Grouping expressions without qualifiers, in GROUP BY order (empty for an aggregate without GROUP BY). */
  readonly groupBy: readonly Expression[];
  /** Distinct aggregate calls of SELECT and HAVING without qualifiers, in order of appearance. */
  readonly calls: readonly FunctionCall[];
}

export function isAggregateCall(e: Expression, ctx: Pick<PlanContext, 'functions'>): e is FunctionCall {
  return e.kind === 'FunctionCall' && ctx.functions.kindOf(e.name) === 'AGGREGATE';
}

/** True when the query aggregates: it has a GROUP BY, or an aggregate call in its SELECT or HAVING. */
export function isAggregateQuery(query: Query, ctx: Pick<PlanContext, 'functions'>): boolean {
  if (query.groupBy !== undefined) return true;
  const exprs = [...query.select.flatMap((i) => (i.kind === 'SingleColumn' ? [i.expr] : [])), ...(query.having ? [query.having] : [])];
  return exprs.some((e) => [...walk(e)].some((x) => isAggregateCall(x, ctx)));
}

/**
 * Throws ksqlDB's "Can't find any functions with the name" for the first call of an unknown
 * function: an unknown name must not pass for a non-aggregate (and then report a missing aggregate).
 */
export function checkFunctionsExist(query: Query, ctx: Pick<PlanContext, 'functions'>): void {
  const exprs = [
    ...query.select.flatMap((i) => (i.kind === 'SingleColumn' ? [i.expr] : [])),
    ...(query.where ? [query.where] : []),
    ...(query.groupBy ?? []),
    ...(query.having ? [query.having] : []),
  ];
  for (const e of exprs) {
    for (const x of walk(e)) {
      if (x.kind === 'FunctionCall' && ctx.functions.kindOf(x.name) === undefined)
        throw new KsqlError('UNKNOWN_FUNCTION', `Can't find any functions with the name '${x.name}'`, x.loc);
    }
  }
}

/**
 * Applies ksqlDB's aggregate rules to `query` (whose SELECT * is already expanded). `qualifier`
 * is the source's alias or name, which ksqlDB prints in front of columns of a duplicate grouping
 * expression.
 */
export function analyzeAggregates(query: Query, ctx: Pick<PlanContext, 'functions'>, qualifier: string): AggregateAnalysis {
  const groupBy = (query.groupBy ?? []).map(stripQualifiers);
  const groupKeys = new Set<string>();
  groupBy.forEach((g, i) => {
    for (const x of walk(g))
      if (isAggregateCall(x, ctx))
        throw new KsqlError('INVALID_STATEMENT', `GROUP BY does not support aggregate functions: ${x.name} is an aggregate function.`, x.loc);
    const key = expressionKey(g);
    if (groupKeys.has(key))
      throw new KsqlError('INVALID_STATEMENT', `Duplicate GROUP BY expression: ${formatExpression(qualify(query.groupBy![i]!, qualifier))}`, g.loc);
    groupKeys.add(key);
  });

  const calls: FunctionCall[] = [];
  const callKeys = new Set<string>();
  const windowed = query.window !== undefined;
  /** Columns of `e` used outside aggregate calls and outside grouping expressions; records the aggregate calls met. */
  const ungroupedColumns = (e: Expression): { columns: string[]; aggregates: boolean } => {
    const columns: string[] = [];
    let aggregates = false;
    visitWithLambdas(e, (node, bound) => {
      if (groupKeys.has(expressionKey(node))) return false;
      if (isAggregateCall(node, ctx)) {
        aggregates = true;
        for (const arg of node.args) {
          for (const inner of walk(arg))
            if (isAggregateCall(inner, ctx))
              throw new KsqlError('INVALID_STATEMENT', `Aggregate functions can not be nested: ${formatExpression(stripQualifiers(node))}`, node.loc);
        }
        const call = stripQualifiers(node) as FunctionCall;
        const key = expressionKey(call);
        if (!callKeys.has(key)) {
          callKeys.add(key);
          calls.push(call);
        }
        return false;
      }
      if (node.kind === 'ColumnRef' && !(node.source === undefined && bound.has(node.name))) {
        // The bounds of a windowed aggregation's window are not source columns: they need no grouping.
        if (!(windowed && (node.name === 'WINDOWSTART' || node.name === 'WINDOWEND')) && !columns.includes(node.name)) columns.push(node.name);
      }
      return true;
    });
    return { columns, aggregates };
  };

  const unmatched: string[] = [];
  for (const item of query.select) {
    if (item.kind !== 'SingleColumn') continue;
    const { columns } = ungroupedColumns(item.expr);
    // An expression whose every column sits inside a grouping expression or an aggregate is a function of the group.
    if (columns.length > 0) {
      const text = formatExpression(stripQualifiers(item.expr));
      if (!unmatched.includes(text)) unmatched.push(text);
    }
  }
  const havingColumns = query.having ? ungroupedColumns(query.having).columns : [];

  if (calls.length === 0 && groupBy.length > 0)
    throw new KsqlError('INVALID_STATEMENT', 'GROUP BY requires aggregate functions in either the SELECT or HAVING clause.', query.loc);
  if (unmatched.length > 0)
    throw new KsqlError(
      'INVALID_STATEMENT',
      `Non-aggregate SELECT expression(s) not part of GROUP BY: ${unmatched.join(', ')}\nEither add the column(s) to the GROUP BY or remove them from the SELECT.`,
      query.loc,
    );
  if (havingColumns.length > 0)
    throw new KsqlError(
      'INVALID_STATEMENT',
      `Non-aggregate HAVING expression not part of GROUP BY: ${havingColumns.join(', ')}\nEither add the column to the GROUP BY or remove it from the HAVING.`,
      query.having?.loc,
    );
  return { groupBy, calls };
}

/** Qualifies unqualified column references with `source`, for messages written like ksqlDB's. */
export function qualify(e: Expression, source: string, bound: ReadonlySet<string> = new Set()): Expression {
  if (e.kind === 'ColumnRef') return e.source === undefined && !bound.has(e.name) ? { ...e, source } : e;
  if (e.kind === 'Lambda') return { ...e, body: qualify(e.body, source, new Set([...bound, ...e.params])) };
  return mapChildren(e, (c) => qualify(c, source, bound));
}
