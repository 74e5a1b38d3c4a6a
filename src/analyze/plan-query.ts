// Turns an analyzed SELECT into a logical plan: Source -> Filter -> Repartition -> Project,
// applying ksqlDB's rules for names, key columns and reserved columns. Stateful parts
// (aggregation, windows, joins) plug in here as their nodes arrive.

import { KsqlError } from '../errors.js';
import type { DataSource } from '../catalog/types.js';
import { inferType } from '../expr/index.js';
import type { FunctionRegistry } from '../functions/registry.js';
import type { PlanColumn, PlanNode, ProjectItem, SourceNode } from '../plan/logical-plan.js';
import { PSEUDO_COLUMNS, WINDOW_BOUNDS, planColumnsOf } from '../plan/logical-plan.js';
import type { Expression, Loc, Query, SelectItem } from '../sql/ast.js';
import { formatExpression } from '../sql/format.js';
import { BIGINT, INTEGER, formatType } from '../types/sql-type.js';
import { columnRefs, expressionKey, mapChildren, stripQualifiers, unitsToColumns, walk } from './expr-walk.js';
import { SchemaScope } from './scope.js';
import type { AggregateAnalysis } from './aggregate-analysis.js';
import { analyzeAggregates, checkFunctionsExist, isAggregateCall, isAggregateQuery, qualify } from './aggregate-analysis.js';
import { GROUP_PREFIX, planAggregate } from './plan-aggregate.js';

export interface PlanContext {
  readonly lookupSource: (name: string, loc?: Loc) => DataSource;
  readonly functions: FunctionRegistry;
  /** The sink of a persistent query; absent for transient queries. */
  readonly sinkName?: string;
  /** ksql.new.query.planner.enabled: a projection may leave the key out (the result has no key). */
  readonly allowKeylessProjection?: boolean;
  /** Set by planQuery: the source name, to qualify names in messages. */
  readonly sourceName?: string;
  /** Set for the projection over a GROUP BY: the grouping expressions, for messages. */
  readonly grouping?: readonly Expression[];
}

export interface PlannedQuery {
  /** The top node, whose schema is the query's output: key columns, then value columns. */
  readonly plan: PlanNode;
  readonly sources: readonly DataSource[];
  /** The SELECT list (SELECT * expanded) as written, with each output column's name: to print the statement as ksqlDB rewrites it. */
  readonly selectList: readonly SelectedColumn[];
}

export interface SelectedColumn {
  readonly name: string;
  readonly expr: Expression;
}

const RESERVED = new Set<string>([...PSEUDO_COLUMNS, ...WINDOW_BOUNDS]);

export function sourceNode(source: DataSource): SourceNode {
  const schema: PlanColumn[] = planColumnsOf(source.columns);
  schema.push({ name: 'ROWTIME', type: BIGINT, namespace: 'PSEUDO' });
  schema.push({ name: 'ROWPARTITION', type: INTEGER, namespace: 'PSEUDO' });
  schema.push({ name: 'ROWOFFSET', type: BIGINT, namespace: 'PSEUDO' });
  if (source.window) {
    schema.push({ name: 'WINDOWSTART', type: BIGINT, namespace: 'PSEUDO' });
    schema.push({ name: 'WINDOWEND', type: BIGINT, namespace: 'PSEUDO' });
  }
  return { kind: 'Source', source, schema };
}

/** Rewrites every expression of a query with `f`. */
function mapQuery(q: Query, f: (e: Expression) => Expression): Query {
  return {
    ...q,
    select: q.select.map((i) => (i.kind === 'SingleColumn' ? { ...i, expr: f(i.expr) } : i)),
    where: q.where ? f(q.where) : undefined,
    groupBy: q.groupBy?.map(f),
    partitionBy: q.partitionBy?.map(f),
    having: q.having ? f(q.having) : undefined,
  };
}

function takesUnit(fns: PlanContext['functions']): (name: string) => boolean {
  return (name) => {
    const fn = fns.scalar(name);
    return fn !== undefined && fn.signatures.some((s) => s.params.some((p) => p.pattern.p === 'unit'));
  };
}

export function planQuery(rawQuery: Query, context: PlanContext): PlannedQuery {
  let ctx = context;
  const query = mapQuery(rawQuery, (e) => unitsToColumns(e, takesUnit(ctx.functions)));
  if (query.from.kind === 'Join') throw new KsqlError('UNSUPPORTED', 'Joins are not supported yet.', query.from.loc);
  const from = query.from;
  const source = ctx.lookupSource(from.name, from.loc);
  ctx = { ...ctx, sourceName: source.name };
  const qualifiers = new Set([source.name, ...(from.alias !== undefined ? [from.alias] : [])]);
  let node: PlanNode = sourceNode(source);
  const scopeOf = (n: PlanNode, clause = ''): SchemaScope => new SchemaScope(n.schema, qualifiers, clause);

  // After PARTITION BY a reserved name may be the new key column: selectItems checks it then.
  if (ctx.sinkName !== undefined && query.partitionBy === undefined) checkReservedNames(query, node);
  const aggregating = isAggregateQuery(query, ctx);
  // SELECT * over a GROUP BY names the source's columns, which must then be grouped.
  const expanded: Query = aggregating ? expandStar(query, node) : query;
  const analysis = aggregating ? analyzeAggregateQuery(expanded, node, qualifiers, ctx, from.alias ?? source.name) : undefined;
  if (query.window && !query.groupBy) throw new KsqlError('INVALID_STATEMENT', 'WINDOW clause requires a GROUP BY clause.', query.loc);
  if (aggregating && !query.groupBy) {
    const call = query.select.flatMap((i) => (i.kind === 'SingleColumn' ? [...walk(i.expr)] : [])).find((x) => isAggregateCall(x, ctx))!;
    const text = call.kind === 'FunctionCall' && call.star === true ? `${call.name}(ROWTIME)` : formatExpression(call);
    throw new KsqlError('INVALID_STATEMENT', `CREATE TABLE AS SELECT statement does not support aggregate function [${text}] without a GROUP BY clause.`, query.loc);
  }
  if (query.having && !query.groupBy) throw new KsqlError('INVALID_STATEMENT', 'HAVING requires a GROUP BY clause.', query.loc);
  if (query.emit === 'FINAL' && !(aggregating && query.window))
    throw new KsqlError('INVALID_STATEMENT', 'EMIT FINAL is only supported for windowed aggregations.', query.loc);

  if (query.where) {
    const scope = scopeOf(node, 'WHERE');
    const t = typeIn(query.where, scope, ctx, 'WHERE');
    if (t.kind !== 'BOOLEAN')
      throw new KsqlError(
        'TYPE',
        `Type error in WHERE expression: Should evaluate to boolean but is ${formatExpression(query.where)} (${formatType(t)}) instead.`,
        query.where.loc,
      );
    node = { kind: 'Filter', input: node, predicate: stripQualifiers(query.where), schema: node.schema };
  }

  if (query.partitionBy) {
    if (query.partitionBy.length === 0) throw new KsqlError('INVALID_STATEMENT', 'PARTITION BY requires at least one expression', query.loc);
    node = planPartitionBy(node, query.partitionBy, scopeOf(node, 'PARTITION BY'), ctx);
  }

  if (analysis !== undefined) {
    const agg = planAggregate(expanded, analysis, node, aggregateInputScope(query, node, qualifiers), ctx);
    node = agg.node;
    const aggScope = scopeOf(node, 'SELECT');
    const selected = selectItems(expanded, node, aggScope, ctx, source, agg.rewrite);
    node = planProjection(node, selected.items, aggScope, { ...ctx, grouping: analysis.groupBy });
    return { plan: node, sources: [source], selectList: selected.written };
  }

  const calls = tableFunctionCalls(query, ctx);
  let rewrite: ((e: Expression) => Expression) | undefined;
  if (calls.length > 0) {
    if (source.sourceType === 'TABLE') throw new KsqlError('INVALID_STATEMENT', 'Table source is not supported with table functions', query.loc);
    const flat = planFlatMap(node, calls, scopeOf(node, 'SELECT'), ctx);
    node = flat.node;
    rewrite = flat.rewrite;
  }
  const scope = scopeOf(node, 'SELECT');
  const selected = selectItems(query, node, scope, ctx, source, rewrite);
  node = planProjection(node, selected.items, scope, ctx);
  return { plan: node, sources: [source], selectList: selected.written };
}

/** Structural equality of two expressions, ignoring positions, qualifiers and the case of function names. */
export function sameExpression(a: Expression, b: Expression): boolean {
  return expressionKey(a) === expressionKey(b);
}

function expandStar(query: Query, node: PlanNode): Query {
  return {
    ...query,
    select: query.select.flatMap((i): SelectItem[] =>
      i.kind === 'AllColumns'
        ? node.schema.filter((c) => c.namespace !== 'PSEUDO').map((c) => ({ kind: 'SingleColumn' as const, expr: { kind: 'ColumnRef' as const, name: c.name } }))
        : [i],
    ),
  };
}

/** The columns SELECT and HAVING of an aggregation may name: the input's, and the bounds of its window. */
function aggregateInputScope(query: Query, node: PlanNode, qualifiers: ReadonlySet<string>): SchemaScope {
  if (!query.window) return new SchemaScope(node.schema, qualifiers, 'SELECT');
  const bounds = WINDOW_BOUNDS.filter((b) => !node.schema.some((c) => c.name === b)).map((name) => ({ name, type: BIGINT, namespace: 'PSEUDO' as const }));
  return new SchemaScope([...node.schema, ...bounds], qualifiers, 'SELECT');
}

/** Checks an aggregate query: unknown functions and columns first, then ksqlDB's aggregate rules. */
function analyzeAggregateQuery(query: Query, node: PlanNode, qualifiers: ReadonlySet<string>, ctx: PlanContext, qualifier: string): AggregateAnalysis {
  checkFunctionsExist(query, ctx);
  const groupScope = new SchemaScope(node.schema, qualifiers, 'GROUP BY');
  for (const g of query.groupBy ?? []) inferType(g, groupScope, ctx.functions);
  const scope = aggregateInputScope(query, node, qualifiers);
  for (const item of query.select) if (item.kind === 'SingleColumn') for (const ref of columnRefs(item.expr)) scope.resolve(ref);
  if (query.having) for (const ref of columnRefs(query.having)) scope.withClause('HAVING').resolve(ref);
  return analyzeAggregates(query, ctx, qualifier);
}

/**
 * A persistent query may not name a pseudo column or window bound without an alias: the sink
 * could not hold it under that name. Checked first, as ksqlDB does, so GROUP BY WINDOWSTART
 * reports this rather than an unknown column.
 */
function checkReservedNames(query: Query, node: PlanNode): void {
  for (const item of query.select) {
    if (item.kind !== 'SingleColumn' || item.alias !== undefined || item.expr.kind !== 'ColumnRef') continue;
    const name = item.expr.name;
    if (RESERVED.has(name) && !node.schema.some((c) => c.name === name && c.namespace === 'KEY'))
      throw new KsqlError('INVALID_STATEMENT', `Reserved column name in select: \`${name}\`. Please remove or alias the column.`, item.loc);
  }
}

export function typeIn(e: Expression, scope: SchemaScope, ctx: PlanContext, clause: string): ReturnType<typeof inferType> {
  try {
    return inferType(e, scope, ctx.functions);
  } catch (err) {
    if (err instanceof KsqlError && err.code === 'TYPE' && (clause === 'WHERE' || clause === 'HAVING') && !err.message.startsWith('Error in'))
      throw new KsqlError('TYPE', `Error in ${clause} expression: ${err.message}`, err.loc);
    throw err;
  }
}

/** Name ksqlDB gives an unaliased select expression; undefined when it must be generated (KSQL_COL_n). */
function implicitName(e: Expression): string | undefined {
  if (e.kind === 'ColumnRef') return e.name;
  if (e.kind === 'Dereference') return e.field;
  return undefined;
}

/** Calls of table functions (EXPLODE, ...) in the select list, in order, without repeats. */
function tableFunctionCalls(query: Query, ctx: PlanContext): Expression[] {
  const found: Expression[] = [];
  for (const item of query.select) {
    if (item.kind !== 'SingleColumn') continue;
    for (const e of walk(item.expr)) {
      if (e.kind === 'FunctionCall' && ctx.functions.kindOf(e.name) === 'TABLE') {
        const call = stripQualifiers(e);
        if (!found.some((f) => sameExpression(f, call))) found.push(call);
      }
    }
  }
  return found;
}

/** A FlatMap computing each table function call into a synthetic column, and the rewrite of select expressions onto those columns. */
function planFlatMap(
  input: PlanNode,
  calls: readonly Expression[],
  scope: SchemaScope,
  ctx: PlanContext,
): { node: PlanNode; rewrite: (e: Expression) => Expression } {
  const producers = ctx.functions.tableFunctionsAsScalars();
  const synth = calls.map((call, i) => {
    const t = inferType(call, scope, producers);
    if (t.kind !== 'ARRAY') throw new KsqlError('TYPE', `Table function ${formatExpression(call)} must produce an array`, call.loc);
    return { name: `KSQL_SYNTH_${i}`, type: t.item, call };
  });
  const schema: PlanColumn[] = [...input.schema, ...synth.map((c) => ({ name: c.name, type: c.type, namespace: 'PSEUDO' as const }))];
  const node: PlanNode = { kind: 'FlatMap', input, calls: [...calls], schema };
  const rewrite = (e: Expression): Expression => {
    const q = stripQualifiers(e);
    const hit = synth.find((c) => sameExpression(c.call, q));
    if (hit) return { kind: 'ColumnRef', name: hit.name, loc: e.loc };
    return mapChildren(e, rewrite);
  };
  return { node, rewrite };
}

function selectItems(
  query: Query,
  node: PlanNode,
  scope: SchemaScope,
  ctx: PlanContext,
  source: DataSource,
  rewrite?: (e: Expression) => Expression,
): { items: ProjectItem[]; written: SelectedColumn[] } {
  const items: ProjectItem[] = [];
  // The expression as written behind each item, for PlannedQuery.selectList.
  const originals: Expression[] = [];
  const pending: { expr: Expression; index: number }[] = [];
  const visible = node.schema.filter((c) => c.namespace !== 'PSEUDO');
  for (const item of query.select) {
    if (item.kind === 'AllColumns') {
      if (item.source !== undefined && item.source !== source.name && !scopeQualifies(scope, item.source))
        throw new KsqlError('UNKNOWN_COLUMN', `'${item.source}' is not a valid stream/table name or alias.`, item.loc);
      // A transient query's `*` over windowed rows shows the window bounds after the key, as ksqlDB's.
      const bounds = ctx.sinkName === undefined ? node.schema.filter((c) => c.namespace === 'PSEUDO' && (c.name === 'WINDOWSTART' || c.name === 'WINDOWEND')) : [];
      const keys = visible.filter((c) => c.namespace === 'KEY');
      for (const c of [...keys, ...bounds, ...visible.filter((x) => x.namespace !== 'KEY')]) {
        items.push({ name: c.name, expr: { kind: 'ColumnRef', name: c.name } });
        originals.push({ kind: 'ColumnRef', name: c.name });
      }
      continue;
    }
    originals.push(item.expr);
    const written = rewrite ? rewrite(item.expr) : item.expr;
    typeIn(written, scope, ctx, 'SELECT');
    let expr = stripQualifiers(written);
    // After PARTITION BY, selecting a partitioning expression selects the new key column.
    if (node.kind === 'Repartition' && expr.kind !== 'ColumnRef') {
      const k = node.keys.find((key) => sameExpression(key.expr, expr));
      if (k) expr = { kind: 'ColumnRef', name: k.name, loc: expr.loc };
    }
    if (item.alias !== undefined) {
      if (RESERVED.has(item.alias))
        throw new KsqlError('INVALID_STATEMENT', `\`${item.alias}\` is a reserved column name. You cannot use it as an alias for a column.`, item.loc);
      items.push({ name: item.alias, expr });
      continue;
    }
    let name = written === item.expr ? implicitName(expr) : implicitName(stripQualifiers(item.expr));
    if (name !== undefined && expr.kind === 'Dereference' && items.some((i) => i.name === name)) {
      const base = name;
      let n = 1;
      while (items.some((i) => i.name === `${base}_${n}`)) n++;
      name = `${base}_${n}`;
    }
    if (name !== undefined) {
      if (ctx.sinkName !== undefined && RESERVED.has(name) && item.expr.kind === 'ColumnRef' && !node.schema.some((c) => c.name === name && c.namespace === 'KEY'))
        throw new KsqlError('INVALID_STATEMENT', `Reserved column name in select: \`${name}\`. Please remove or alias the column.`, item.loc);
      items.push({ name, expr });
    } else {
      pending.push({ expr, index: items.length });
      items.push({ name: '', expr });
    }
  }
  // Generated names skip any name the source or the projection already uses.
  const used = new Set([...node.schema.map((c) => c.name), ...items.map((i) => i.name)]);
  let n = 0;
  for (const p of pending) {
    let name = `KSQL_COL_${n++}`;
    while (used.has(name)) name = `KSQL_COL_${n++}`;
    used.add(name);
    items[p.index] = { name, expr: p.expr };
  }
  return { items, written: items.map((item, i) => ({ name: item.name, expr: originals[i]! })) };
}

function scopeQualifies(scope: SchemaScope, qualifier: string): boolean {
  try {
    scope.resolve({ kind: 'ColumnRef', source: qualifier, name: scope.schema[0]?.name ?? '' });
    return true;
  } catch {
    return false;
  }
}

function planPartitionBy(node: PlanNode, exprs: readonly Expression[], scope: SchemaScope, ctx: PlanContext): PlanNode {
  const isNull = exprs.length === 1 && exprs[0]!.kind === 'NullLiteral';
  if (exprs.length > 1 && exprs.some((e) => e.kind === 'NullLiteral'))
    throw new KsqlError('INVALID_STATEMENT', 'Cannot PARTITION BY multiple columns including NULL', exprs[0]!.loc);
  const keys: ProjectItem[] = [];
  if (!isNull) {
    let n = 0;
    for (const e of exprs) {
      try {
        typeIn(e, scope, ctx, 'PARTITION BY');
      } catch (err) {
        const m = err instanceof KsqlError ? /^PARTITION BY column '(.*)' cannot be resolved\.$/.exec(err.message) : null;
        if (m && err instanceof KsqlError)
          throw new KsqlError(err.code, `${err.message} '${m[1]}' must be a column in the source schema since PARTITION BY is applied on the input.`, err.loc);
        throw err;
      }
      const expr = stripQualifiers(e);
      keys.push({ name: implicitName(expr) ?? `KSQL_COL_${n++}`, expr });
    }
  }
  const keyNames = new Set(keys.map((k) => k.name));
  const schema: PlanColumn[] = keys.map((k) => ({ name: k.name, type: inferType(k.expr, scope, ctx.functions), namespace: 'KEY' }));
  // Value columns keep their place; the old key columns move to the end of the value.
  for (const ns of ['VALUE', 'KEY'] as const) {
    for (const c of node.schema) {
      if (c.namespace !== ns || keyNames.has(c.name)) continue;
      schema.push({ name: c.name, type: c.type, namespace: 'VALUE' });
    }
  }
  for (const c of node.schema) if (c.namespace === 'PSEUDO') schema.push(c);
  return { kind: 'Repartition', input: node, keys, schema };
}

function planProjection(node: PlanNode, items: ProjectItem[], scope: SchemaScope, ctx: PlanContext): PlanNode {
  const inputKeys = node.schema.filter((c) => c.namespace === 'KEY');
  const keyItems: ProjectItem[] = [];
  const valueItems: ProjectItem[] = [];
  const seen = new Set<string>();
  const keysFound = new Set<string>();
  for (const item of items) {
    const e = item.expr;
    if (seen.has(item.name)) {
      // ksqlDB's schema builder names the column that clashes, with the type it would have.
      const isKey = e.kind === 'ColumnRef' && inputKeys.some((k) => k.name === e.name) && !keysFound.has(e.name);
      const type = formatType(inferType(e, scope, ctx.functions));
      throw new KsqlError('INVALID_STATEMENT', `Duplicate ${isKey ? 'key' : 'value'} columns found in schema: \`${item.name}\` ${type}${isKey ? ' KEY' : ''}`);
    }
    seen.add(item.name);
    if (ctx.sinkName !== undefined && e.kind === 'ColumnRef' && keysFound.has(e.name)) {
      const first = keyItems.find((k) => (k.expr as { name: string }).name === e.name)!;
      if (ctx.grouping) throw new KsqlError('INVALID_STATEMENT', `The projection contains a key column more than once: \`${first.name}\` and \`${item.name}\`.`);
      throw new KsqlError('INVALID_STATEMENT', `The projection contains a key column (\`${e.name}\`) more than once, aliased as: ${first.name} and ${item.name}.`);
    }
    const isKeyRef = e.kind === 'ColumnRef' && inputKeys.some((k) => k.name === e.name) && !keysFound.has(e.name);
    if (isKeyRef && e.kind === 'ColumnRef') {
      keysFound.add(e.name);
      keyItems.push(item);
    } else valueItems.push(item);
  }
  if (ctx.sinkName !== undefined) {
    const missing = inputKeys.filter((k) => !keysFound.has(k.name)).map((k) => k.name);
    if (missing.length > 0 && !ctx.allowKeylessProjection) {
      // ksqlDB names every key column (or partitioning expression), not only the missing ones.
      const names = ctx.grouping
        ? ctx.grouping.filter((_g, i) => !keysFound.has(`${GROUP_PREFIX}${i}`)).map((g) => formatExpression(g))
        : node.kind === 'Repartition'
          ? node.keys.map((k) => formatExpression(qualify(k.expr, ctx.sourceName ?? '')))
          : inputKeys.map((k) => k.name);
      const what = ctx.grouping ? 'grouping expression' : node.kind === 'Repartition' ? 'partitioning expression' : 'key column';
      const list = names.length === 1 ? names[0]! : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]!}`;
      throw new KsqlError(
        'INVALID_STATEMENT',
        `The query used to build \`${ctx.sinkName}\` must include the ${what}${names.length > 1 ? 's' : ''} ${list} in its projection (eg, SELECT ${names.join(', ')}...).`,
      );
    }
    if (valueItems.length === 0) throw new KsqlError('INVALID_STATEMENT', 'The projection contains no value columns.');
  }
  // Key columns keep the input's key order.
  if (!ctx.allowKeylessProjection) keyItems.sort((a, b) => inputKeys.findIndex((k) => k.name === (a.expr as { name: string }).name) - inputKeys.findIndex((k) => k.name === (b.expr as { name: string }).name));
  // A sink's rows are key columns then value columns; a transient query keeps the SELECT order.
  const ordered = ctx.sinkName !== undefined ? [...keyItems, ...valueItems] : items;
  const schema: PlanColumn[] = ordered.map((item) => ({
    name: item.name,
    type: inferType(item.expr, scope, ctx.functions),
    namespace: keyItems.includes(item) ? 'KEY' : 'VALUE',
  }));
  return { kind: 'Project', input: node, items: ordered, schema };
}
