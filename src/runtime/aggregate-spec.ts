// What every aggregation operator shares: the grouping expressions and the aggregate functions of
// an Aggregate node, compiled once; reading a record into (group key, argument values); folding
// it into a state row; and building the output row (group columns, results, pseudo columns).

import type { BatchEnd } from './change-buffer.js';
import { KsqlError } from '../errors.js';
import { compileExpression } from '../expr/index.js';
import type { CompiledExpression } from '../expr/index.js';
import type { FunctionRegistry } from '../functions/registry.js';
import type { Udaf } from '../functions/types.js';
import type { AggregateNode } from '../plan/logical-plan.js';
import { SchemaScope } from '../analyze/scope.js';
import type { Expression } from '../sql/ast.js';
import { formatExpression } from '../sql/format.js';
import { keyEncoder } from '../state/index.js';
import type { ErrorSink, Rec } from './record.js';
import type { QueryStores } from './stores.js';

export interface AggregateContext {
  readonly functions: FunctionRegistry;
  readonly errors: ErrorSink;
  readonly stores: QueryStores;
  /** True when the input is a table (updates retract the previous row). */
  readonly tableInput: boolean;
  /** Query properties (collect_list limits and the like). */
  readonly config: Readonly<Record<string, string>>;
  /** Set when the query's record cache is on: changes are emitted once per batch, at its end. */
  readonly batchEnd?: BatchEnd;
}

/** One input record, read: its group (encoded key and values) and each aggregate's arguments. */
export interface AggRow {
  group: string;
  groupValues: unknown[];
  args: unknown[][];
}

/** The arguments of COUNT(*) and other argument-less aggregates: shared, never written to. */
const NO_ARGS: unknown[] = Object.freeze([]) as unknown as unknown[];

function literalOf(e: Expression): unknown {
  switch (e.kind) {
    case 'NumericLiteral':
      return Number(e.text);
    case 'StringLiteral':
      return e.value;
    case 'BooleanLiteral':
      return e.value;
    default:
      return undefined;
  }
}

export class AggregateSpec {
  readonly udafs: Udaf[] = [];
  readonly groupCount: number;
  readonly aggCount: number;
  private readonly groupFns: CompiledExpression[];
  private readonly argFns: CompiledExpression[][] = [];
  private readonly encode: (values: readonly unknown[]) => string;

  constructor(node: AggregateNode, ctx: AggregateContext) {
    const scope = new SchemaScope(node.input.schema, new Set());
    const compile = (e: Expression): CompiledExpression => compileExpression(e, scope, ctx.functions);
    this.groupFns = node.groupBy.map((g) => compile(g.expr));
    this.encode = keyEncoder(this.groupFns.map((f) => f.type));
    for (const a of node.aggregates) {
      const call = a.expr;
      if (call.kind !== 'FunctionCall') throw new KsqlError('INTERNAL', 'aggregate is not a call');
      const fn = ctx.functions.aggregate(call.name);
      if (!fn) throw new KsqlError('UNKNOWN_FUNCTION', `Can't find any functions with the name '${call.name}'`);
      const args = call.star === true ? [] : call.args;
      const argTypes = args.map((x) => (x.kind === 'NullLiteral' ? null : compile(x).type));
      const udaf = fn.resolve(argTypes, args.map(literalOf), { config: ctx.config, argTexts: args.map((x) => formatExpression(x)) });
      this.udafs.push(udaf);
      this.argFns.push(udaf.valueArgs.map((i) => compile(args[i]!)));
    }
    this.groupCount = this.groupFns.length;
    this.aggCount = this.udafs.length;
  }

  /** The record's group and arguments, or null when a grouping value is null (ksqlDB drops the row). */
  read(rec: Rec): AggRow | null {
    const ng = this.groupCount;
    const groupValues = new Array<unknown>(ng);
    for (let i = 0; i < ng; i++) {
      const v = this.groupFns[i]!.evaluate(rec.row);
      if (v === null || v === undefined) return null;
      groupValues[i] = v;
    }
    const na = this.aggCount;
    const args = new Array<unknown[]>(na);
    for (let i = 0; i < na; i++) {
      const fs = this.argFns[i]!;
      if (fs.length === 0) {
        args[i] = NO_ARGS;
        continue;
      }
      const a = new Array<unknown>(fs.length);
      for (let j = 0; j < fs.length; j++) a[j] = fs[j]!.evaluate(rec.row);
      args[i] = a;
    }
    return { group: this.encode(groupValues), groupValues, args };
  }

  init(): unknown[] {
    return this.udafs.map((u) => u.init());
  }

  /** Folds the row's arguments into `states` (in place) and returns it. */
  add(states: unknown[], row: AggRow): unknown[] {
    for (let i = 0; i < this.aggCount; i++) states[i] = this.udafs[i]!.add(states[i], row.args[i]!);
    return states;
  }

  /** Takes the row's arguments back out of `states` (functions without undo keep their state). */
  undo(states: unknown[], row: AggRow): unknown[] {
    for (let i = 0; i < this.aggCount; i++) {
      const u = this.udafs[i]!;
      if (u.undo) states[i] = u.undo(states[i], row.args[i]!);
    }
    return states;
  }

  /** Merges two state rows (session windows that a record joins into one). */
  merge(a: unknown[], b: unknown[]): unknown[] {
    return this.udafs.map((u, i) => u.merge(a[i], b[i]));
  }

  /**
   * The output row laid out as the Aggregate node's schema: group columns, results, ROWTIME, then
   * WINDOWSTART and WINDOWEND when windowed.
   */
  output(groupValues: readonly unknown[], states: readonly unknown[], ts: number, window?: { start: number; end: number }): unknown[] {
    const ng = this.groupCount;
    const n = this.aggCount;
    const out = new Array<unknown>(ng + n + (window ? 3 : 1));
    for (let i = 0; i < ng; i++) out[i] = groupValues[i];
    for (let i = 0; i < n; i++) out[ng + i] = this.udafs[i]!.result(states[i]);
    out[ng + n] = ts;
    if (window) {
      out[ng + n + 1] = window.start;
      out[ng + n + 2] = window.end;
    }
    return out;
  }
}
