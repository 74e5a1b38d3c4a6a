// Aggregate functions described as overloads, the way ksqlDB's UDAF factories are: column
// arguments (evaluated per row, one of them may repeat, anywhere) followed by literal initial
// arguments. Resolution follows the scalar rules: an exact match first, else the cheapest widening.

import { KsqlError } from '../../errors.js';
import * as T from '../../types/sql-type.js';
import type { SqlType } from '../../types/sql-type.js';
import { formatPattern, matchSignature, parsePattern, resolvePattern } from '../signature.js';
import type { ArgShape } from '../signature.js';
import type {
  AggregateFunction,
  AggregateResolveOptions,
  FunctionCategory,
  ReturnContext,
  Signature,
  TypePattern,
  Udaf,
} from '../types.js';
import { converter } from '../values/cast.js';
import type { Converter } from '../values/cast.js';

/** The behaviour of one overload; `resolve` adds the types and argument plumbing. */
export interface UdafCore<S> {
  init(): S;
  add(state: S, args: readonly unknown[]): S;
  undo?(state: S, args: readonly unknown[]): S;
  merge(a: S, b: S): S;
  result(state: S): unknown;
}

export interface TypeContext {
  /** Types of the column arguments after implicit widening: what `add` receives. */
  readonly cols: readonly SqlType[];
  readonly bindings: ReadonlyMap<string, SqlType>;
}

export interface MakeContext extends TypeContext {
  readonly name: string;
  /** Values of the initial (literal) arguments, converted to their parameter types. */
  readonly init: readonly unknown[];
  readonly returnType: SqlType;
  readonly config: Readonly<Record<string, unknown>>;
}

export interface ParamSpec {
  readonly name: string;
  readonly pattern: TypePattern;
  readonly variadic?: boolean;
}

export interface Overload {
  /** Column arguments, e.g. 'val ARRAY<T>' or 'first BIGINT, ...rest STRING'. */
  readonly cols: string | readonly ParamSpec[];
  /** Initial arguments, which must be literals, e.g. 'k INTEGER'. */
  readonly init?: string | readonly ParamSpec[];
  /** A type pattern over the bindings, or a function of the column types (undefined: no match). */
  readonly returns: string | ((ctx: TypeContext) => SqlType | undefined);
  readonly intermediate: string | ((ctx: TypeContext) => SqlType | undefined);
  /** How DESCRIBE FUNCTION shows a computed return type. */
  readonly returnsText?: string;
  readonly description?: string;
  readonly make: (ctx: MakeContext) => UdafCore<unknown>;
}

export interface AggregateSpec {
  readonly name: string;
  readonly description: string;
  readonly overloads: readonly Overload[];
  readonly category?: FunctionCategory;
  readonly author?: string;
  readonly version?: string;
  readonly path?: string;
}

// ---------------------------------------------------------------------------------------------
// Parsing

/** Splits 'a STRING, b MAP<K, V>, c DECIMAL(4, 2)' at top-level commas (commas inside type brackets stay). */
export function splitTopLevel(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '<' || c === '(') depth++;
    else if (c === '>' || c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last.length > 0 || out.length > 0) out.push(last);
  return out;
}

export function parseParams(text: string | readonly ParamSpec[]): readonly ParamSpec[] {
  if (typeof text !== 'string') return text;
  return splitTopLevel(text).map((p) => {
    const variadic = p.startsWith('...');
    const t = variadic ? p.slice(3) : p;
    const space = t.indexOf(' ');
    if (space < 0) throw new Error(`Parameter needs a name and a type: '${p}'`);
    return { name: t.slice(0, space), pattern: parsePattern(t.slice(space + 1)), variadic };
  });
}

interface Parsed {
  readonly ov: Overload;
  readonly colCount: number;
  readonly all: readonly ParamSpec[];
  /** Index in `all` of the repeating parameter, or -1. */
  readonly variadicAt: number;
  readonly returns: TypePattern | ((ctx: TypeContext) => SqlType | undefined);
  readonly intermediate: TypePattern | ((ctx: TypeContext) => SqlType | undefined);
}

function parseOverload(ov: Overload): Parsed {
  const cols = parseParams(ov.cols);
  const init = parseParams(ov.init ?? '');
  const all = [...cols, ...init];
  const variadics = all.flatMap((p, i) => (p.variadic === true ? [i] : []));
  if (variadics.length > 1) throw new Error('At most one parameter can repeat');
  return {
    ov,
    colCount: cols.length,
    all,
    variadicAt: variadics[0] ?? -1,
    returns: typeof ov.returns === 'string' ? parsePattern(ov.returns) : ov.returns,
    intermediate: typeof ov.intermediate === 'string' ? parsePattern(ov.intermediate) : ov.intermediate,
  };
}

// ---------------------------------------------------------------------------------------------
// Matching

interface Candidate {
  readonly parsed: Parsed;
  readonly cost: number;
  readonly colCount: number;
  /** Type each argument is converted to (undefined for a NULL literal of an unbound generic). */
  readonly paramTypes: readonly (SqlType | undefined)[];
  readonly types: TypeContext;
  readonly returnType: SqlType;
  readonly intermediateType: SqlType;
}

const NO_IMPL = (): (() => unknown) => () => undefined;

function typeFrom(p: Parsed['returns'], ctx: TypeContext): SqlType | undefined {
  return typeof p === 'function' ? p(ctx) : resolvePattern(p, ctx.bindings);
}

function attempt(p: Parsed, args: readonly ArgShape[], allowCasts: boolean): Candidate | undefined {
  const n = args.length;
  let params = p.all;
  let colCount = p.colCount;
  if (p.variadicAt < 0) {
    if (n !== params.length) return undefined;
  } else {
    const repeats = n - (params.length - 1);
    if (repeats < 0) return undefined;
    const v = p.variadicAt;
    params = [...params.slice(0, v), ...new Array<ParamSpec>(repeats).fill(params[v]!), ...params.slice(v + 1)];
    if (v < p.colCount) colCount += repeats - 1;
  }
  let bindings: ReadonlyMap<string, SqlType> = new Map();
  const sig: Signature = {
    params: params.map((x) => ({ name: x.name, pattern: x.pattern })),
    variadic: false,
    returns: (ctx: ReturnContext) => {
      bindings = ctx.bindings;
      return T.BOOLEAN;
    },
    nulls: 'pass',
    deterministic: true,
    impl: NO_IMPL,
  };
  const m = matchSignature(sig, args, allowCasts);
  if (m === undefined) return undefined;
  const cols = m.paramTypes.slice(0, colCount);
  if (cols.some((t) => t === undefined)) return undefined;
  const types: TypeContext = { cols: cols as SqlType[], bindings };
  const returnType = typeFrom(p.returns, types);
  const intermediateType = typeFrom(p.intermediate, types);
  if (returnType === undefined || intermediateType === undefined) return undefined;
  return { parsed: p, cost: m.cost, colCount, paramTypes: m.paramTypes, types, returnType, intermediateType };
}

function specificity(p: Parsed): number {
  let n = 0;
  for (const x of p.all) if (x.pattern.p === 'type') n++;
  return n;
}

function better(a: Candidate, b: Candidate): boolean {
  if (a.cost !== b.cost) return a.cost < b.cost;
  const va = a.parsed.variadicAt >= 0;
  const vb = b.parsed.variadicAt >= 0;
  if (va !== vb) return !va;
  return specificity(a.parsed) > specificity(b.parsed);
}

function choose(parsed: readonly Parsed[], argTypes: readonly (SqlType | null)[]): Candidate | undefined {
  const args = argTypes.map((t): ArgShape => ({ kind: 'value', type: t }));
  for (const allowCasts of [false, true]) {
    let best: Candidate | undefined;
    for (const p of parsed) {
      const c = attempt(p, args, allowCasts);
      if (c !== undefined && (best === undefined || better(c, best))) best = c;
    }
    if (best !== undefined) return best;
  }
  return undefined;
}

function formatParam(p: ParamSpec): string {
  return `${formatPattern(p.pattern)}${p.variadic === true ? '...' : ''}`;
}

function noMatch(name: string, parsed: readonly Parsed[], argTypes: readonly (SqlType | null)[]): KsqlError {
  const given = argTypes.map((t) => (t === null ? 'null' : T.formatType(t))).join(', ');
  const alternatives = parsed.map((p) => `${name}(${p.all.map(formatParam).join(', ')})`).join('\n');
  return new KsqlError('TYPE', `Function '${name}' does not accept parameters (${given}).\nValid alternatives are:\n${alternatives}`);
}

// ---------------------------------------------------------------------------------------------
// Assembling a call site

function assemble(core: UdafCore<unknown>, c: Candidate, converters: readonly (Converter | undefined)[]): Udaf {
  const valueArgs = Array.from({ length: c.colCount }, (_, i) => i);
  let add = (s: unknown, args: readonly unknown[]): unknown => core.add(s, args);
  const coreUndo = core.undo;
  let undo = coreUndo === undefined ? undefined : (s: unknown, args: readonly unknown[]): unknown => coreUndo.call(core, s, args);
  if (converters.some((x) => x !== undefined)) {
    // One scratch array per call site: cores keep argument values, never the array itself.
    const scratch = new Array<unknown>(converters.length);
    const convert = (args: readonly unknown[]): unknown[] => {
      for (let i = 0; i < converters.length; i++) {
        const v = args[i];
        const f = converters[i];
        scratch[i] = v === null || v === undefined || f === undefined ? v : f(v);
      }
      return scratch;
    };
    add = (s, args) => core.add(s, convert(args));
    if (coreUndo !== undefined) undo = (s, args) => coreUndo.call(core, s, convert(args));
  }
  const udaf: Udaf = {
    returnType: c.returnType,
    intermediateType: c.intermediateType,
    valueArgs,
    init: () => core.init(),
    add,
    merge: (a, b) => core.merge(a, b),
    result: (s) => core.result(s),
  };
  return undo === undefined ? udaf : { ...udaf, undo };
}

function literalError(name: string, i: number, options: AggregateResolveOptions): KsqlError {
  const text = options.argTexts?.[i];
  return new KsqlError(
    'INVALID_STATEMENT',
    `Parameter ${i + 1} passed to function ${name} must be a literal constant, but was expression: '${text ?? `argument ${i + 1}`}'`,
  );
}

/** Builds the registry descriptor of an aggregate function from its overloads. */
export function defineAggregate(spec: AggregateSpec): AggregateFunction {
  const name = spec.name.toUpperCase();
  const parsed = spec.overloads.map(parseOverload);
  const pick = (argTypes: readonly (SqlType | null)[]): Candidate => {
    const c = choose(parsed, argTypes);
    if (c === undefined) throw noMatch(name, parsed, argTypes);
    return c;
  };
  return {
    kind: 'AGGREGATE',
    name,
    description: spec.description,
    category: spec.category ?? 'AGGREGATE',
    ...(spec.author === undefined ? {} : { author: spec.author }),
    ...(spec.version === undefined ? {} : { version: spec.version }),
    ...(spec.path === undefined ? {} : { path: spec.path }),
    variations: parsed.map((p) => ({
      args: p.all.map((x) => `${x.name} ${formatPattern(x.pattern)}${x.variadic === true ? '[]' : ''}`).join(', '),
      returns: typeof p.returns === 'function' ? (p.ov.returnsText ?? 'depends on the arguments') : formatPattern(p.returns),
      ...(p.ov.description === undefined ? {} : { description: p.ov.description }),
    })),
    returnType: (argTypes) => pick(argTypes).returnType,
    resolve: (argTypes, literals, options = {}) => {
      const c = pick(argTypes);
      const init: unknown[] = [];
      for (let i = c.colCount; i < argTypes.length; i++) {
        const lit = literals[i];
        if (lit === undefined) throw literalError(name, i, options);
        const from = argTypes[i];
        const to = c.paramTypes[i];
        const f = from !== null && from !== undefined && to !== undefined ? converter(from, to) : undefined;
        init.push(lit === null || f === undefined ? lit : f(lit));
      }
      const converters = c.types.cols.map((to, i) => {
        const from = argTypes[i];
        return from === null || from === undefined ? undefined : converter(from, to);
      });
      const core = c.parsed.ov.make({ ...c.types, name, init, returnType: c.returnType, config: options.config ?? {} });
      return assemble(core, c, converters);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Helpers shared by the implementations

/** An integer setting from the query properties; `fallback` when unset or not a number. */
export function intConfig(config: Readonly<Record<string, unknown>>, key: string, fallback: number): number {
  const v = config[key];
  if (v === undefined || v === null) return fallback;
  const n = typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : Number(String(v).trim());
  return Number.isFinite(n) ? Math.trunc(n) : fallback;
}

/** A positive integer initial argument (TOPK's k, LATEST_BY_OFFSET's n). */
export function positiveInit(name: string, what: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) {
    throw new KsqlError('INVALID_STATEMENT', `${what} passed to function ${name} must be a positive integer, but was ${String(v)}`);
  }
  return v;
}

/** STRUCT<...> from name/type pairs, for intermediate types. */
export function structOf(fields: readonly (readonly [string, SqlType])[]): SqlType {
  return T.struct(fields.map(([n, t]) => ({ name: n, type: t })));
}
