// Plans a pull query (SELECT without EMIT): ksqlDB's restrictions and messages, the projection
// (windowed tables show WINDOWSTART and WINDOWEND as key columns), the typed WHERE read into key
// lookups and SQL conditions (pull-where.ts), and, beyond ksqlDB, ORDER BY and OFFSET.

import type { DataSource } from '../catalog/types.js';
import { KsqlError } from '../errors.js';
import { inferType } from '../expr/index.js';
import type { FunctionRegistry } from '../functions/registry.js';
import type { PlanColumn, ProjectItem } from '../plan/logical-plan.js';
import type { OrderTerm } from '../state/index.js';
import type { Expression, Loc, Query, SelectItem } from '../sql/ast.js';
import { formatExpression } from '../sql/format.js';
import { formatType } from '../types/sql-type.js';
import { mapChildren, stripQualifiers, unitsToColumns, walk } from './expr-walk.js';
import { planQuery, sourceNode } from './plan-query.js';
import { analyzeWhere } from './pull-where.js';
import type { WhereAnalysis } from './pull-where.js';
import { parseTimestampText } from './pull-timestamps.js';
import { SchemaScope } from './scope.js';

export interface PullPlanContext {
  readonly lookupSource: (name: string, loc?: Loc) => DataSource;
  readonly functions: FunctionRegistry;
  readonly properties: Readonly<Record<string, string>>;
}

/** A pull query on a stream: the push plan of the same SELECT, run over the topic up to its end. */
export interface StreamPullPlan {
  readonly kind: 'stream';
  readonly source: DataSource;
  readonly query: Query;
  readonly limit?: number;
}

export interface TablePullPlan {
  readonly kind: 'table';
  readonly source: DataSource;
  /** Rows read from the store are laid out as the source's plan schema (columns, then pseudo columns). */
  readonly rowSchema: readonly PlanColumn[];
  /** The projection, over rowSchema. */
  readonly items: readonly ProjectItem[];
  /** Output columns; key columns (and a windowed table's window bounds) marked KEY. */
  readonly columns: readonly PlanColumn[];
  /** The whole WHERE over rowSchema (timestamp texts read), when rows must be checked one by one. */
  readonly filter?: Expression;
  readonly where: WhereAnalysis;
  /** ORDER BY on stored columns, which SQL sorts. */
  readonly sqlOrder?: readonly OrderTerm[];
  /** ORDER BY on anything else: expressions over rowSchema, sorted after filtering. */
  readonly rowOrder?: readonly { readonly expr: Expression; readonly descending: boolean }[];
  readonly limit?: number;
  readonly offset?: number;
}

export type PullPlan = StreamPullPlan | TablePullPlan;

const MORE = 'See https://cnfl.io/queries for more info.';

function flag(ctx: PullPlanContext, name: string, byDefault: boolean): boolean {
  const v = ctx.properties[name];
  return v === undefined ? byDefault : v.toLowerCase() === 'true';
}

/** ksqlDB's refusals of clauses a pull query cannot have. */
function checkClauses(q: Query, ctx: PullPlanContext): void {
  const refuse = (m: string): never => {
    throw new KsqlError('INVALID_STATEMENT', m, q.loc);
  };
  if (q.from.kind === 'Join') refuse("Pull queries don't support JOIN clauses.");
  if (q.window !== undefined) refuse("Pull queries don't support WINDOW clauses.");
  if (q.groupBy !== undefined) refuse("Pull queries don't support GROUP BY clauses.");
  if (q.having !== undefined) refuse("Pull queries don't support HAVING clauses.");
  if (q.partitionBy !== undefined) refuse("Pull queries don't support PARTITION BY clauses.");
  if (q.limit !== undefined) {
    if (q.limit < 0) refuse(`Pull queries don't support negative integers in the LIMIT clause. ${MORE}`);
    if (!flag(ctx, 'ksql.query.pull.limit.clause.enabled', true))
      refuse(
        `LIMIT clause in pull queries is currently disabled. You can enable them by setting ksql.query.pull.limit.clause.enabled=true. ${MORE}\nAdd EMIT CHANGES if you intended to issue a push query.`,
      );
  }
  if (q.offset !== undefined && q.offset < 0) refuse('OFFSET must be a whole number >= 0.');
}

export function planPull(query: Query, ctx: PullPlanContext): PullPlan {
  checkClauses(query, ctx);
  if (query.from.kind !== 'Source') throw new KsqlError('INVALID_STATEMENT', "Pull queries don't support JOIN clauses.", query.loc);
  const from = query.from;
  const source = ctx.lookupSource(from.name, from.loc);
  if (source.sourceType === 'STREAM') {
    if (!flag(ctx, 'ksql.query.pull.stream.enabled', true))
      throw new KsqlError('INVALID_STATEMENT', `Pull queries on streams are disabled. To create a push query on the stream, add EMIT CHANGES to the end. ${MORE}`, query.loc);
    if (query.orderBy !== undefined || query.offset !== undefined)
      throw new KsqlError('UNSUPPORTED', 'ORDER BY and OFFSET are supported in pull queries on tables only.', query.loc);
    return { kind: 'stream', source, query, limit: query.limit };
  }
  const qualifiers = new Set([source.name, ...(from.alias !== undefined ? [from.alias] : [])]);
  const rowSchema = sourceNode(source).schema;
  const windowed = source.window !== undefined;
  const scope = new SchemaScope(rowSchema, qualifiers, 'SELECT');

  // The projection: SELECT * lists key columns, window bounds, then value columns; struct stars expand.
  const select = expandSelect(query.select, source, scope, qualifiers, ctx);
  refusePseudoColumns('SELECT', select.flatMap((i) => (i.kind === 'SingleColumn' ? [i.expr] : [])));
  if (query.where !== undefined) refusePseudoColumns('WHERE', [query.where]);
  checkDuplicates(select, scope);
  const planned = planQuery({ kind: 'Query', select, from, loc: query.loc }, { lookupSource: () => source, functions: ctx.functions });
  const project = planned.plan;
  if (project.kind !== 'Project') throw new KsqlError('INTERNAL', `A pull query plans to ${project.kind}, not a projection.`);
  const columns = project.schema.map((c, i): PlanColumn => {
    const e = project.items[i]!.expr;
    const isBound = windowed && e.kind === 'ColumnRef' && (e.name === 'WINDOWSTART' || e.name === 'WINDOWEND');
    return isBound ? { ...c, namespace: 'KEY' } : c;
  });

  const whereScope = new SchemaScope(rowSchema, qualifiers, 'WHERE');
  const where = query.where === undefined ? undefined : typedWhere(query.where, whereScope, ctx);
  const analysis = analyzeWhere(where, {
    source,
    schema: rowSchema,
    functions: ctx.functions,
    tableScanEnabled: flag(ctx, 'ksql.query.pull.table.scan.enabled', true),
    rangeScanEnabled: flag(ctx, 'ksql.query.pull.range.scan.enabled', true),
  });
  const order = planOrder(query, project.items, rowSchema, qualifiers, ctx);
  return {
    kind: 'table',
    source,
    rowSchema,
    items: project.items,
    columns,
    ...(analysis.exact ? {} : { filter: where }),
    where: analysis,
    ...order,
    limit: query.limit,
    offset: query.offset,
  };
}

function expandSelect(
  items: readonly SelectItem[],
  source: DataSource,
  scope: SchemaScope,
  qualifiers: ReadonlySet<string>,
  ctx: PullPlanContext,
): SelectItem[] {
  const col = (name: string): SelectItem => ({ kind: 'SingleColumn', expr: { kind: 'ColumnRef', name } });
  return items.flatMap((item): SelectItem[] => {
    if (item.kind !== 'AllColumns') return [item];
    if (item.struct !== undefined) {
      const t = inferType(item.struct, scope, ctx.functions);
      if (t.kind !== 'STRUCT') throw new KsqlError('TYPE', `Cannot expand ${formatExpression(item.struct)}->*: it is not a STRUCT but ${formatType(t)}.`, item.loc);
      const base = item.struct;
      return t.fields.map((f) => ({ kind: 'SingleColumn', expr: { kind: 'Dereference', base, field: f.name, loc: item.loc } }));
    }
    if (item.source !== undefined && !qualifiers.has(item.source))
      throw new KsqlError('UNKNOWN_COLUMN', `'${item.source}' is not a valid stream/table name or alias.`, item.loc);
    const keys = source.columns.filter((c) => c.namespace === 'KEY').map((c) => col(c.name));
    const bounds = source.window !== undefined ? [col('WINDOWSTART'), col('WINDOWEND')] : [];
    const values = source.columns.filter((c) => c.namespace !== 'KEY').map((c) => col(c.name));
    return [...keys, ...bounds, ...values];
  });
}

/** A table's rows have no partition or offset: ksqlDB refuses ROWPARTITION and ROWOFFSET. */
function refusePseudoColumns(clause: string, exprs: readonly Expression[]): void {
  const found = new Set<string>();
  for (const e of exprs) for (const x of walk(e)) if (x.kind === 'ColumnRef' && (x.name === 'ROWPARTITION' || x.name === 'ROWOFFSET')) found.add(x.name);
  if (found.size > 0)
    throw new KsqlError('INVALID_STATEMENT', `Pull queries don't support the following columns in ${clause} clauses: ${[...found].map((n) => `\`${n}\``).join(', ')}`);
}

/** ksqlDB's message for a column selected twice under the same name. */
function checkDuplicates(select: readonly SelectItem[], scope: SchemaScope): void {
  const seen = new Set<string>();
  for (const item of select) {
    if (item.kind !== 'SingleColumn' || item.alias !== undefined || item.expr.kind !== 'ColumnRef') continue;
    const name = item.expr.name;
    if (seen.has(name) && scope.has(name)) {
      const c = scope.schema.find((x) => x.name === name)!;
      const kind = c.namespace === 'KEY' ? 'key' : 'value';
      throw new KsqlError('INVALID_STATEMENT', `Duplicate ${kind} columns found in schema: \`${name}\` ${formatType(c.type)}${c.namespace === 'KEY' ? ' KEY' : ''}`, item.loc);
    }
    seen.add(name);
  }
}

const TIME_COLUMNS = new Set(['WINDOWSTART', 'WINDOWEND', 'ROWTIME']);

/** Comparisons of ROWTIME and window bounds with timestamp texts compare with their epoch millis. */
function readTimestampTexts(e: Expression): Expression {
  if (e.kind === 'Comparison' || e.kind === 'Between') {
    const isTime = (x: Expression): boolean => x.kind === 'ColumnRef' && TIME_COLUMNS.has(x.name);
    const operands = e.kind === 'Comparison' ? [e.left, e.right] : [e.value, e.low, e.high];
    if (operands.some(isTime)) {
      const read = (x: Expression): Expression => {
        if (x.kind !== 'StringLiteral') return x;
        const ms = parseTimestampText(x.value);
        if (ms === undefined) throw new KsqlError('TYPE', `Failed to parse timestamp '${x.value}'.`, x.loc);
        return { kind: 'NumericLiteral', text: String(ms), type: 'BIGINT', loc: x.loc };
      };
      return e.kind === 'Comparison' ? { ...e, left: read(e.left), right: read(e.right) } : { ...e, low: read(e.low), high: read(e.high) };
    }
  }
  return mapChildren(e, readTimestampTexts);
}

/** The WHERE, typed over the table's rows; type errors say which condition failed, as ksqlDB does. */
function typedWhere(raw: Expression, scope: SchemaScope, ctx: PullPlanContext): Expression {
  const takesUnit = (name: string): boolean => ctx.functions.scalar(name)?.signatures.some((s) => s.params.some((p) => p.pattern.p === 'unit')) ?? false;
  const where = readTimestampTexts(unitsToColumns(raw, takesUnit));
  // ksqlDB checks LIKE on a column before anything else.
  for (const x of walk(where)) {
    if (x.kind !== 'Like' || x.value.kind !== 'ColumnRef' || !scope.has(x.value.name)) continue;
    const name = x.value.name;
    const c = scope.schema.find((col) => col.name === name)!;
    if (c.type.kind !== 'STRING')
      throw new KsqlError('TYPE', `The column type for Like condition must be VARCHAR. The column type is ${formatType(c.type)}`, x.loc);
  }
  let t;
  try {
    t = inferType(where, scope, ctx.functions);
  } catch (e) {
    if (!(e instanceof KsqlError) || e.code !== 'TYPE') throw e;
    const culprit = failingCondition(where, scope, ctx);
    if (culprit?.kind === 'Between') throw new KsqlError('TYPE', `Invalid expression: ${e.message}`, e.loc);
    const statement = culprit === undefined ? '' : `\nStatement: ${formatExpression(stripQualifiers(culprit))}`;
    throw new KsqlError('TYPE', `Error in WHERE expression: ${e.message}${statement}`, e.loc);
  }
  if (t.kind !== 'BOOLEAN')
    throw new KsqlError('TYPE', `Type error in WHERE expression: Should evaluate to boolean but is ${formatExpression(raw)} (${formatType(t)}) instead.`, raw.loc);
  return stripQualifiers(where);
}

/** The innermost condition (comparison, BETWEEN, IN, LIKE) that fails to type. */
function failingCondition(where: Expression, scope: SchemaScope, ctx: PullPlanContext): Expression | undefined {
  const conditions = [...walk(where)].filter((x) => ['Comparison', 'Between', 'InList', 'Like'].includes(x.kind)).reverse();
  for (const c of conditions) {
    try {
      inferType(c, scope, ctx.functions);
    } catch {
      return c;
    }
  }
  return undefined;
}

/** ORDER BY: stored columns (or aliases of them) sort in SQL; anything else after filtering. */
function planOrder(
  query: Query,
  items: readonly ProjectItem[],
  rowSchema: readonly PlanColumn[],
  qualifiers: ReadonlySet<string>,
  ctx: PullPlanContext,
): Pick<TablePullPlan, 'sqlOrder' | 'rowOrder'> {
  if (query.orderBy === undefined || query.orderBy.length === 0) return {};
  const scope = new SchemaScope(rowSchema, qualifiers, 'ORDER BY');
  const stored = (name: string): boolean => {
    const c = rowSchema.find((x) => x.name === name);
    if (c === undefined || ['ARRAY', 'MAP', 'STRUCT', 'BYTES'].includes(c.type.kind)) return false;
    return c.namespace !== 'PSEUDO' || TIME_COLUMNS.has(name);
  };
  const resolved = query.orderBy.map((o) => {
    let expr = stripQualifiers(o.expr);
    // An output alias stands for its expression.
    if (expr.kind === 'ColumnRef' && !scope.has(expr.name)) {
      const name = expr.name;
      const item = items.find((i) => i.name === name);
      if (item !== undefined) expr = item.expr;
    }
    inferType(expr, scope, ctx.functions);
    return { expr, descending: o.descending };
  });
  if (resolved.every((o) => o.expr.kind === 'ColumnRef' && stored(o.expr.name)))
    return { sqlOrder: resolved.map((o) => ({ column: (o.expr as { name: string }).name, descending: o.descending })) };
  return { rowOrder: resolved };
}
