// A JavaScript UDF (or the rows function of a UDTF) as a registry ScalarFunction: declared
// signatures become type patterns, and each call site gets the extension's function wrapped so
// its result is converted to the declared type. Errors it throws are the record's, not the query's.

import { KsqlError } from '../../errors.js';
import type { SqlType } from '../../types/sql-type.js';
import type { ImplContext, Param, ReturnContext, ScalarFunction, ScalarImpl, Signature, TypePattern } from '../types.js';
import { EvaluationError } from '../values/errors.js';
import { callSiteOf, docOf, hookOf, nullsOf, signaturesOf, withResult, type Doc } from './checks.js';
import { resultConverter, type ResultConverter } from './result-values.js';
import { parseParams, parseReturn } from './type-text.js';

type AnyFn = (...args: unknown[]) => unknown;

/** How a signature's result is converted: by the declared type (UDF) or as rows (UDTF). */
export type ResultShape = (returnType: SqlType, name: string) => ResultConverter;

/** Wraps a user-supplied return-type function so its failures read as type errors of the call. */
function guardedReturns(r: TypePattern | ((ctx: ReturnContext) => SqlType), name: string): TypePattern | ((ctx: ReturnContext) => SqlType) {
  if (typeof r !== 'function') return r;
  return (ctx) => {
    try {
      return r(ctx);
    } catch (e) {
      throw new EvaluationError(`${name}: cannot work out the return type: ${e instanceof Error ? e.message : String(e)}`);
    }
  };
}

function makeImpl(name: string, fn: AnyFn | undefined, create: AnyFn | undefined, shape: ResultShape): (ctx: ImplContext) => ScalarImpl {
  return (ctx) => {
    let f: unknown = fn;
    if (create !== undefined) {
      try {
        f = create(callSiteOf(ctx));
      } catch (e) {
        throw new KsqlError('INVALID_STATEMENT', `${name}: its create() failed: ${e instanceof Error ? e.message : String(e)}`);
      }
      if (typeof f !== 'function') throw new KsqlError('INVALID_STATEMENT', `${name}: its create() must return a function, not ${typeof f}`);
    }
    return withResult(f as AnyFn, shape(ctx.returnType, name), ctx.argTypes.length);
  };
}

/**
 * The signatures of a UDF or UDTF spec. `wrapReturn` turns a declared return pattern into the
 * one the scalar returns (the UDTF's rows: ARRAY<declared>).
 */
export function scalarSignatures(
  doc: Doc,
  spec: Record<string, unknown>,
  kind: string,
  shape: ResultShape,
  wrapReturn: (p: TypePattern | ((ctx: ReturnContext) => SqlType)) => TypePattern | ((ctx: ReturnContext) => SqlType),
): Signature[] {
  const what = `${kind} ${doc.name}`;
  return signaturesOf(spec, what).map((sig, i) => {
    const at = `${what} signature ${i + 1}`;
    const parsed = parseParams(sig['params'] ?? [], at, 'params');
    parsed.forEach((p, j) => {
      if (p.variadic && j !== parsed.length - 1) throw new Error(`${at}: only the last parameter can repeat ('...')`);
    });
    const params: Param[] = parsed.map((p) => ({ name: p.name, pattern: p.pattern, ...(p.description === undefined ? {} : { description: p.description }) }));
    const returns = wrapReturn(guardedReturns(parseReturn(sig['returns'], `${at}: 'returns'`), doc.name));
    const fn = hookOf(sig, spec, 'fn', at);
    const create = hookOf(sig, spec, 'create', at);
    if (fn === undefined && create === undefined) throw new Error(`${at}: give the implementation as 'fn' (or 'create')`);
    return {
      params,
      variadic: parsed.length > 0 && parsed[parsed.length - 1]!.variadic,
      returns,
      nulls: nullsOf(sig, spec, at),
      // Extensions may keep state or read the clock: never evaluated ahead of time.
      deterministic: false,
      impl: makeImpl(doc.name, fn, create, shape),
      ...(typeof sig['description'] === 'string' ? { description: sig['description'] } : {}),
    };
  });
}

/** The registry descriptor of the `index`-th UDF of the extension file at `path`. */
export function defineUdf(spec: unknown, index: number, path: string): ScalarFunction {
  const { doc, spec: s } = docOf(spec, 'UDF', index, 'OTHER', path);
  return { kind: 'SCALAR', ...doc, signatures: scalarSignatures(doc, s, 'UDF', resultConverter, (r) => r) };
}
