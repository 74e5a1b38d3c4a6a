// Checks shared by the UDF, UDAF and UDTF definitions of an extension: names, documentation,
// signatures and implementations, each failing with a message that says what to write instead.

import * as T from '../../types/sql-type.js';
import type { SqlType } from '../../types/sql-type.js';
import { FUNCTION_CATEGORIES, type FunctionCategory, type ImplContext } from '../types.js';
import type { CallSite } from './spec.js';

export interface Doc {
  readonly name: string;
  readonly description: string;
  readonly category: FunctionCategory;
  readonly author?: string;
  readonly version?: string;
  readonly path: string;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The documentation fields of a function spec; `kind` is 'UDF', 'UDAF' or 'UDTF' for messages. */
export function docOf(spec: unknown, kind: string, index: number, defaultCategory: FunctionCategory, path: string): { doc: Doc; spec: Record<string, unknown> } {
  if (!isRecord(spec)) throw new Error(`${kind} ${index + 1} must be an object with name, description and signatures`);
  const name = spec['name'];
  if (typeof name !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    throw new Error(`${kind} ${index + 1} needs a 'name' made of letters, digits and underscores, not ${JSON.stringify(name)}`);
  const upper = name.toUpperCase();
  const description = spec['description'];
  if (typeof description !== 'string' || description.trim() === '') throw new Error(`${kind} ${upper} needs a 'description' string`);
  const category = spec['category'] === undefined ? defaultCategory : String(spec['category']).toUpperCase();
  if (!(FUNCTION_CATEGORIES as readonly string[]).includes(category))
    throw new Error(`${kind} ${upper} has category '${category}'; use one of ${FUNCTION_CATEGORIES.join(', ')}`);
  const optional = (k: 'author' | 'version'): { [x: string]: string } => (typeof spec[k] === 'string' ? { [k]: spec[k] } : {});
  return { doc: { name: upper, description, category: category as FunctionCategory, path, ...optional('author'), ...optional('version') }, spec };
}

export function signaturesOf(spec: Record<string, unknown>, what: string): Record<string, unknown>[] {
  const list = spec['signatures'];
  if (!Array.isArray(list) || list.length === 0) throw new Error(`${what} needs 'signatures': a non-empty array of { params, returns }`);
  return list.map((s, i) => {
    if (!isRecord(s)) throw new Error(`${what} signature ${i + 1} must be an object like { params: ['STRING'], returns: 'STRING' }`);
    return s;
  });
}

type AnyFn = (...args: unknown[]) => unknown;

/** The function at `key` on the signature, else on the function spec; undefined when neither has one. */
export function hookOf(sig: Record<string, unknown>, spec: Record<string, unknown>, key: string, what: string): AnyFn | undefined {
  const v = sig[key] ?? spec[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'function') throw new Error(`${what}: '${key}' must be a function, not ${typeof v}`);
  return v as AnyFn;
}

export function nullsOf(sig: Record<string, unknown>, spec: Record<string, unknown>, what: string): 'propagate' | 'pass' {
  const v = sig['nulls'] ?? spec['nulls'] ?? 'propagate';
  if (v !== 'propagate' && v !== 'pass') throw new Error(`${what}: 'nulls' must be 'propagate' or 'pass', not ${JSON.stringify(v)}`);
  return v;
}

function typeText(t: SqlType | null | undefined): string {
  return t === null || t === undefined ? 'NULL' : T.formatType(t);
}

export function callSiteOf(ctx: ImplContext): CallSite {
  return { argTypes: ctx.argTypes.map((a, i) => typeText(ctx.paramTypes[i] ?? a)), returnType: T.formatType(ctx.returnType) };
}

/**
 * `fn` followed by `convert` on its result, specialised for the common arities so a call
 * allocates no argument array.
 */
export function withResult(fn: AnyFn, convert: (v: unknown) => unknown, arity: number): (...args: unknown[]) => unknown {
  switch (arity) {
    case 0:
      return () => convert(fn());
    case 1:
      return (a) => convert(fn(a));
    case 2:
      return (a, b) => convert(fn(a, b));
    case 3:
      return (a, b, c) => convert(fn(a, b, c));
    case 4:
      return (a, b, c, d) => convert(fn(a, b, c, d));
    default:
      return (...args) => convert(fn(...args));
  }
}
