// The Aggregate operator (GROUP BY, not windowed): per input row, computes the grouping key,
// folds the row's arguments into each aggregate's state kept in a key-value store, and emits the
// group's new row (key columns, results, ROWTIME). For a table source it first retracts the row
// the key held before (undo), so updates and deletes move counts and sums correctly.

import { KsqlError } from '../errors.js';
import { compileExpression } from '../expr/index.js';
import type { CompiledExpression } from '../expr/index.js';
import type { FunctionRegistry } from '../functions/registry.js';
import type { AggregateNode } from '../plan/logical-plan.js';
import { SchemaScope } from '../analyze/scope.js';
import type { Expression } from '../sql/ast.js';
import { keyEncoder } from '../state/index.js';
import type { KeyValueStore, StateStore } from '../state/index.js';
import { formatExpression } from '../sql/format.js';
import type { Udaf } from '../functions/types.js';
import type { ErrorSink, Push, Rec } from './record.js';

export interface AggregateContext {
  readonly functions: FunctionRegistry;
  readonly errors: ErrorSink;
  /** Opens the query's state store `name` in the engine's database and registers it for flushing. */
  readonly openStore: (name: string) => KeyValueStore<unknown>;
  /** True when the input is a table (updates retract the previous row). */
  readonly tableInput: boolean;
  /** Query properties (collect_list limits and the like). */
  readonly config: Readonly<Record<string, string>>;
}

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

interface AggRow {
  group: string;
  groupValues: unknown[];
  args: unknown[][];
}

export function compileAggregate(node: AggregateNode, downstream: Push, ctx: AggregateContext): Push {
  if (node.window) throw new KsqlError('UNSUPPORTED', 'Windowed aggregations are not supported yet.');
  const scope = new SchemaScope(node.input.schema, new Set());
  const compile = (e: Expression): CompiledExpression => compileExpression(e, scope, ctx.functions);
  const groupFns = node.groupBy.map((g) => compile(g.expr));
  const groupTypes = groupFns.map((f) => f.type);
  const encode = keyEncoder(groupTypes);
  const udafs: Udaf[] = [];
  const argFns: CompiledExpression[][] = [];
  for (const a of node.aggregates) {
    const call = a.expr;
    if (call.kind !== 'FunctionCall') throw new KsqlError('INTERNAL', 'aggregate is not a call');
    const fn = ctx.functions.aggregate(call.name);
    if (!fn) throw new KsqlError('UNKNOWN_FUNCTION', `Can't find any functions with the name '${call.name}'`);
    const args = call.star === true ? [] : call.args;
    const argTypes = args.map((x) => (x.kind === 'NullLiteral' ? null : compile(x).type));
    const udaf = fn.resolve(argTypes, args.map(literalOf), { config: ctx.config, argTexts: args.map((x) => formatExpression(x)) });
    udafs.push(udaf);
    argFns.push(udaf.valueArgs.map((i) => compile(args[i]!)));
  }
  const n = udafs.length;
  const ng = groupFns.length;
  const states = ctx.openStore('aggregate');
  const previous = ctx.tableInput ? ctx.openStore('previous') : undefined;
  const keyCols = node.input.schema.flatMap((c, i) => (c.namespace === 'KEY' ? [i] : []));
  const sourceKey = ctx.tableInput ? keyEncoder(keyCols.map((i) => node.input.schema[i]!.type)) : undefined;

  const read = (rec: Rec): AggRow | null => {
    const groupValues = new Array<unknown>(ng);
    for (let i = 0; i < ng; i++) {
      const v = groupFns[i]!.evaluate(rec.row);
      // ksqlDB drops rows whose grouping expression is null.
      if (v === null || v === undefined) return null;
      groupValues[i] = v;
    }
    const args = argFns.map((fs) => fs.map((f) => f.evaluate(rec.row)));
    return { group: encode(groupValues), groupValues, args };
  };

  const emit = (row: AggRow, stateRow: unknown[], rec: Rec): void => {
    const out = new Array<unknown>(ng + n + 1);
    for (let i = 0; i < ng; i++) out[i] = row.groupValues[i];
    for (let i = 0; i < n; i++) out[ng + i] = udafs[i]!.result(stateRow[i]);
    out[ng + n] = rec.ts;
    downstream({ row: out, ts: rec.ts, headers: [] });
  };

  /** Adds or retracts one row in its group's state; returns the state, or undefined if there was none to retract from. */
  const fold = (row: AggRow, retract: boolean): unknown[] | undefined => {
    let stateRow = states.get(row.group) as unknown[] | undefined;
    if (!stateRow) {
      if (retract) return undefined;
      stateRow = udafs.map((u) => u.init());
    }
    for (let i = 0; i < n; i++) {
      const u = udafs[i]!;
      if (retract) {
        if (u.undo) stateRow[i] = u.undo(stateRow[i], row.args[i]!);
      } else stateRow[i] = u.add(stateRow[i], row.args[i]!);
    }
    states.put(row.group, stateRow);
    return stateRow;
  };

  return (rec) => {
    try {
      if (previous && sourceKey) {
        const k = sourceKey(keyCols.map((i) => rec.row[i]));
        const before = previous.get(k) as AggRow | undefined;
        const now = rec.nullValue === true ? null : read(rec);
        const retracted = before ? fold(before, true) : undefined;
        // A row that stays in its group is emitted once, after the retraction and the addition.
        if (before && retracted && (!now || now.group !== before.group)) emit(before, retracted, rec);
        if (now) {
          previous.put(k, now);
          emit(now, fold(now, false)!, rec);
        } else previous.delete(k);
        return;
      }
      if (rec.nullValue === true) return;
      const now = read(rec);
      if (now) emit(now, fold(now, false)!, rec);
    } catch (e) {
      ctx.errors.recordError('EVALUATION', e instanceof Error ? e.message : String(e));
    }
  };
}

export type { StateStore };
