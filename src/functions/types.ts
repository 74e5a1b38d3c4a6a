// Function descriptors: what the registry knows about a function (name, docs, signatures with
// type patterns, how the return type follows from the argument types, the implementation).
// Scalar functions are complete here; aggregate and table functions have their slot below.

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

export type FunctionCategory =
  | 'MATHEMATICAL'
  | 'STRING'
  | 'REGULAR EXPRESSION'
  | 'ARRAY'
  | 'MAP'
  | 'LAMBDA'
  | 'JSON'
  | 'URL'
  | 'DATE / TIME'
  | 'CONDITIONAL'
  | 'CONVERSIONS'
  | 'BYTES'
  | 'OTHER'
  | 'AGGREGATE'
  | 'TABLE';

interface FunctionDoc {
  /** Upper-case name. */
  readonly name: string;
  readonly description: string;
  readonly category: FunctionCategory;
  readonly author?: string;
  readonly version?: string;
}

export interface ScalarFunction extends FunctionDoc {
  readonly kind: 'SCALAR';
  readonly signatures: readonly Signature[];
}

// ---------------------------------------------------------------------------------------------
// Aggregate and table functions: their descriptors are designed by the engineer who writes the
// runtime for them. The registry stores and lists them; `returnType` lets the expression typer
// type a call (HAVING SUM(X) > 10) before the planner replaces it with an aggregate column.

export interface AggregateFunction extends FunctionDoc {
  readonly kind: 'AGGREGATE';
  /** Return type for the given argument types, or a KsqlError when they are not accepted. */
  returnType(argTypes: readonly (SqlType | null)[]): SqlType;
  /** Signatures as text for DESCRIBE FUNCTION, e.g. [{ args: 'val INTEGER', returns: 'BIGINT' }]. */
  readonly variations: readonly { readonly args: string; readonly returns: string; readonly description?: string }[];
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
  readonly variations: readonly {
    readonly arguments: readonly { readonly name: string; readonly type: string; readonly description: string }[];
    readonly returnType: string;
    readonly description: string;
  }[];
}
