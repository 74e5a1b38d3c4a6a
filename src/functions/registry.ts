// The function registry: scalar functions (built-in and user-defined) with ksqlDB's overload
// resolution, plus the slots for aggregate and table functions, and the text SHOW FUNCTIONS /
// DESCRIBE FUNCTION print.

import { KsqlError } from '../errors.js';
import type { SqlType } from '../types/sql-type.js';
import { splitTopLevel } from './aggregates/define.js';
import { builtinAggregateFunctions } from './aggregates/index.js';
import { builtinScalarFunctions } from './builtins/index.js';
import { builtinTableFunctions } from './builtins/table.js';
import {
  type ArgShape,
  chooseSignature,
  formatArgShape,
  formatPattern,
  formatSignature,
  type SignatureMatch,
} from './signature.js';
import type {
  AggregateFunction,
  AnyFunction,
  FunctionDescription,
  ScalarFunction,
  TableFunction,
} from './types.js';

export interface ResolvedScalar extends SignatureMatch {
  readonly fn: ScalarFunction;
}

export class FunctionRegistry {
  private readonly functions = new Map<string, AnyFunction>();

  private producersView: FunctionRegistry | undefined;

  /** A new registry holding every built-in scalar, aggregate and table function. */
  static builtins(): FunctionRegistry {
    const r = new FunctionRegistry();
    for (const f of builtinScalarFunctions()) r.register(f);
    for (const f of builtinAggregateFunctions()) r.register(f);
    for (const f of builtinTableFunctions()) r.register(f);
    return r;
  }

  /**
   * This registry with each table function replaced by its `produces` scalar (returning the
   * array of rows a call yields), for compiling the calls of a FlatMap.
   */
  tableFunctionsAsScalars(): FunctionRegistry {
    if (this.producersView) return this.producersView;
    const view = new FunctionRegistry();
    for (const f of this.functions.values()) view.functions.set(f.name, f.kind === 'TABLE' ? { ...f.produces, name: f.name } : f);
    this.producersView = view;
    return view;
  }

  /** Adds a function; names are case-insensitive and must be unique across all kinds. */
  register(fn: AnyFunction, options: { replace?: boolean } = {}): void {
    const name = fn.name.toUpperCase();
    if (!options.replace && this.functions.has(name)) {
      throw new KsqlError('INVALID_STATEMENT', `A function named '${name}' already exists`);
    }
    this.functions.set(name, fn.name === name ? fn : { ...fn, name });
    this.producersView = undefined;
  }

  registerAggregate(fn: AggregateFunction, options: { replace?: boolean } = {}): void {
    this.register(fn, options);
  }

  registerTable(fn: TableFunction, options: { replace?: boolean } = {}): void {
    this.register(fn, options);
  }

  get(name: string): AnyFunction | undefined {
    return this.functions.get(name.toUpperCase());
  }

  kindOf(name: string): AnyFunction['kind'] | undefined {
    return this.get(name)?.kind;
  }

  scalar(name: string): ScalarFunction | undefined {
    const f = this.get(name);
    return f?.kind === 'SCALAR' ? f : undefined;
  }

  aggregate(name: string): AggregateFunction | undefined {
    const f = this.get(name);
    return f?.kind === 'AGGREGATE' ? f : undefined;
  }

  table(name: string): TableFunction | undefined {
    const f = this.get(name);
    return f?.kind === 'TABLE' ? f : undefined;
  }

  /**
   * Picks the overload of scalar function `name` for these arguments: plain types (null for a
   * NULL literal) or shapes for lambdas and time units. Throws KsqlError('UNKNOWN_FUNCTION') for
   * an unknown name and KsqlError('TYPE') when no overload fits.
   */
  lookupScalar(name: string, argTypes: readonly (ArgShape | SqlType | null)[]): ResolvedScalar {
    const args = argTypes.map((a): ArgShape => (a === null ? { kind: 'value', type: null } : isShape(a) ? a : { kind: 'value', type: a }));
    const fn = this.get(name);
    if (fn === undefined) {
      throw new KsqlError('UNKNOWN_FUNCTION', `Can't find any functions with the name '${name}'`);
    }
    if (fn.kind !== 'SCALAR') {
      throw new KsqlError('TYPE', `Function '${fn.name}' is ${fn.kind === 'AGGREGATE' ? 'an aggregate' : 'a table'} function, not a scalar function`);
    }
    const m = chooseSignature(fn.signatures, args);
    if (m === undefined) {
      const alternatives = fn.signatures.map((s) => formatSignature(fn.name, s)).join('\n');
      throw new KsqlError(
        'TYPE',
        `Function '${name}' does not accept parameters (${args.map(formatArgShape).join(', ')}).\nValid alternatives are:\n${alternatives}`,
      );
    }
    return { ...m, fn };
  }

  /** All functions, sorted by name, as SHOW FUNCTIONS lists them. */
  list(): FunctionDescription[] {
    return [...this.functions.values()].sort((a, b) => (a.name < b.name ? -1 : 1)).map(describe);
  }

  describe(name: string): FunctionDescription | undefined {
    const f = this.get(name);
    return f === undefined ? undefined : describe(f);
  }
}

function isShape(a: ArgShape | SqlType): a is ArgShape {
  return a.kind === 'value' || a.kind === 'unit' || a.kind === 'lambda';
}

function describe(f: AnyFunction): FunctionDescription {
  const base = {
    name: f.name,
    kind: f.kind,
    category: f.category,
    description: f.description,
    author: f.author ?? (f.path === undefined ? 'Confluent' : ''),
    version: f.version ?? '',
    path: f.path ?? 'internal',
  };
  if (f.kind !== 'SCALAR') {
    return {
      ...base,
      variations: f.variations.map((v) => ({
        arguments: v.args.length === 0 ? [] : splitTopLevel(v.args).map((a) => {
          const [n, ...t] = a.split(' ');
          return { name: n ?? '', type: t.join(' '), description: '' };
        }),
        returnType: v.returns,
        description: v.description ?? '',
      })),
    };
  }
  return {
    ...base,
    variations: f.signatures.map((s) => ({
      arguments: s.params.map((p, i) => ({
        name: p.name,
        type: formatPattern(p.pattern) + (s.variadic && i === s.params.length - 1 ? '[]' : ''),
        description: p.description ?? '',
      })),
      returnType: typeof s.returns === 'function' ? 'depends on the arguments' : formatPattern(s.returns),
      description: s.description ?? '',
    })),
  };
}

export type { ArgShape } from './signature.js';
export type { SqlType };
