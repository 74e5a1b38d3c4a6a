// GROUP BY: plans Aggregate -> [Filter(HAVING)] -> Project. Aggregate calls become columns of the
// Aggregate node, grouping expressions its key columns; SELECT and HAVING are rewritten onto
// them, with ksqlDB's checks and messages.

import { KsqlError } from '../errors.js';
import { inferType } from '../expr/index.js';
import type { PlanColumn, PlanNode, ProjectItem } from '../plan/logical-plan.js';
import type { Expression, Query } from '../sql/ast.js';
import { formatExpression } from '../sql/format.js';
import { BIGINT } from '../types/sql-type.js';
import { mapChildren, stripQualifiers, walk } from './expr-walk.js';
import type { PlanContext } from './plan-query.js';
import { sameExpression } from './plan-query.js';
import { SchemaScope } from './scope.js';

export const AGG_PREFIX = 'KSQL_AGG_VARIABLE_';
export const GROUP_PREFIX = 'KSQL_GROUP_';

export function isAggregateCall(e: Expression, ctx: PlanContext): boolean {
  return e.kind === 'FunctionCall' && ctx.functions.kindOf(e.name) === 'AGGREGATE';
}

function aggregateCalls(e: Expression, ctx: PlanContext, out: Expression[]): void {
  for (const x of walk(e)) {
    if (isAggregateCall(x, ctx)) {
      const call = stripQualifiers(x);
      if (!out.some((c) => sameExpression(c, call))) out.push(call);
    }
  }
}

function sourceTypeOf(node: PlanNode): 'STREAM' | 'TABLE' {
  return node.kind === 'Source' ? node.source.sourceType : sourceTypeOf((node as { input: PlanNode }).input);
}

export interface AggregatePlan {
  readonly node: PlanNode;
  /** Select items rewritten onto the Aggregate node's columns. */
  readonly items: readonly { readonly name?: string; readonly expr: Expression; readonly original: Expression }[];
}

/** Builds the Aggregate (and HAVING Filter) above `input`; returns the rewritten select list. */
export function planAggregate(
  query: Query,
  input: PlanNode,
  scope: SchemaScope,
  ctx: PlanContext,
): { node: PlanNode; rewrite: (e: Expression, clause: string) => Expression } {
  const groupBy = (query.groupBy ?? []).map(stripQualifiers);
  for (const g of groupBy) {
    for (const x of walk(g))
      if (isAggregateCall(x, ctx) && x.kind === 'FunctionCall')
        throw new KsqlError('INVALID_STATEMENT', `GROUP BY does not support aggregate functions: ${x.name} is an aggregate function.`, x.loc);
    inferType(g, scope.withClause('GROUP BY'), ctx.functions);
  }
  const calls: Expression[] = [];
  for (const item of query.select) if (item.kind === 'SingleColumn') aggregateCalls(item.expr, ctx, calls);
  if (query.having) aggregateCalls(query.having, ctx, calls);
  if (calls.length === 0 && groupBy.length > 0)
    throw new KsqlError('INVALID_STATEMENT', 'GROUP BY requires aggregate functions in either the SELECT or HAVING clause.', query.loc);

  const schema: PlanColumn[] = groupBy.map((g, i) => ({ name: `${GROUP_PREFIX}${i}`, type: inferType(g, scope, ctx.functions), namespace: 'KEY' }));
  const aggregates: ProjectItem[] = [];
  const tableInput = sourceTypeOf(input) === 'TABLE';
  const noUndo: string[] = [];
  calls.forEach((call, i) => {
    if (call.kind !== 'FunctionCall') return;
    const fn = ctx.functions.aggregate(call.name)!;
    // COUNT(*) counts rows: it aggregates no argument.
    const args = call.star === true ? [] : call.args;
    const argTypes = args.map((a) => (a.kind === 'NullLiteral' ? null : inferType(a, scope, ctx.functions)));
    const type = fn.returnType(argTypes);
    if (tableInput && fn.resolve(argTypes, args.map(() => undefined)).undo === undefined && !noUndo.includes(call.name)) noUndo.push(call.name);
    aggregates.push({ name: `${AGG_PREFIX}${i}`, expr: call });
    schema.push({ name: `${AGG_PREFIX}${i}`, type, namespace: 'VALUE' });
  });
  if (noUndo.length > 0) {
    const list = noUndo.length === 1 ? noUndo[0]! : `${noUndo.slice(0, -1).join(', ')} and ${noUndo[noUndo.length - 1]!}`;
    throw new KsqlError(
      'INVALID_STATEMENT',
      `The aggregation function${noUndo.length > 1 ? 's' : ''} ${list} cannot be applied to a table source, only to a stream source.`,
      query.loc,
    );
  }
  schema.push({ name: 'ROWTIME', type: BIGINT, namespace: 'PSEUDO' });
  if (query.window) {
    schema.push({ name: 'WINDOWSTART', type: BIGINT, namespace: 'PSEUDO' });
    schema.push({ name: 'WINDOWEND', type: BIGINT, namespace: 'PSEUDO' });
  }
  const node: PlanNode = {
    kind: 'Aggregate',
    input,
    groupBy: groupBy.map((g, i) => ({ name: `${GROUP_PREFIX}${i}`, expr: g })),
    aggregates,
    window: query.window,
    emitFinal: query.emit === 'FINAL' ? true : undefined,
    schema,
  };

  const missing: string[] = [];
  const rewrite = (e: Expression): Expression => {
    const q = stripQualifiers(e);
    const gi = groupBy.findIndex((g) => sameExpression(g, q));
    if (gi >= 0) return { kind: 'ColumnRef', name: `${GROUP_PREFIX}${gi}`, loc: e.loc };
    const ai = calls.findIndex((c) => sameExpression(c, q));
    if (ai >= 0) return { kind: 'ColumnRef', name: `${AGG_PREFIX}${ai}`, loc: e.loc };
    if (q.kind === 'ColumnRef') {
      if (q.name === 'WINDOWSTART' || q.name === 'WINDOWEND' || q.name === 'ROWTIME') return q;
      missing.push(formatExpression(q));
      return q;
    }
    return mapChildren(q, rewrite);
  };
  const rewriteChecked = (e: Expression, clause: string): Expression => {
    missing.length = 0;
    const out = rewrite(e);
    if (missing.length > 0) {
      const what = clause === 'HAVING' ? 'HAVING' : 'SELECT';
      throw new KsqlError(
        'INVALID_STATEMENT',
        `Non-aggregate ${what} expression(s) not part of GROUP BY: ${[...new Set(missing)].join(', ')}\nEither add the column(s) to the GROUP BY or remove them from the ${what}.`,
        e.loc,
      );
    }
    return out;
  };

  let top: PlanNode = node;
  if (query.having) {
    const having = rewriteChecked(query.having, 'HAVING');
    const t = inferType(having, new SchemaScope(node.schema, new Set()), ctx.functions);
    if (t.kind !== 'BOOLEAN')
      throw new KsqlError('TYPE', `Type error in HAVING expression: Should evaluate to boolean but is ${formatExpression(query.having)} instead.`, query.having.loc);
    top = { kind: 'Filter', input: node, predicate: having, schema: node.schema };
  }
  return { node: top, rewrite: rewriteChecked };
}
