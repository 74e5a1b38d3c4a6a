// Function descriptors: what the registry knows about a function (name, docs, signatures with
// type patterns, how the return type follows from the argument types, the implementation).
// Aggregate functions resolve to one Udaf per call site; table functions wrap a scalar.

import type { SqlType } from '../types/sql-type.js';

/** A parameter type pattern: a concrete type, a family (any DECIMAL), a generic, or a lambda. */
export type TypePattern =
  | { readonly p: 'type'; readonly type: SqlType }
  | { readonly p: 'decimal' }
  | { readonly p: 'struct' }
  | { readonly p: 'any' }
  | { readonly p: 'generic'; readonly name: string }
  | { readonly p: 'array'; readonly item: TypePattern }
  | { readonly p: 'map'; readonly key: TypePattern; readonly value: TypePattern }
  | { readonly p: 'lambda'; readonly params: readonly TypePattern[]; readonly result: TypePattern }
  | { readonly p: 'unit' };

export interface Param {
  readonly name: string;
  readonly pattern: TypePattern;
  readonly description?: string;
}

/** Everything known when a call site is compiled; lets an implementation specialise itself. */
export interface ImplContext {
  /** Argument types as written (null for a NULL literal, undefined for lambdas and time units). */
  readonly argTypes: readonly (SqlType | null | undefined)[];
  /** The types the arguments were converted to before the call. */
  readonly paramTypes: readonly (SqlType | undefined)[];
  readonly returnType: SqlType;
}

/** Arguments arrive as SQL values (see src/types/values.ts); lambdas arrive as JS functions. */
export type ScalarImpl = (...args: readonly unknown[]) => unknown;

export interface ReturnContext {
  readonly argTypes: readonly (SqlType | null | undefined)[];
  readonly paramTypes: readonly (SqlType | undefined)[];
  readonly bindings: ReadonlyMap<string, SqlType>;
}

export interface Signature {
  readonly params: readonly Param[];
  /** The last parameter repeats (zero or more times). */
  readonly variadic: boolean;
  readonly returns: TypePattern | ((ctx: ReturnContext) => SqlType);
  readonly description?: string;
  /**
   * 'propagate' (default): any null argument gives null without calling the implementation.
   * 'pass': the implementation receives nulls and decides.
   */
  readonly nulls: 'propagate' | 'pass';
  /** False for RANDOM, UUID, UNIX_TIMESTAMP(): never evaluated ahead of time. */
  readonly deterministic: boolean;
  readonly impl: (ctx: ImplContext) => ScalarImpl;
}

/** SHOW FUNCTIONS categories, as ksqlDB names them. */
export const FUNCTION_CATEGORIES = [
  'MATHEMATICAL',
  'STRING',
  'REGULAR EXPRESSION',
  'ARRAY',
  'MAP',
  'LAMBDA',
  'JSON',
  'URL',
  'DATE / TIME',
  'CONDITIONAL',
  'CONVERSIONS',
  'BYTES',
  'OTHER',
  'AGGREGATE',
  'TABLE',
] as const;

export type FunctionCategory = (typeof FUNCTION_CATEGORIES)[number];

interface FunctionDoc {
  /** Upper-case name. */
  readonly name: string;
  readonly description: string;
  readonly category: FunctionCategory;
  readonly author?: string;
  readonly version?: string;
  /** Where the function comes from: the extension file for a JavaScript UDF; absent for built-ins. */
  readonly path?: string;
}

export interface ScalarFunction extends FunctionDoc {
  readonly kind: 'SCALAR';
  readonly signatures: readonly Signature[];
}

// ---------------------------------------------------------------------------------------------
// Aggregate and table functions. The registry stores and lists them; `returnType` lets the
// expression typer type a call (HAVING SUM(X) > 10) before the planner replaces it with an
// aggregate column; `resolve` gives the runtime the implementation of one call site.

/** What the runtime may pass when it resolves an aggregate call site. */
export interface AggregateResolveOptions {
  /** Query and engine properties: `ksql.functions.collect_list.limit` and the like. */
  readonly config?: Readonly<Record<string, unknown>>;
  /** Each argument as SQL text, for errors (ksqlDB quotes a non-literal initial argument). */
  readonly argTexts?: readonly string[];
}

export interface AggregateFunction extends FunctionDoc {
  readonly kind: 'AGGREGATE';
  /** Return type for the given argument types, or a KsqlError('TYPE') when they are not accepted. */
  returnType(argTypes: readonly (SqlType | null)[]): SqlType;
  /** Signatures as text for DESCRIBE FUNCTION, e.g. [{ args: 'val INTEGER', returns: 'BIGINT' }]. */
  readonly variations: readonly { readonly args: string; readonly returns: string; readonly description?: string }[];
  /**
   * Resolves the overload for these argument types (null for a NULL literal). `literals[i]` is
   * the value of argument i when it is a literal (TOPK's k, LATEST_BY_OFFSET's n), else
   * undefined. Throws KsqlError when no overload fits, when an initial argument is not a
   * literal, or when a literal is out of range.
   */
  resolve(argTypes: readonly (SqlType | null)[], literals: readonly unknown[], options?: AggregateResolveOptions): Udaf;
}

/**
 * One aggregate call site. State is plain data a generic codec can store (numbers, bigints,
 * Decimals, strings, Buffers, arrays, Maps, plain objects, null): no class instances, no closures.
 * Argument values arrive as the argument expressions produce them; the UDAF applies ksqlDB's
 * implicit widening (INT -> BIGINT -> DECIMAL -> DOUBLE) itself.
 */
export interface Udaf<S = unknown> {
  readonly returnType: SqlType;
  /** ksqlDB's intermediate (aggregate state) type, for format checks ("intermediate type that the value format can not handle"). */
  readonly intermediateType: SqlType;
  /** Which arguments the runtime evaluates per row: all but the literal initial arguments. */
  readonly valueArgs: readonly number[];
  init(): S;
  /** Adds one row's argument values (in valueArgs order); returns the new state (may mutate and return the same object). Throws EvaluationError before changing anything. */
  add(state: S, args: readonly unknown[]): S;
  /** Retracts a row previously added (table aggregation). Absent: the function cannot aggregate a table. */
  undo?(state: S, args: readonly unknown[]): S;
  /** Merges two states (session windows merging); may reuse either. */
  merge(a: S, b: S): S;
  /** The aggregate's value: a fresh value that later adds do not change. */
  result(state: S): unknown;
}

export interface TableFunction extends FunctionDoc {
  readonly kind: 'TABLE';
  returnType(argTypes: readonly (SqlType | null)[]): SqlType;
  /**
   * The rows a call produces, as a scalar function returning ARRAY<row type>: the FlatMap
   * operator compiles calls against it and emits one row per element.
   */
  readonly produces: ScalarFunction;
  readonly variations: readonly { readonly args: string; readonly returns: string; readonly description?: string }[];
}

export type AnyFunction = ScalarFunction | AggregateFunction | TableFunction;

/** What DESCRIBE FUNCTION and SHOW FUNCTIONS print. */
export interface FunctionDescription {
  readonly name: string;
  readonly kind: 'SCALAR' | 'AGGREGATE' | 'TABLE';
  readonly category: FunctionCategory;
  readonly description: string;
  readonly author: string;
  readonly version: string;
  /** 'internal' for a built-in, else the extension file it was loaded from. */
  readonly path: string;
  readonly variations: readonly {
    readonly arguments: readonly { readonly name: string; readonly type: string; readonly description: string }[];
    readonly returnType: string;
    readonly description: string;
  }[];
}
