// Function signatures written as short text ('str STRING, ...vals STRING' -> 'STRING'), parsed
// into type patterns once, and matched against argument types with ksqlDB's overload rules.

import { KsqlError } from '../errors.js';
import * as T from '../types/sql-type.js';
import type { SqlType } from '../types/sql-type.js';
import type { ImplContext, Param, ReturnContext, ScalarImpl, Signature, TypePattern } from './types.js';

// ---------------------------------------------------------------------------------------------
// Parsing patterns

const PRIMITIVES: Record<string, SqlType> = {
  BOOLEAN: T.BOOLEAN,
  INT: T.INTEGER,
  INTEGER: T.INTEGER,
  BIGINT: T.BIGINT,
  DOUBLE: T.DOUBLE,
  STRING: T.STRING,
  VARCHAR: T.STRING,
  BYTES: T.BYTES,
  DATE: T.DATE,
  TIME: T.TIME,
  TIMESTAMP: T.TIMESTAMP,
};

const NO_BINDINGS: ReadonlyMap<string, SqlType> = new Map();

class PatternParser {
  private pos = 0;
  private readonly tokens: string[];

  constructor(private readonly text: string) {
    this.tokens = text.match(/=>|`[^`]*`|[A-Za-z_][A-Za-z0-9_]*|\d+|[<>,()]/g) ?? [];
  }

  parse(): TypePattern {
    const p = this.pattern();
    if (this.pos !== this.tokens.length) throw new Error(`Bad type pattern '${this.text}'`);
    return p;
  }

  private next(): string {
    const t = this.tokens[this.pos++];
    if (t === undefined) throw new Error(`Bad type pattern '${this.text}'`);
    return t;
  }

  private expect(t: string): void {
    if (this.next() !== t) throw new Error(`Bad type pattern '${this.text}': expected ${t}`);
  }

  private peek(t: string): boolean {
    return this.tokens[this.pos] === t;
  }

  private integer(): number {
    const t = this.next();
    if (!/^\d+$/.test(t)) throw new Error(`Bad type pattern '${this.text}': expected a number, not '${t}'`);
    return Number(t);
  }

  /** `DECIMAL(p, s)`, after the word DECIMAL. */
  private decimal(): SqlType {
    this.expect('(');
    const precision = this.integer();
    this.expect(',');
    const scale = this.integer();
    this.expect(')');
    if (precision < 1 || precision > 38 || scale > precision)
      throw new Error(`Bad type pattern '${this.text}': DECIMAL needs 1 <= precision <= 38 and 0 <= scale <= precision`);
    return T.decimal(precision, scale);
  }

  /** `STRUCT<name type, ...>`, after the word STRUCT: a concrete type; unquoted names are upper-cased. */
  private struct(): SqlType {
    this.expect('<');
    const fields: T.StructField[] = [];
    while (!this.peek('>')) {
      if (fields.length > 0) this.expect(',');
      const word = this.next();
      if (!/^(`.*`|[A-Za-z_][A-Za-z0-9_]*)$/.test(word)) throw new Error(`Bad type pattern '${this.text}': expected a field name, not '${word}'`);
      const name = word.startsWith('`') ? word.slice(1, -1) : word.toUpperCase();
      const pattern = this.pattern();
      const type = resolvePattern(pattern, NO_BINDINGS);
      if (type === undefined) throw new Error(`Bad type pattern '${this.text}': field ${name} needs a concrete type, not ${formatPattern(pattern)}`);
      fields.push({ name, type });
    }
    this.expect('>');
    return T.struct(fields);
  }

  private pattern(): TypePattern {
    const word = this.next().toUpperCase();
    const prim = PRIMITIVES[word];
    if (prim !== undefined) return { p: 'type', type: prim };
    switch (word) {
      case 'DECIMAL':
        return this.peek('(') ? { p: 'type', type: this.decimal() } : { p: 'decimal' };
      case 'STRUCT':
        return this.peek('<') ? { p: 'type', type: this.struct() } : { p: 'struct' };
      case 'ANY':
        return { p: 'any' };
      case 'INTERVALUNIT':
        return { p: 'unit' };
      case 'ARRAY': {
        this.expect('<');
        const item = this.pattern();
        this.expect('>');
        return { p: 'array', item };
      }
      case 'MAP': {
        this.expect('<');
        const key = this.pattern();
        this.expect(',');
        const value = this.pattern();
        this.expect('>');
        return { p: 'map', key, value };
      }
      case 'LAMBDA': {
        this.expect('<');
        const params: TypePattern[] = [this.pattern()];
        while (this.tokens[this.pos] === ',') {
          this.pos++;
          params.push(this.pattern());
        }
        this.expect('=>');
        const result = this.pattern();
        this.expect('>');
        return { p: 'lambda', params, result };
      }
      default:
        if (/^[A-Z][0-9]?$/.test(word)) return { p: 'generic', name: word };
        throw new Error(`Bad type pattern '${this.text}': unknown type ${word}`);
    }
  }
}

export function parsePattern(text: string): TypePattern {
  return new PatternParser(text).parse();
}

export function formatPattern(p: TypePattern): string {
  switch (p.p) {
    case 'type':
      return T.formatType(p.type);
    case 'decimal':
      return 'DECIMAL';
    case 'struct':
      return 'STRUCT';
    case 'any':
      return 'ANY';
    case 'unit':
      return 'INTERVALUNIT';
    case 'generic':
      return p.name;
    case 'array':
      return `ARRAY<${formatPattern(p.item)}>`;
    case 'map':
      return `MAP<${formatPattern(p.key)}, ${formatPattern(p.value)}>`;
    case 'lambda':
      return `LAMBDA<${p.params.map(formatPattern).join(', ')} => ${formatPattern(p.result)}>`;
  }
}

export interface SigOptions {
  readonly nulls?: 'propagate' | 'pass';
  readonly deterministic?: boolean;
  readonly description?: string;
}

/** Splits 'a STRING, b ARRAY<MAP<K, V>>' at top-level commas. */
function splitParams(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '<' || c === '(') depth++;
    else if (c === '>' && text[i - 1] !== '=') depth--;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  const last = text.slice(start).trim();
  if (last.length > 0 || out.length > 0) out.push(last);
  return out.map((s) => s.trim());
}

function buildSignature(
  params: string,
  returns: string | ((ctx: ReturnContext) => SqlType),
  impl: (ctx: ImplContext) => ScalarImpl,
  opts: SigOptions,
): Signature {
  let variadic = false;
  const parsed: Param[] = splitParams(params).map((text, i, all) => {
    let t = text;
    if (t.startsWith('...')) {
      if (i !== all.length - 1) throw new Error(`Only the last parameter can repeat: '${params}'`);
      variadic = true;
      t = t.slice(3);
    }
    const space = t.indexOf(' ');
    if (space < 0) throw new Error(`Parameter needs a name and a type: '${text}'`);
    return { name: t.slice(0, space), pattern: parsePattern(t.slice(space + 1)) };
  });
  return {
    params: parsed,
    variadic,
    returns: typeof returns === 'string' ? parsePattern(returns) : returns,
    nulls: opts.nulls ?? 'propagate',
    deterministic: opts.deterministic ?? true,
    impl,
    ...(opts.description === undefined ? {} : { description: opts.description }),
  };
}

/**
 * A signature with a fixed implementation. The implementation's parameter types are for the
 * author's convenience; the registry guarantees the SQL types.
 */
export function sig<A extends unknown[]>(
  params: string,
  returns: string | ((ctx: ReturnContext) => SqlType),
  impl: (...args: A) => unknown,
  opts: SigOptions = {},
): Signature {
  const fn = impl as unknown as ScalarImpl;
  return buildSignature(params, returns, () => fn, opts);
}

/** A signature whose implementation is specialised per call site from the argument types. */
export function sigWith(
  params: string,
  returns: string | ((ctx: ReturnContext) => SqlType),
  make: (ctx: ImplContext) => ScalarImpl,
  opts: SigOptions = {},
): Signature {
  return buildSignature(params, returns, make, opts);
}

// ---------------------------------------------------------------------------------------------
// Matching

/** What the caller knows about one argument. Lambda bodies are typed on demand. */
export type ArgShape =
  | { readonly kind: 'value'; readonly type: SqlType | null }
  | { readonly kind: 'unit' }
  | { readonly kind: 'lambda'; readonly arity: number; readonly bodyType: (params: readonly SqlType[]) => SqlType };

export interface SignatureMatch {
  readonly signature: Signature;
  readonly cost: number;
  readonly argTypes: readonly (SqlType | null | undefined)[];
  /** Type each value argument is converted to; lambda params for lambda arguments. */
  readonly paramTypes: readonly (SqlType | undefined)[];
  readonly lambdaParams: readonly (readonly SqlType[] | undefined)[];
  /** For lambda arguments: the type the body result is converted to. */
  readonly lambdaResults: readonly (SqlType | undefined)[];
  readonly returnType: SqlType;
}

const RANK: Partial<Record<SqlType['kind'], number>> = { INTEGER: 0, BIGINT: 1, DECIMAL: 2, DOUBLE: 3 };

export function toDecimalType(t: SqlType): SqlType {
  if (t.kind === 'INTEGER') return T.decimal(10, 0);
  if (t.kind === 'BIGINT') return T.decimal(19, 0);
  return t;
}

/** The narrowest decimal holding both: max integer digits plus max scale. */
export function widenDecimals(a: SqlType, b: SqlType): SqlType {
  const x = toDecimalType(a);
  const y = toDecimalType(b);
  if (x.kind !== 'DECIMAL' || y.kind !== 'DECIMAL') throw new Error('widenDecimals needs decimals');
  const scale = Math.max(x.scale, y.scale);
  return T.decimal(Math.max(x.precision - x.scale, y.precision - y.scale) + scale, scale);
}

/** ksqlDB's implicit widening of numbers: INTEGER -> BIGINT -> DECIMAL -> DOUBLE. */
export function widerNumeric(a: SqlType, b: SqlType): SqlType | undefined {
  const ra = RANK[a.kind];
  const rb = RANK[b.kind];
  if (ra === undefined || rb === undefined) return undefined;
  if (a.kind === 'DECIMAL' && b.kind === 'DECIMAL') return widenDecimals(a, b);
  if (ra === rb) return a;
  const wide = ra > rb ? a : b;
  const narrow = ra > rb ? b : a;
  if (wide.kind === 'DECIMAL') return widenDecimals(wide, narrow);
  return wide;
}

/** Cost of converting `from` to `to` implicitly, or undefined when not allowed. */
export function implicitCost(from: SqlType, to: SqlType): number | undefined {
  if (T.typesEqual(from, to)) return 0;
  const rf = RANK[from.kind];
  const rt = RANK[to.kind];
  if (rf === undefined || rt === undefined || rf > rt) return undefined;
  if (from.kind === 'DECIMAL' && to.kind === 'DECIMAL') {
    const ok = to.scale >= from.scale && to.precision - to.scale >= from.precision - from.scale;
    return ok ? 1 : undefined;
  }
  if (to.kind === 'DECIMAL') {
    const d = toDecimalType(from);
    return d.kind === 'DECIMAL' && to.scale >= d.scale && to.precision - to.scale >= d.precision - d.scale ? rt - rf : undefined;
  }
  return rt - rf;
}

class NoMatch extends Error {}

interface MatchState {
  readonly bindings: Map<string, SqlType>;
  readonly allowCasts: boolean;
}

/** Binds generics in `p` from `t`; widens a numeric binding when casts are allowed. */
function bind(p: TypePattern, t: SqlType, st: MatchState): void {
  switch (p.p) {
    case 'generic': {
      const cur = st.bindings.get(p.name);
      if (cur === undefined) {
        st.bindings.set(p.name, t);
        return;
      }
      if (T.typesEqual(cur, t)) return;
      const wide = st.allowCasts ? widerNumeric(cur, t) : undefined;
      if (wide === undefined) throw new NoMatch();
      st.bindings.set(p.name, wide);
      return;
    }
    case 'array':
      if (t.kind !== 'ARRAY') throw new NoMatch();
      bind(p.item, t.item, st);
      return;
    case 'map':
      if (t.kind !== 'MAP') throw new NoMatch();
      bind(p.key, t.key, st);
      bind(p.value, t.value, st);
      return;
    default:
      return;
  }
}

/** The concrete type an argument of type `t` is converted to for pattern `p`, and its cost. */
function target(p: TypePattern, t: SqlType, st: MatchState): [SqlType, number] {
  switch (p.p) {
    case 'type': {
      if (T.typesEqual(p.type, t)) return [t, 0];
      const c = st.allowCasts ? implicitCost(t, p.type) : undefined;
      if (c === undefined) throw new NoMatch();
      return [p.type, c];
    }
    case 'decimal':
      if (t.kind === 'DECIMAL') return [t, 0];
      if (st.allowCasts && (t.kind === 'INTEGER' || t.kind === 'BIGINT')) return [toDecimalType(t), 1];
      throw new NoMatch();
    case 'struct':
      if (t.kind === 'STRUCT') return [t, 0];
      throw new NoMatch();
    case 'any':
      return [t, 0];
    case 'generic': {
      const b = st.bindings.get(p.name);
      if (b === undefined) throw new NoMatch();
      if (T.typesEqual(b, t)) return [t, 0];
      const c = implicitCost(t, b);
      if (c === undefined) throw new NoMatch();
      return [b, c];
    }
    case 'array': {
      if (t.kind !== 'ARRAY') throw new NoMatch();
      const [item, c] = target(p.item, t.item, st);
      return [item === t.item ? t : T.array(item), c];
    }
    case 'map': {
      if (t.kind !== 'MAP') throw new NoMatch();
      const [k, ck] = target(p.key, t.key, st);
      const [v, cv] = target(p.value, t.value, st);
      return [k === t.key && v === t.value ? t : T.map(k, v), ck + cv];
    }
    case 'lambda':
    case 'unit':
      throw new NoMatch();
  }
}

/** Resolves a pattern to a concrete type using the bindings (undefined if not determined). */
export function resolvePattern(p: TypePattern, bindings: ReadonlyMap<string, SqlType>): SqlType | undefined {
  switch (p.p) {
    case 'type':
      return p.type;
    case 'generic':
      return bindings.get(p.name);
    case 'array': {
      const i = resolvePattern(p.item, bindings);
      return i === undefined ? undefined : T.array(i);
    }
    case 'map': {
      const k = resolvePattern(p.key, bindings);
      const v = resolvePattern(p.value, bindings);
      return k === undefined || v === undefined ? undefined : T.map(k, v);
    }
    default:
      return undefined;
  }
}

function paramAt(s: Signature, i: number): Param {
  return s.params[s.variadic && i >= s.params.length - 1 ? s.params.length - 1 : i]!;
}

/** Tries one signature; undefined when it does not accept the arguments. */
export function matchSignature(s: Signature, args: readonly ArgShape[], allowCasts: boolean): SignatureMatch | undefined {
  const n = args.length;
  if (s.variadic ? n < s.params.length - 1 : n !== s.params.length) return undefined;
  const st: MatchState = { bindings: new Map(), allowCasts };
  try {
    for (let i = 0; i < n; i++) {
      const p = paramAt(s, i).pattern;
      const a = args[i]!;
      if ((a.kind === 'unit') !== (p.p === 'unit')) return undefined;
      if ((a.kind === 'lambda') !== (p.p === 'lambda')) return undefined;
      if (a.kind === 'lambda' && p.p === 'lambda' && p.params.length !== a.arity) return undefined;
      if (a.kind === 'value' && a.type !== null) bind(p, a.type, st);
    }
    let cost = 0;
    const argTypes: (SqlType | null | undefined)[] = [];
    const paramTypes: (SqlType | undefined)[] = [];
    const lambdaParams: (readonly SqlType[] | undefined)[] = [];
    const lambdaResults: (SqlType | undefined)[] = [];
    for (let i = 0; i < n; i++) {
      const p = paramAt(s, i).pattern;
      const a = args[i]!;
      lambdaParams.push(undefined);
      lambdaResults.push(undefined);
      if (a.kind === 'value') {
        argTypes.push(a.type);
        if (a.type === null) {
          paramTypes.push(resolvePattern(p, st.bindings));
        } else {
          const [t, c] = target(p, a.type, st);
          paramTypes.push(t);
          cost += c;
        }
      } else {
        argTypes.push(undefined);
        paramTypes.push(undefined);
      }
    }
    // Lambdas last: their parameter types come from the other arguments.
    for (let i = 0; i < n; i++) {
      const p = paramAt(s, i).pattern;
      const a = args[i]!;
      if (a.kind !== 'lambda' || p.p !== 'lambda') continue;
      const params = p.params.map((x) => resolvePattern(x, st.bindings));
      if (params.some((x) => x === undefined)) return undefined;
      const body = a.bodyType(params as SqlType[]);
      bind(p.result, body, st);
      const [res, c] = target(p.result, body, st);
      cost += c;
      lambdaParams[i] = params as SqlType[];
      lambdaResults[i] = res;
    }
    const returnType =
      typeof s.returns === 'function'
        ? s.returns({ argTypes, paramTypes, bindings: st.bindings })
        : resolvePattern(s.returns, st.bindings);
    if (returnType === undefined) return undefined;
    return { signature: s, cost, argTypes, paramTypes, lambdaParams, lambdaResults, returnType };
  } catch (e) {
    if (e instanceof NoMatch) return undefined;
    throw e;
  }
}

function specificity(s: Signature): number {
  let n = 0;
  for (const p of s.params) if (p.pattern.p === 'type') n++;
  return n;
}

/**
 * ksqlDB's overload choice: an exact match wins; otherwise the match needing the cheapest
 * implicit widenings. Ties go to the non-variadic, then the most specific, then the first.
 */
export function chooseSignature(signatures: readonly Signature[], args: readonly ArgShape[]): SignatureMatch | undefined {
  for (const allowCasts of [false, true]) {
    let best: SignatureMatch | undefined;
    for (const s of signatures) {
      const m = matchSignature(s, args, allowCasts);
      if (m === undefined) continue;
      if (best === undefined || better(m, best)) best = m;
    }
    if (best !== undefined) return best;
  }
  return undefined;
}

function better(a: SignatureMatch, b: SignatureMatch): boolean {
  if (a.cost !== b.cost) return a.cost < b.cost;
  if (a.signature.variadic !== b.signature.variadic) return !a.signature.variadic;
  return specificity(a.signature) > specificity(b.signature);
}

export function formatArgShape(a: ArgShape): string {
  if (a.kind === 'unit') return 'INTERVALUNIT';
  if (a.kind === 'lambda') return 'LAMBDA';
  return a.type === null ? 'null' : T.formatType(a.type);
}

export function formatSignature(name: string, s: Signature): string {
  const params = s.params.map((p, i) => {
    const rest = s.variadic && i === s.params.length - 1 ? '...' : '';
    return `${formatPattern(p.pattern)}${rest}`;
  });
  return `${name}(${params.join(', ')})`;
}

export function typeError(message: string): KsqlError {
  return new KsqlError('TYPE', message);
}
