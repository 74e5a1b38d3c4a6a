// GROUP BY: plans Aggregate -> [Filter(HAVING)] -> Project. Aggregate calls become columns of the
// Aggregate node, grouping expressions its key columns; SELECT and HAVING are rewritten onto
// them once aggregate-analysis.ts has checked ksqlDB's rules.

import { KsqlError } from '../errors.js';
import { inferType } from '../expr/index.js';
import type { DataSource } from '../catalog/types.js';
import type { PlanColumn, PlanNode, ProjectItem } from '../plan/logical-plan.js';
import { formatSupports } from '../serde/format-validation.js';
import type { Expression, Query } from '../sql/ast.js';
import { formatExpression } from '../sql/format.js';
import { BIGINT } from '../types/sql-type.js';
import type { SqlType } from '../types/sql-type.js';
import type { AggregateAnalysis } from './aggregate-analysis.js';
import { expressionKey, mapChildren, stripQualifiers } from './expr-walk.js';
import type { PlanContext } from './plan-query.js';
import { typeIn } from './plan-query.js';
import type { SchemaScope } from './scope.js';

export { isAggregateCall } from './aggregate-analysis.js';

export const AGG_PREFIX = 'KSQL_AGG_VARIABLE_';
export const GROUP_PREFIX = 'KSQL_GROUP_';

function sourceOf(node: PlanNode): DataSource {
  return node.kind === 'Source' ? node.source : sourceOf((node as { input: PlanNode }).input);
}

/** The value of a literal argument (TOPK's k), as the UDAF's resolve expects it. */
function literalOf(e: Expression): unknown {
  switch (e.kind) {
    case 'NumericLiteral':
      return Number(e.text);
    case 'StringLiteral':
    case 'BooleanLiteral':
      return e.value;
    default:
      return undefined;
  }
}

/**
 * Builds the Aggregate (and HAVING Filter) above `input` for an analyzed query; returns the
 * rewrite of a SELECT expression onto the Aggregate node's columns. `scope` resolves the input's
 * columns and, for a windowed aggregation, the window bounds.
 */
export function planAggregate(
  query: Query,
  analysis: AggregateAnalysis,
  input: PlanNode,
  scope: SchemaScope,
  ctx: PlanContext,
): { node: PlanNode; rewrite: (e: Expression) => Expression } {
  const { groupBy, calls } = analysis;
  const source = sourceOf(input);
  // ksqlDB keeps the aggregation's state in the source's value format; KAFKA can hold none of it.
  if (source.valueFormat.format === 'KAFKA')
    throw new KsqlError('INVALID_STATEMENT', `Source(s) ${source.name} are using the 'KAFKA' value format. This format does not yet support GROUP BY.`, query.loc);

  // Expressions are typed as written, so messages name SUM(VALUE) rather than an internal column.
  if (query.having) {
    const t = typeIn(query.having, scope.withClause('HAVING'), ctx, 'HAVING');
    if (t.kind !== 'BOOLEAN')
      throw new KsqlError('TYPE', `Type error in HAVING expression: Should evaluate to boolean but is ${formatExpression(query.having)} instead.`, query.having.loc);
  }
  for (const item of query.select) if (item.kind === 'SingleColumn') typeIn(item.expr, scope, ctx, 'SELECT');

  const schema: PlanColumn[] = groupBy.map((g, i) => ({ name: `${GROUP_PREFIX}${i}`, type: inferType(g, scope, ctx.functions), namespace: 'KEY' }));
  const aggregates: ProjectItem[] = [];
  const tableInput = source.sourceType === 'TABLE';
  const noUndo: string[] = [];
  const intermediate: { name: string; type: SqlType }[] = [];
  calls.forEach((call, i) => {
    const fn = ctx.functions.aggregate(call.name)!;
    // COUNT(*) counts rows: it aggregates no argument.
    const args = call.star === true ? [] : call.args;
    const argTypes = args.map((a) => (a.kind === 'NullLiteral' ? null : inferType(a, scope, ctx.functions)));
    const type = fn.returnType(argTypes);
    const udaf = fn.resolve(argTypes, args.map(literalOf), { argTexts: args.map((a) => formatExpression(a)) });
    if (tableInput && udaf.undo === undefined && !noUndo.includes(call.name)) noUndo.push(call.name);
    intermediate.push({ name: `${AGG_PREFIX}${i}`, type: udaf.intermediateType });
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
  if (formatSupports({ format: source.valueFormat.format, options: {} }, intermediate, false) !== null)
    throw new KsqlError(
      'INVALID_STATEMENT',
      'One of the functions used in the statement has an intermediate type that the value format can not handle. Please remove the function or change the format.',
      query.loc,
    );
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

  const groupIndex = new Map(groupBy.map((g, i) => [expressionKey(g), i]));
  const callIndex = new Map(calls.map((c, i) => [expressionKey(c), i]));
  const rewriteIn = (e: Expression, bound: ReadonlySet<string>): Expression => {
    // A lambda parameter that shares a column's name is not that column.
    if (e.kind === 'ColumnRef' && e.source === undefined && bound.has(e.name)) return e;
    const key = expressionKey(e);
    const gi = groupIndex.get(key);
    if (gi !== undefined) return { kind: 'ColumnRef', name: `${GROUP_PREFIX}${gi}`, loc: e.loc };
    const ai = callIndex.get(key);
    if (ai !== undefined) return { kind: 'ColumnRef', name: `${AGG_PREFIX}${ai}`, loc: e.loc };
    if (e.kind === 'Lambda') return { ...e, body: rewriteIn(e.body, new Set([...bound, ...e.params])) };
    return mapChildren(e, (c) => rewriteIn(c, bound));
  };
  const rewrite = (e: Expression): Expression => stripQualifiers(rewriteIn(e, new Set()));

  let top: PlanNode = node;
  if (query.having) top = { kind: 'Filter', input: node, predicate: rewrite(query.having), schema: node.schema };
  return { node: top, rewrite };
}

