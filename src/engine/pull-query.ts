// Pull queries (SELECT without EMIT): on a table, SQL over its materialized store (key lookups
// and range conditions use indexes; what SQL cannot say is checked row by row with compiled
// expressions); on a stream, the push plan run over the topic up to its current end.

import { planPull } from '../analyze/plan-pull.js';
import type { StreamPullPlan, TablePullPlan } from '../analyze/plan-pull.js';
import { NO_MATCH, literalKeyValue } from '../analyze/pull-literals.js';
import type { KeyOperand, LiteralSlot } from '../analyze/pull-where.js';
import { planQuery } from '../analyze/plan-query.js';
import { SchemaScope } from '../analyze/scope.js';
import { KsqlError } from '../errors.js';
import { compareValues, compileExpression } from '../expr/index.js';
import type { FunctionRegistry } from '../functions/registry.js';
import type { PlanColumn } from '../plan/logical-plan.js';
import { formatSchema } from '../plan/logical-plan.js';
import type { Query } from '../sql/ast.js';
import type { SqlType } from '../types/sql-type.js';
import { keyEncoder } from '../state/index.js';
import type { MaterializedRow, MaterializedTable, Predicate, TableQuery } from '../state/index.js';
import type { ExecContext } from './context.js';
import { materializedTableOf } from './materialize.js';
import { starSchema } from './pull-star-schema.js';
import { kafkaTableOfSource, startKafkaPull } from './kafka-pull.js';
import type { PushQuery, QueryHeader } from './push-query.js';
import { RunningQuery } from './running-query.js';

/** What engine.query() returns for a pull query: the rows, then the end. */
export interface PullQuery extends PushQuery {
  readonly pull: true;
  /** On a table (the answer is complete at once); false for a scan of a stream. */
  readonly fromTable: boolean;
  readonly limit?: number;
}

export function isPullQuery(q: PushQuery): q is PullQuery {
  return (q as Partial<PullQuery>).pull === true;
}

let counter = 0;

function queryId(source: string): string {
  return `transient_${source}_${Date.now()}${counter++}`;
}

/** A finished answer as a query: its rows one by one, then done. */
export function answer(header: QueryHeader, rows: readonly unknown[][], fromTable: boolean, limit: number | undefined): PullQuery {
  let next = 0;
  let cancelled = false;
  const iterator = {
    next: async (): Promise<IteratorResult<unknown[]>> =>
      !cancelled && next < rows.length ? { value: rows[next++]!, done: false } : { value: undefined, done: true },
    return: async (): Promise<IteratorResult<unknown[]>> => {
      cancelled = true;
      return { value: undefined, done: true };
    },
  };
  return {
    header,
    pull: true,
    fromTable,
    ...(limit !== undefined ? { limit } : {}),
    cancel: () => {
      cancelled = true;
    },
    isDone: () => cancelled || next >= rows.length,
    [Symbol.asyncIterator]: () => iterator,
  };
}

/** Runs a pull query; `remember` receives a table query's prepared plan (for the statement cache). */
export function startPullQuery(ctx: ExecContext, query: Query, remember?: (prepared: PreparedPull) => void): PullQuery | Promise<PullQuery> {
  const plan = planPull(query, {
    lookupSource: (n, loc) => ctx.catalog.requireSource(n, loc),
    functions: ctx.functions,
    properties: ctx.properties,
  });
  if (plan.kind === 'stream') return scanStream(ctx, plan);
  // ---- Kafka mode: the table is split by partition over the instances (see kafka-pull.ts).
  const kafkaTable = kafkaTableOfSource(ctx, plan.source);
  if (kafkaTable !== undefined) return startKafkaPull(ctx, plan, query, kafkaTable);
  // ---- end Kafka mode
  const table = materializedTableOf(ctx, plan.source);
  if (table === undefined) {
    const name = plan.source.name;
    throw new KsqlError(
      'INVALID_STATEMENT',
      `The \`${name}\` table isn't queryable. To derive a queryable table, you can do 'CREATE TABLE QUERYABLE_${name} AS SELECT * FROM ${name}'. See https://cnfl.io/queries for more info.`,
      query.loc,
    );
  }
  const prepared = new PreparedPull(plan, table, ctx.functions, starSchema(query, plan.source, plan.columns));
  remember?.(prepared);
  return prepared.run(prepared.keys());
}

/** A stream's rows from its start up to its current end, through the push plan of the SELECT. */
function scanStream(ctx: ExecContext, plan: StreamPullPlan): PullQuery {
  const planned = planQuery(plan.query, { lookupSource: (n, loc) => ctx.catalog.requireSource(n, loc), functions: ctx.functions });
  const columns = planned.plan.schema.filter((c) => c.namespace !== 'PSEUDO');
  const id = queryId(plan.source.name);
  const rows: unknown[][] = [];
  const limit = plan.limit;
  if (limit !== 0) {
    let full = false;
    const scan = new RunningQuery(id, undefined, planned.plan, ctx, {
      offsetReset: 'earliest',
      onRow: (rec) => {
        if (full) return;
        rows.push(rec.row);
        if (limit !== undefined && rows.length >= limit) full = true;
      },
    });
    // Synchronous: nothing can be appended meanwhile, so "the end" is the end when the query started.
    while (!full && scan.hasPending()) if (scan.poll() === 0) break;
  }
  return answer({ queryId: id, columns, schema: formatSchema(columns) }, rows, false, limit);
}

type RowFn = (row: readonly unknown[]) => unknown;

/**
 * A table pull query compiled once: its projection, row filter and sort, run with the key
 * values of a statement (those of its own literals, or of another statement of the same shape).
 */
export class PreparedPull {
  readonly header: Omit<QueryHeader, 'queryId'>;
  private readonly project: RowFn[];
  private readonly filter?: RowFn;
  private readonly sortBy?: SortSpec;
  private readonly encodeKey: (values: readonly unknown[]) => string;
  private readonly keyColumns: readonly PlanColumn[];
  /** Where each source column sits in a stored row: key index (>= 0) or -1 - value index. */
  private readonly placement: readonly number[];
  private readonly width: number;
  private readonly pushdown?: readonly Predicate[];

  constructor(
    readonly plan: TablePullPlan,
    readonly table: MaterializedTable,
    functions: FunctionRegistry,
    /** The schema string to show when not the usual one (see pull-star-schema.ts). */
    schema?: string,
  ) {
    const scope = new SchemaScope(plan.rowSchema, new Set());
    // A function failing on one row yields null there, as in ksqlDB's projections.
    const typed = (e: Parameters<typeof compileExpression>[0]): { fn: RowFn; type: SqlType } => {
      const c = compileExpression(e, scope, functions, { onError: () => undefined });
      const fn: RowFn = (row) => {
        try {
          return c.evaluate(row);
        } catch {
          return null;
        }
      };
      return { fn, type: c.type };
    };
    const compile = (e: Parameters<typeof compileExpression>[0]): RowFn => typed(e).fn;
    this.project = plan.items.map((i) => compile(i.expr));
    if (plan.filter !== undefined) this.filter = compile(plan.filter);
    const order = plan.rowOrder ?? (plan.where.lookup !== undefined ? plan.sqlOrder?.map((o) => ({ expr: { kind: 'ColumnRef' as const, name: o.column }, descending: o.descending === true })) : undefined);
    if (order !== undefined) {
      const keys = order.map((o) => typed(o.expr));
      this.sortBy = { fns: keys.map((k) => k.fn), types: keys.map((k) => k.type), descending: order.map((o) => o.descending) };
    }
    this.keyColumns = plan.rowSchema.filter((c) => c.namespace === 'KEY');
    this.encodeKey = keyEncoder(this.keyColumns.map((c) => c.type));
    const columns = plan.source.columns;
    this.placement = columns.map((c) => {
      const k = table.keyColumns.findIndex((x) => x.name === c.name);
      if (c.namespace === 'KEY' && k >= 0) return k;
      const v = table.valueColumns.findIndex((x) => x.name === c.name);
      if (c.namespace !== 'KEY' && v >= 0) return -1 - v;
      throw new KsqlError('INTERNAL', `The store of table ${plan.source.name} has no column ${c.name}; drop and recreate the table.`);
    });
    this.width = plan.rowSchema.length;
    this.pushdown = plan.where.pushdown;
    this.header = { columns: plan.columns, schema: schema ?? formatSchema(plan.columns) };
  }

  /** True while the plan still reads the current table and store. */
  valid(ctx: ExecContext): boolean {
    return ctx.catalog.source(this.plan.source.name) === this.plan.source && materializedTableOf(ctx, this.plan.source) === this.table;
  }

  /** The slot literals the key lookup reads (for the statement cache). */
  slots(): LiteralSlot[] {
    return (this.plan.where.lookup?.disjuncts ?? []).flatMap((d) => d.flatMap((col) => col.flatMap((o) => (o.slot ? [o.slot] : []))));
  }

  /** Whether other values of the slot literals can be run with this plan. */
  get rebindable(): boolean {
    return this.plan.where.exact;
  }

  /**
   * The key tuples to fetch, in the order ksqlDB fetches them (IN lists in order, duplicates
   * once); `slotText` gives the text of slot literals in another statement (default: the plan's own).
   */
  keys(slotText?: (slot: LiteralSlot) => string): unknown[][] | undefined {
    const lookup = this.plan.where.lookup;
    if (lookup === undefined) return undefined;
    const value = (o: KeyOperand, k: number): unknown => {
      if (slotText === undefined || o.slot === undefined) return o.value;
      const v = literalKeyValue(o.slot.kind, slotText(o.slot), this.keyColumns[k]!.type);
      // The same kind of literal converts as the planned one did.
      return v === undefined ? keyOperandCheck(k) : v;
    };
    const out: unknown[][] = [];
    const seen = new Set<string>();
    for (const columns of lookup.disjuncts) {
      let tuples: unknown[][] = [[]];
      columns.forEach((operands, k) => {
        const values = operands.map((o) => value(o, k)).filter((v) => v !== NO_MATCH);
        tuples = tuples.flatMap((t) => values.map((v) => [...t, v]));
      });
      for (const t of tuples) {
        const id = this.encodeKey(t);
        if (seen.has(id)) continue;
        seen.add(id);
        out.push(t);
      }
    }
    return out;
  }

  /** Runs the query for `keys` (undefined: a scan). */
  run(keys: unknown[][] | undefined): PullQuery {
    return answer({ queryId: queryId(this.plan.source.name), ...this.header }, this.rows(keys), true, this.plan.limit);
  }

  /**
   * The answer's rows for `keys` (undefined: a scan); `accept` (Kafka mode) keeps only the
   * stored rows of the partitions asked for.
   */
  rows(keys: unknown[][] | undefined, accept?: (m: MaterializedRow) => boolean): unknown[][] {
    const { plan, table } = this;
    const limit = plan.limit;
    const offset = plan.offset ?? 0;
    const sqlPage = accept === undefined && keys === undefined && this.filter === undefined && plan.rowOrder === undefined;
    // Without sorting after the fact, reading can stop once the page is full.
    const stopAt = this.sortBy === undefined && limit !== undefined ? offset + limit : Infinity;
    const matched: unknown[][] = [];
    const take = (query: TableQuery, few = false): boolean => {
      // A key's rows are few: read at once, which costs less than stepping an iterator.
      for (const m of few ? table.select(query) : table.iterate(query)) {
        if (accept !== undefined && !accept(m)) continue;
        const row = this.toRow(m);
        if (this.filter !== undefined && this.filter(row) !== true) continue;
        matched.push(row);
        if (!sqlPage && matched.length >= stopAt) return false;
      }
      return true;
    };
    if (limit !== 0) {
      if (keys === undefined) {
        take({
          ...(this.pushdown !== undefined ? { where: this.pushdown } : {}),
          ...(plan.sqlOrder !== undefined ? { orderBy: plan.sqlOrder } : {}),
          ...(sqlPage && limit !== undefined ? { limit } : {}),
          ...(sqlPage && offset > 0 ? { offset } : {}),
        });
      } else {
        for (const key of keys) {
          if (!table.windowed && this.pushdown === undefined && accept === undefined) {
            // A key names at most one row of a table: read it by its primary key.
            const m = table.get(key);
            if (m === undefined) continue;
            const row = this.toRow(m);
            if (this.filter !== undefined && this.filter(row) !== true) continue;
            matched.push(row);
            if (matched.length >= stopAt) break;
            continue;
          }
          const where: Predicate[] = this.keyColumns.map((c, i) => ({ column: c.name, op: '=', value: key[i] }));
          if (this.pushdown !== undefined) where.push(...this.pushdown);
          // A key names one row of a table; a windowed table's windows of a key come in order.
          if (!take(table.windowed ? { where } : { where, orderBy: [] }, true)) break;
        }
      }
    }
    if (this.sortBy !== undefined) sortRows(matched, this.sortBy);
    const page = sqlPage ? matched : matched.slice(offset, limit === undefined ? undefined : offset + limit);
    return page.map((row) => this.project.map((f) => f(row)));
  }

  private toRow(m: MaterializedRow): unknown[] {
    const row = new Array<unknown>(this.width);
    const placement = this.placement;
    const n = placement.length;
    for (let i = 0; i < n; i++) {
      const p = placement[i]!;
      row[i] = p >= 0 ? m.key[p] : m.value[-1 - p];
    }
    row[n] = m.rowtime;
    row[n + 1] = null;
    row[n + 2] = null;
    if (m.window !== null) {
      row[n + 3] = m.window.start;
      row[n + 4] = m.window.end;
    }
    return row;
  }
}

function keyOperandCheck(k: number): never {
  throw new KsqlError('INTERNAL', `No value for key column ${k} of a pull query.`);
}

interface SortSpec {
  readonly fns: readonly RowFn[];
  readonly types: readonly SqlType[];
  readonly descending: readonly boolean[];
}

/** Stable sort on computed keys; NULLs first ascending, as SQLite sorts. */
function sortRows(rows: unknown[][], by: SortSpec): void {
  const keyed = rows.map((row, i) => ({ row, i, keys: by.fns.map((f) => f(row)) }));
  keyed.sort((a, b) => {
    for (let k = 0; k < by.fns.length; k++) {
      const c = compareValues(a.keys[k], b.keys[k], by.types[k]!);
      if (c !== 0) return by.descending[k] ? -c : c;
    }
    return a.i - b.i;
  });
  for (let i = 0; i < rows.length; i++) rows[i] = keyed[i]!.row;
}
