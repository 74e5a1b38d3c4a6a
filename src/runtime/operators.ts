// Compiles the stateless part of a logical plan into a chain of push functions: each node's
// expressions are compiled once, per record work is a few closure calls over arrays.

import { KsqlError, messageOf } from '../errors.js';
import { compileExpression, compileRowFunction } from '../expr/index.js';
import type { Expression } from '../sql/ast.js';
import type { CompiledExpression } from '../expr/index.js';
import type { FunctionRegistry } from '../functions/registry.js';
import type { PlanNode, SourceNode } from '../plan/logical-plan.js';
import { SchemaScope } from '../analyze/scope.js';
import { columnRefs } from '../analyze/expr-walk.js';
import { formatExpression } from '../sql/format.js';
import type { ErrorSink, Push, Rec } from './record.js';
import { compileAggregate } from './aggregate.js';
import type { QueryStores } from './stores.js';
import type { BatchEnd } from './change-buffer.js';
import { keyEncoder } from '../state/index.js';

export interface CompiledChain {
  /** The source the chain reads. */
  readonly source: SourceNode;
  /** Entry point: push a decoded source record. */
  readonly push: Push;
}

export interface ChainContext {
  readonly functions: FunctionRegistry;
  readonly errors: ErrorSink;
  /** Query properties. */
  readonly properties?: Readonly<Record<string, string>>;
  /** Opens the query's state stores (stateful operators only). */
  readonly stores?: QueryStores;
  /** Set when the query's record cache is on (see change-buffer.ts). */
  readonly batchEnd?: BatchEnd;
}

/** True when `node` produces a table's changelog: a table source, or an aggregation below it. */
function producesTable(node: PlanNode): boolean {
  if (node.kind === 'Source') return node.source.sourceType === 'TABLE';
  if (node.kind === 'Aggregate') return true;
  return producesTable((node as { input: PlanNode }).input);
}

function compileIn(node: PlanNode, expr: Parameters<typeof compileExpression>[0], ctx: ChainContext): CompiledExpression {
  return compileExpression(expr, new SchemaScope(node.schema, new Set()), ctx.functions, {
    // A failing function call yields null where it stands; the record is logged and goes on.
    onError: (e) => ctx.errors.recordError('EVALUATION', e.message),
  });
}

/** The expressions' values for a row, each failing one logged (like guarded) and null. */
function compileProjection(node: PlanNode, exprs: readonly Expression[], ctx: ChainContext): (row: unknown[]) => unknown[] {
  const texts = exprs.map((e) => formatExpression(e));
  const compiled = compileRowFunction(exprs, new SchemaScope(node.schema, new Set()), ctx.functions, {
    onError: (e) => ctx.errors.recordError('EVALUATION', e.message),
    onItemError: (i, e) => ctx.errors.recordError('EVALUATION', `Error computing expression ${texts[i]}: ${e.message}`),
  });
  return compiled.evaluate;
}

/** Evaluates, turning an evaluation error into a processing-log entry and null, like ksqlDB. */
function guarded(c: CompiledExpression, what: string, ctx: ChainContext): (row: unknown[]) => unknown {
  return (row) => {
    try {
      return c.evaluate(row);
    } catch (e) {
      ctx.errors.recordError('EVALUATION', `Error computing expression ${what}: ${messageOf(e)}`);
      return null;
    }
  };
}

/** Builds the chain for `node` (not a Sink) ending in `downstream`. */
export function compileChain(node: PlanNode, downstream: Push, ctx: ChainContext): CompiledChain {
  switch (node.kind) {
    case 'Source':
      return { source: node, push: downstream };
    case 'Filter': {
      if (node.input.kind === 'Aggregate') return compileChain(node.input, havingFilter(node, downstream, ctx), ctx);
      const pred = compileIn(node.input, node.predicate, ctx);
      const isTable = producesTable(node.input);
      const text = formatExpression(node.predicate);
      const push: Push = (rec) => {
        // A stream drops null values; a table forwards its tombstones.
        if (rec.nullValue === true) {
          if (isTable) downstream(rec);
          return;
        }
        let ok: unknown;
        try {
          ok = pred.evaluate(rec.row);
        } catch (e) {
          ctx.errors.recordError('EVALUATION', `Error evaluating predicate ${text}: ${messageOf(e)}`);
          return;
        }
        if (ok === true) downstream(rec);
        // A table row that does not (or no longer) match is deleted downstream.
        else if (isTable) downstream({ row: rec.row, ts: rec.ts, headers: rec.headers, nullValue: true });
      };
      return compileChain(node.input, push, ctx);
    }
    case 'Project': {
      // One generated function computes the whole output row: one call per record.
      const project = compileProjection(node.input, node.items.map((it) => it.expr), ctx);
      const push: Push = (rec) => {
        rec.row = project(rec.row);
        downstream(rec);
      };
      return compileChain(node.input, push, ctx);
    }
    case 'Repartition': {
      const fns = node.keys.map((it) => guarded(compileIn(node.input, it.expr, ctx), formatExpression(it.expr), ctx));
      const n = fns.length;
      // New key columns first, then the input's other columns in the order the schema lists them.
      const inputIndex = new Map(node.input.schema.map((c, i) => [c.name, i]));
      const inputKeys = new Set(node.input.schema.filter((c) => c.namespace === 'KEY').map((c) => c.name));
      const keyOnly = node.keys.map((k) => columnRefs(k.expr).every((r) => inputKeys.has(r.name)));
      const carried = node.schema.slice(n).map((c) => inputIndex.get(c.name)!);
      const width = node.schema.length;
      const push: Push = (rec) => {
        const out = new Array<unknown>(width);
        // A null value has no value columns: only expressions of key columns can be computed.
        if (rec.nullValue === true) for (let i = 0; i < n; i++) out[i] = keyOnly[i] ? fns[i]!(rec.row) : null;
        else for (let i = 0; i < n; i++) out[i] = fns[i]!(rec.row);
        rec.nullKey = false;
        for (let j = 0; j < carried.length; j++) out[n + j] = rec.row[carried[j]!];
        rec.row = out;
        downstream(rec);
      };
      return compileChain(node.input, push, ctx);
    }
    case 'FlatMap': {
      const producers = ctx.functions.tableFunctionsAsScalars();
      const scope = new SchemaScope(node.input.schema, new Set());
      const fns = node.calls.map((c) =>
        guarded(compileExpression(c, scope, producers, { onError: (e) => ctx.errors.recordError('EVALUATION', e.message) }), formatExpression(c), ctx),
      );
      const k = fns.length;
      const width = node.input.schema.length;
      const arrays = new Array<unknown[] | null>(k);
      const push: Push = (rec) => {
        if (rec.nullValue === true) return;
        let n = 0;
        for (let i = 0; i < k; i++) {
          const a = fns[i]!(rec.row) as unknown[] | null;
          arrays[i] = a;
          if (a !== null && a.length > n) n = a.length;
        }
        // Several table functions are zipped: the shorter ones give nulls.
        for (let j = 0; j < n; j++) {
          const row = new Array<unknown>(width + k);
          for (let c = 0; c < width; c++) row[c] = rec.row[c];
          for (let i = 0; i < k; i++) {
            const a = arrays[i];
            row[width + i] = a !== null && a !== undefined && j < a.length ? a[j] : null;
          }
          downstream({ row, ts: rec.ts, headers: rec.headers, nullKey: rec.nullKey });
        }
      };
      return compileChain(node.input, push, ctx);
    }
    case 'Aggregate': {
      if (!ctx.stores) throw new KsqlError('INTERNAL', 'An aggregation needs a state store.');
      const push = compileAggregate(node, downstream, {
        functions: ctx.functions,
        errors: ctx.errors,
        stores: ctx.stores,
        tableInput: producesTable(node.input),
        config: ctx.properties ?? {},
        ...(ctx.batchEnd ? { batchEnd: ctx.batchEnd } : {}),
      });
      return compileChain(node.input, push, ctx);
    }
    case 'Sink':
      throw new KsqlError('UNSUPPORTED', `${node.kind} is not supported by the stateless runtime.`);
    default: {
      const never: never = node;
      return never;
    }
  }
}

/**
 * HAVING: a filter over an aggregation's changes. A group (and window) that stops matching is
 * deleted downstream only if it matched before, as Kafka Streams' table filter does when it
 * knows old values: the groups that currently match are kept in a store.
 */
function havingFilter(node: Extract<PlanNode, { kind: 'Filter' }>, downstream: Push, ctx: ChainContext): Push {
  if (!ctx.stores) throw new KsqlError('INTERNAL', 'HAVING needs a state store.');
  const pred = compileIn(node.input, node.predicate, ctx);
  const text = formatExpression(node.predicate);
  const passing = ctx.stores.keyValue('having');
  const keyIdx = node.schema.flatMap((c, i) => (c.namespace === 'KEY' ? [i] : []));
  const encode = keyEncoder(keyIdx.map((i) => node.schema[i]!.type));
  const keyVals = new Array<unknown>(keyIdx.length);
  return (rec) => {
    for (let i = 0; i < keyIdx.length; i++) keyVals[i] = rec.row[keyIdx[i]!];
    const key = rec.window === undefined ? encode(keyVals) : `${encode(keyVals)}@${rec.window.start}`;
    let ok: unknown = false;
    if (rec.nullValue !== true) {
      try {
        ok = pred.evaluate(rec.row);
      } catch (e) {
        ctx.errors.recordError('EVALUATION', `Error evaluating predicate ${text}: ${messageOf(e)}`);
        return;
      }
    }
    if (ok === true) {
      passing.put(key, true);
      downstream(rec);
    } else if (passing.get(key) === true) {
      passing.delete(key);
      downstream({ row: rec.row, ts: rec.ts, headers: rec.headers, nullValue: true, window: rec.window });
    }
  };
}

export type { Rec };
