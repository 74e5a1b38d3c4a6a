// A JavaScript UDAF as a registry AggregateFunction, through the same overload machinery as the
// built-in aggregates (define.ts): column parameters, trailing literal parameters, and hooks
// init/add/undo/merge/result called with the values spread. Results are converted to the declared type.

import { KsqlError } from '../../errors.js';
import * as T from '../../types/sql-type.js';
import type { SqlType } from '../../types/sql-type.js';
import { defineAggregate, type Overload, type ParamSpec, type TypeContext, type UdafCore } from '../aggregates/define.js';
import type { AggregateFunction } from '../types.js';
import { EvaluationError } from '../values/errors.js';
import { docOf, hookOf, isRecord, signaturesOf } from './checks.js';
import { resultConverter } from './result-values.js';
import { parseConcreteType, parseParams, parseReturn } from './type-text.js';

type AnyFn = (...args: unknown[]) => unknown;

interface Hooks {
  readonly init: AnyFn;
  readonly add: AnyFn;
  readonly undo?: AnyFn;
  readonly merge?: AnyFn;
  readonly result?: AnyFn;
}

function hooksFrom(source: Record<string, unknown>, fallback: Record<string, unknown>, what: string): Hooks {
  const get = (k: string): AnyFn | undefined => hookOf(source, fallback, k, what);
  const init = get('init');
  const add = get('add');
  if (init === undefined || add === undefined) throw new Error(`${what}: give at least 'init' and 'add' (or 'create' returning them)`);
  const undo = get('undo');
  const merge = get('merge');
  const result = get('result');
  return { init, add, ...(undo ? { undo } : {}), ...(merge ? { merge } : {}), ...(result ? { result } : {}) };
}

function toSpecs(list: unknown, at: string, key: string): ParamSpec[] {
  return parseParams(list ?? [], at, key).map((p) => ({ name: p.name, pattern: p.pattern, variadic: p.variadic }));
}

/** A declared type as define.ts takes it: pattern text, or a function of the column types. */
function typeOf(r: unknown, name: string, what: string): string | ((ctx: TypeContext) => SqlType) {
  const parsed = parseReturn(r, what);
  if (typeof parsed !== 'function') return r as string;
  const user = r as (argTypes: readonly string[]) => string;
  return (ctx) => {
    try {
      return parseConcreteType(user(ctx.cols.map(T.formatType)));
    } catch (e) {
      throw new EvaluationError(`${name}: cannot work out the ${what}: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
}

/** add(state, args) calling the hook with the values spread, without an array for 1 or 2 columns. */
function spreadAdd(f: AnyFn, columns: number): (s: unknown, args: readonly unknown[]) => unknown {
  if (columns === 1) return (s, a) => f(s, a[0]);
  if (columns === 2) return (s, a) => f(s, a[0], a[1]);
  return (s, a) => f(s, ...a);
}

function core(name: string, hooks: Hooks, literals: readonly unknown[], columns: number, returnType: SqlType): UdafCore<unknown> {
  const convert = resultConverter(returnType, name);
  const { init, result, merge, undo } = hooks;
  const c: UdafCore<unknown> = {
    init: () => init(...literals),
    add: spreadAdd(hooks.add, columns),
    merge: merge
      ? (a, b) => merge(a, b)
      : () => {
          throw new EvaluationError(`${name} cannot merge two states (session windows need it): give it a 'merge' function`);
        },
    result: result ? (s) => convert(result(s)) : convert,
  };
  return undo ? { ...c, undo: spreadAdd(undo, columns) } : c;
}

/** The registry descriptor of the `index`-th UDAF of the extension file at `path`. */
export function defineUdaf(spec: unknown, index: number, path: string): AggregateFunction {
  const { doc, spec: s } = docOf(spec, 'UDAF', index, 'AGGREGATE', path);
  const what = `UDAF ${doc.name}`;
  const overloads = signaturesOf(s, what).map((sig, i): Overload => {
    const at = `${what} signature ${i + 1}`;
    const cols = toSpecs(sig['params'], at, 'params');
    const init = toSpecs(sig['literals'], at, 'literals');
    if ([...cols, ...init].filter((p) => p.variadic === true).length > 1) throw new Error(`${at}: at most one parameter can repeat ('...')`);
    const returns = typeOf(sig['returns'], doc.name, `${at}: 'returns'`);
    const intermediate = sig['intermediate'] === undefined ? returns : typeOf(sig['intermediate'], doc.name, `${at}: 'intermediate'`);
    const create = hookOf(sig, s, 'create', at);
    const fixed = create === undefined ? hooksFrom(sig, s, at) : undefined;
    return {
      cols,
      init,
      returns,
      intermediate,
      ...(typeof sig['description'] === 'string' ? { description: sig['description'] } : {}),
      make: (ctx) => {
        let hooks = fixed;
        if (create !== undefined) {
          try {
            const made = create({ argTypes: ctx.cols.map(T.formatType), returnType: T.formatType(ctx.returnType), literals: ctx.init });
            if (!isRecord(made)) throw new Error(`it must return an object with init, add, ...; got ${typeof made}`);
            hooks = hooksFrom(made, {}, at);
          } catch (e) {
            throw new KsqlError('INVALID_STATEMENT', `${doc.name}: its create() failed: ${e instanceof Error ? e.message : String(e)}`);
          }
        }
        return core(doc.name, hooks!, ctx.init, ctx.cols.length, ctx.returnType);
      },
    };
  });
  return defineAggregate({ ...doc, overloads });
}
