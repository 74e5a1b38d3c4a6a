// Reads the parameter and return types an extension declares ('name STRING', '...T',
// 'DECIMAL(30, 10)', a function of the argument types) into the registry's type patterns.
// Errors are plain Errors with the offending text; the loader adds the file and function.

import * as T from '../../types/sql-type.js';
import type { SqlType } from '../../types/sql-type.js';
import { parsePattern, resolvePattern } from '../signature.js';
import type { ReturnContext, TypePattern } from '../types.js';
import type { ParamText, ReturnText } from './spec.js';

export interface ParsedParam {
  readonly name: string;
  readonly pattern: TypePattern;
  readonly description?: string;
  readonly variadic: boolean;
}

const NAME = /^([A-Za-z_][A-Za-z0-9_]*)\s+(\S[\s\S]*)$/;

function tryPattern(text: string): TypePattern | undefined {
  try {
    return parsePattern(text);
  } catch {
    return undefined;
  }
}

/** One parameter: 'STRING', 'name STRING', '...names STRING', or { name, type, description, variadic }. */
export function parseParam(p: ParamText, index: number): ParsedParam {
  const fallbackName = `arg${index + 1}`;
  if (typeof p === 'object' && p !== null) {
    if (typeof p.type !== 'string') throw new Error(`parameter ${index + 1} needs a 'type' string`);
    const named = parseParam(p.type, index);
    return {
      name: typeof p.name === 'string' && p.name !== '' ? p.name : fallbackName,
      pattern: named.pattern,
      variadic: p.variadic === true || named.variadic,
      ...(typeof p.description === 'string' ? { description: p.description } : {}),
    };
  }
  if (typeof p !== 'string') throw new Error(`parameter ${index + 1} must be a type string like 'STRING' or 'name STRING'`);
  let text = p.trim();
  const variadic = text.startsWith('...');
  if (variadic) text = text.slice(3).trim();
  // 'name TYPE' when what follows the first word is a type; otherwise the whole text is the type.
  const m = NAME.exec(text);
  const named = m === null ? undefined : tryPattern(m[2]!);
  if (named !== undefined) return { name: m![1]!, pattern: named, variadic };
  const whole = tryPattern(text);
  if (whole !== undefined) return { name: fallbackName, pattern: whole, variadic };
  // Neither: explain with the parser's message about the part meant as the type.
  try {
    parsePattern(m === null ? text : m[2]!);
  } catch (e) {
    throw new Error(`parameter ${index + 1} '${p}': ${e instanceof Error ? e.message : String(e)}`);
  }
  throw new Error(`parameter ${index + 1} '${p}' is not a type`);
}

/** The parameter list at `key` ('params' or 'literals') of a signature; errors start with `at`. */
export function parseParams(list: unknown, at: string, key: string): ParsedParam[] {
  if (!Array.isArray(list)) throw new Error(`${at}: '${key}' must be an array of types, like ['STRING', 'n INT']`);
  return list.map((p, i) => {
    try {
      return parseParam(p as ParamText, i);
    } catch (e) {
      throw new Error(`${at}: ${key === 'params' ? '' : `${key}: `}${e instanceof Error ? e.message : String(e)}`);
    }
  });
}

/** A concrete SQL type from type text (generics and families like plain DECIMAL are refused). */
export function parseConcreteType(text: string): SqlType {
  const t = resolvePattern(parsePattern(text), new Map());
  if (t === undefined) throw new Error(`'${text}' is not a concrete SQL type`);
  return t;
}

function argTypeTexts(ctx: ReturnContext): string[] {
  return ctx.argTypes.map((a, i) => {
    const t = ctx.paramTypes[i] ?? a;
    return t === null || t === undefined ? 'NULL' : T.formatType(t);
  });
}

/** A declared return: a pattern over the parameters' generics, or a function of the argument types. */
export function parseReturn(r: unknown, what: string): TypePattern | ((ctx: ReturnContext) => SqlType) {
  if (typeof r === 'string') {
    try {
      return parsePattern(r);
    } catch (e) {
      throw new Error(`${what} '${r}': ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (typeof r === 'function') {
    const f = r as Exclude<ReturnText, string>;
    return (ctx) => {
      const text = f(argTypeTexts(ctx));
      if (typeof text !== 'string') throw new Error(`the ${what} function must return SQL type text, not ${typeof text}`);
      return parseConcreteType(text);
    };
  }
  throw new Error(`${what} must be SQL type text like 'STRING' or a function of the argument types`);
}
