// Implicit conversions: widening a typed expression to a wider type, and ksqlDB's coercion of
// lists (ARRAY[...], MAP(...), IN (...), CASE branches) to one common type, where string
// literals are parsed as that type and numbers widen.

import { KsqlError } from '../errors.js';
import { widerNumeric } from '../functions/signature.js';
import { coerceStringLiteral, converter } from '../functions/values/cast.js';
import { EvaluationError } from '../functions/values/errors.js';
import { javaToString } from '../functions/values/java-string.js';
import { formatExpression } from '../sql/format.js';
import * as T from '../types/sql-type.js';
import type { SqlType } from '../types/sql-type.js';
import type { Typed } from './typed.js';

export function typeError(message: string, node: { readonly loc?: { line: number; column: number } }): KsqlError {
  return new KsqlError('TYPE', message, node.loc);
}

export function isStringLiteral(t: Typed): boolean {
  return t.k === 'const' && t.node.kind === 'StringLiteral';
}

function isLiteral(t: Typed): boolean {
  return t.k === 'const' && (t.node.kind === 'NumericLiteral' || t.node.kind === 'BooleanLiteral' || t.node.kind === 'StringLiteral');
}

/** Converts `t` to type `to` (an implicit, widening conversion; literals are converted now). */
export function convertTo(t: Typed, to: SqlType): Typed {
  if (t.type === null) return { k: 'const', type: to, value: null, node: t.node };
  if (T.typesEqual(t.type, to)) return t;
  if (t.k === 'const') {
    try {
      if (t.value === null) return { k: 'const', type: to, value: null, node: t.node };
      if (isStringLiteral(t)) return { k: 'const', type: to, value: coerceStringLiteral(t.value as string, to), node: t.node };
      if (to.kind === 'STRING') return { k: 'const', type: to, value: javaToString(t.value, t.type), node: t.node };
      const c = converter(t.type, to);
      return { k: 'const', type: to, value: c === undefined ? t.value : c(t.value), node: t.node };
    } catch (e) {
      if (e instanceof EvaluationError) throw typeError(e.message, t.node);
      throw e;
    }
  }
  let c;
  try {
    c = converter(t.type, to);
  } catch (e) {
    if (e instanceof EvaluationError) throw typeError(e.message, t.node);
    throw e;
  }
  if (c === undefined) return { ...t, type: to };
  return { k: 'convert', type: to, from: t.type, expr: t, convert: c, node: t.node };
}

/** The common type of two types in a list, or undefined when they cannot mix. */
function mergeTypes(a: SqlType, b: SqlType): SqlType | undefined {
  if (T.typesEqual(a, b)) return a;
  const n = widerNumeric(a, b);
  if (n !== undefined) return n;
  if (a.kind === 'ARRAY' && b.kind === 'ARRAY') {
    const item = mergeTypes(a.item, b.item);
    return item === undefined ? undefined : T.array(item);
  }
  if (a.kind === 'MAP' && b.kind === 'MAP') {
    const k = mergeTypes(a.key, b.key);
    const v = mergeTypes(a.value, b.value);
    return k === undefined || v === undefined ? undefined : T.map(k, v);
  }
  if (a.kind === 'STRUCT' && b.kind === 'STRUCT') {
    const fields: T.StructField[] = a.fields.map((f) => ({ ...f }));
    for (const f of b.fields) {
      const i = fields.findIndex((x) => x.name === f.name);
      if (i < 0) {
        fields.push(f);
        continue;
      }
      const merged = mergeTypes(fields[i]!.type, f.type);
      if (merged === undefined) return undefined;
      fields[i] = { name: f.name, type: merged };
    }
    return T.struct(fields);
  }
  return undefined;
}

/**
 * ksqlDB's CoercionUtil: the common type of `items` (NULL literals ignored). String literals
 * take the type of the other items and are parsed as it; literals become STRING in a list of
 * strings; numbers widen; structs merge their fields. Returns undefined type if all are NULL.
 */
export function coerceList(items: readonly Typed[]): { type: SqlType | undefined; items: Typed[] } {
  let common: SqlType | undefined;
  let onlyStringLiterals = true;
  let onlyLiterals = true;
  for (const it of items) {
    if (it.type === null) continue;
    if (common === undefined) {
      common = it.type;
      onlyStringLiterals = isStringLiteral(it);
      onlyLiterals = isLiteral(it);
      continue;
    }
    if (isStringLiteral(it)) continue;
    if (onlyStringLiterals) {
      common = it.type;
      onlyStringLiterals = false;
      onlyLiterals = isLiteral(it);
      continue;
    }
    if (common.kind === 'STRING' && isLiteral(it)) continue;
    const merged = mergeTypes(common, it.type) ?? (onlyLiterals && it.type.kind === 'STRING' ? T.STRING : undefined);
    if (merged === undefined) {
      throw typeError(
        `Cannot coerce ${formatExpression(it.node)} (${T.formatType(it.type)}) to the type of the other elements: ${T.formatType(common)}`,
        it.node,
      );
    }
    common = merged;
    onlyLiterals = onlyLiterals && isLiteral(it);
  }
  if (common === undefined) return { type: undefined, items: [...items] };
  const target = common;
  return { type: target, items: items.map((it) => convertTo(it, target)) };
}
