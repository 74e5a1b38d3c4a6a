// The shape of a JavaScript extension file: what a `.js`/`.mjs` file in the extension folder
// exports so its functions load as SQL functions (documented in samples/extensions/README.md).
// Everything is plain data plus functions; the loader checks it and names the file on errors.

/**
 * A parameter: `'STRING'`, `'name STRING'`, `'...names STRING'` (repeats; the last parameter of
 * a UDF or UDTF, any one parameter of a UDAF), or an object. Types are SQL type text: BOOLEAN,
 * INT, BIGINT, DOUBLE, DECIMAL(p, s), DECIMAL (any), STRING, BYTES, DATE, TIME, TIMESTAMP,
 * ARRAY<t>, MAP<k, v>, STRUCT<name t, ...>, STRUCT (any), ANY, or a generic (T, K, V, ...)
 * bound by the arguments.
 */
export type ParamText = string | { readonly name?: string; readonly type: string; readonly description?: string; readonly variadic?: boolean };

/**
 * A return type: SQL type text (generics allowed once a parameter binds them), or a function
 * that gets the argument types as SQL text and returns the type text; it runs once per call
 * site, when a query is planned.
 */
export type ReturnText = string | ((argTypes: readonly string[]) => string);

/** What a call site knows when its implementation is created (`create`). */
export interface CallSite {
  /** The argument types as SQL text, after implicit widening ('DECIMAL(20, 10)', 'ARRAY<INTEGER>'). */
  readonly argTypes: readonly string[];
  readonly returnType: string;
}

/** Values arrive as the engine holds them: see samples/extensions/README.md, "Values". */
export type JsFunction = (...args: never[]) => unknown;

interface Documented {
  /** The SQL name; case-insensitive, unique among all functions. */
  readonly name: string;
  readonly description: string;
  /** SHOW FUNCTIONS category; default OTHER for UDFs, AGGREGATE for UDAFs, TABLE for UDTFs. */
  readonly category?: string;
  readonly author?: string;
  readonly version?: string;
}

interface UdfImpl {
  /** The implementation: gets the arguments (spread) and returns the value. */
  readonly fn?: JsFunction;
  /** Instead of `fn`: makes one implementation per call site (for state, or to specialise on types). */
  readonly create?: (call: CallSite) => JsFunction;
  /** 'propagate' (default): a null argument gives null without calling `fn`. 'pass': `fn` gets nulls. */
  readonly nulls?: 'propagate' | 'pass';
}

export interface UdfSignatureSpec extends UdfImpl {
  readonly params: readonly ParamText[];
  readonly returns: ReturnText;
  readonly description?: string;
}

/** A scalar function. `fn`/`create`/`nulls` may sit on the function (shared) or on a signature. */
export interface UdfSpec extends Documented, UdfImpl {
  readonly signatures: readonly UdfSignatureSpec[];
}

/** A table function: like a UDF whose `fn` returns an array; each element becomes an output row. */
export interface UdtfSignatureSpec extends UdfImpl {
  readonly params: readonly ParamText[];
  /** The type of one element (one output row), not of the array. */
  readonly returns: ReturnText;
  readonly description?: string;
}

export interface UdtfSpec extends Documented, UdfImpl {
  readonly signatures: readonly UdtfSignatureSpec[];
}

/**
 * An aggregate's behaviour. State must be plain data (numbers, bigints, strings, Buffers, arrays,
 * Maps, plain objects, null): the engine stores it between records.
 */
export interface UdafHooks {
  /** The empty state; gets the literal arguments (`literals`), if any. */
  readonly init?: (...literals: never[]) => unknown;
  /** Adds one row's column values; returns the new state (it may change and return `state`). */
  readonly add?: (state: never, ...values: never[]) => unknown;
  /** Removes a row added before; needed to aggregate a table (GROUP BY over a TABLE). */
  readonly undo?: (state: never, ...values: never[]) => unknown;
  /** Combines two states (session windows merging). */
  readonly merge?: (a: never, b: never) => unknown;
  /** The aggregate's value; default: the state itself. */
  readonly result?: (state: never) => unknown;
}

export interface UdafImpl extends UdafHooks {
  /** Instead of the hooks: makes them per call site. */
  readonly create?: (call: CallSite & { readonly literals: readonly unknown[] }) => UdafHooks;
}

export interface UdafSignatureSpec extends UdafImpl {
  /** Column arguments, evaluated per row. */
  readonly params: readonly ParamText[];
  /** Trailing arguments that must be literals (like TOPK's k); passed to `init`. */
  readonly literals?: readonly ParamText[];
  readonly returns: ReturnText;
  /** The state's SQL type, for format checks; default: the return type. */
  readonly intermediate?: ReturnText;
  readonly description?: string;
}

export interface UdafSpec extends Documented, UdafImpl {
  readonly signatures: readonly UdafSignatureSpec[];
}

/** The exports of an extension file (or its default export, or `module.exports`). */
export interface ExtensionModule {
  readonly udfs?: readonly UdfSpec[];
  readonly udafs?: readonly UdafSpec[];
  readonly udtfs?: readonly UdtfSpec[];
}
