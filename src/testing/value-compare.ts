// Compares a value the engine produced with the value a test file expects, following ksqlDB's
// ExpectedRecordComparator: the expected side is a JSON literal, the actual side a typed value.
// Returns a description of the first difference, so a failure says where, not just "differs".
//
// Rules (expected literal on the left):
// - integer literal vs actual number/bigint: equal as numbers (1 matches DOUBLE 1.0);
//   vs actual DECIMAL: only a decimal without fraction digits ("1", not "1.0") of that value.
// - fraction/exponent literal vs actual number/bigint: equal as doubles (1.0 matches 1);
//   vs actual DECIMAL: same digits and same scale (1.50 does not match 1.5), like BigDecimal.equals.
// - string vs actual string: equal; vs actual DECIMAL: the string read as a decimal, scale included
//   ("005.4" matches 5.4); vs actual NaN/Infinity doubles: "NaN", "Infinity", "-Infinity".
// - object vs object: same number of fields, each expected field matching the actual field of
//   that name, or of that name in another case when none is exact (files write "colors" for
//   COLORS). A field that is missing is not the same as a field that is null.
// - array vs array: same length, element by element. null matches only null.
// ksqlDB lets an integer column match a fractional literal by truncating it (1 matches 1.9);
// this comparator does not.

import { isJsonArray, isJsonObject, JsonDecimal, stringifyJson } from './json-value.js';
import type { JsonObject, JsonValue } from './json-value.js';

/** A decimal as BigDecimal holds it: value = unscaled * 10^-scale. */
export interface DecimalParts {
  readonly unscaled: bigint;
  readonly scale: number;
}

const DECIMAL_STRING = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/** Reads decimal text like Java's `new BigDecimal(text)`; null when it is not a number. */
export function parseDecimal(text: string): DecimalParts | null {
  const m = DECIMAL_STRING.exec(text);
  if (m === null) return null;
  const intPart = m[2] ?? '';
  const fraction = m[3] ?? '';
  if (intPart.length === 0 && fraction.length === 0) return null;
  const digits = (intPart + fraction).replace(/^0+(?=\d)/, '');
  const unscaled = BigInt(digits) * (m[1] === '-' ? -1n : 1n);
  const exponent = m[4] === undefined ? 0 : Number(m[4]);
  return { unscaled, scale: fraction.length - exponent };
}

function decimalEquals(a: DecimalParts, b: DecimalParts): boolean {
  return a.unscaled === b.unscaled && a.scale === b.scale;
}

/** The decimal's value as an integer, or null when it has a non-zero fraction. */
function decimalAsInteger(d: DecimalParts): bigint | null {
  if (d.scale <= 0) return d.unscaled * 10n ** BigInt(-d.scale);
  const p = 10n ** BigInt(d.scale);
  return d.unscaled % p === 0n ? d.unscaled / p : null;
}

/** True when `actual` matches `expected` (see the rules at the top of this file). */
export function valuesMatch(actual: JsonValue, expected: JsonValue): boolean {
  return findMismatch(actual, expected, '') === null;
}

/**
 * The first difference between `actual` and `expected`, as "path: expected X but was Y", or null
 * when they match. `path` prefixes the location (e.g. "value").
 */
export function findMismatch(actual: JsonValue, expected: JsonValue, path: string): string | null {
  if (matchesScalar(actual, expected)) return null;
  if (isJsonArray(expected)) {
    if (!isJsonArray(actual)) return differs(path, expected, actual);
    if (actual.length !== expected.length) {
      return `${at(path)}expected ${expected.length} elements but was ${actual.length}: expected ${show(expected)} but was ${show(actual)}`;
    }
    for (let i = 0; i < expected.length; i++) {
      const d = findMismatch(actual[i] as JsonValue, expected[i] as JsonValue, `${path}[${i}]`);
      if (d !== null) return d;
    }
    return null;
  }
  if (isJsonObject(expected)) {
    if (!isJsonObject(actual)) return differs(path, expected, actual);
    return objectMismatch(actual, expected, path);
  }
  return differs(path, expected, actual);
}

function objectMismatch(actual: JsonObject, expected: JsonObject, path: string): string | null {
  const expectedKeys = Object.keys(expected);
  const actualKeys = Object.keys(actual);
  for (const key of expectedKeys) {
    const actualKey = fieldOf(actual, actualKeys, key);
    const sub = path === '' ? key : `${path}.${key}`;
    if (actualKey === undefined) return `${at(sub)}expected field ${JSON.stringify(key)} is missing: expected ${show(expected)} but was ${show(actual)}`;
    const d = findMismatch(actual[actualKey] as JsonValue, expected[key] as JsonValue, sub);
    if (d !== null) return d;
  }
  if (actualKeys.length !== expectedKeys.length) {
    const extra = actualKeys.filter((k) => fieldOf(expected, expectedKeys, k) === undefined);
    return `${at(path)}unexpected field(s) ${extra.map((k) => JSON.stringify(k)).join(', ')}: expected ${show(expected)} but was ${show(actual)}`;
  }
  return null;
}

/** The actual field an expected name refers to: the exact name, else the only one equal ignoring case. */
function fieldOf(obj: JsonObject, keys: readonly string[], name: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(obj, name)) return name;
  const upper = name.toUpperCase();
  const found = keys.filter((k) => k.toUpperCase() === upper);
  return found.length === 1 ? found[0] : undefined;
}

function matchesScalar(actual: JsonValue, expected: JsonValue): boolean {
  if (expected === null) return actual === null;
  switch (typeof expected) {
    case 'boolean':
      return actual === expected;
    case 'string':
      return matchesString(actual, expected);
    case 'number':
    case 'bigint':
      return matchesInteger(actual, expected);
  }
  if (expected instanceof JsonDecimal) return matchesFraction(actual, expected);
  return false;
}

function matchesString(actual: JsonValue, expected: string): boolean {
  if (typeof actual === 'string') return actual === expected;
  if (actual instanceof JsonDecimal) {
    const e = parseDecimal(expected);
    const a = parseDecimal(actual.text);
    return e !== null && a !== null && decimalEquals(a, e);
  }
  if (typeof actual === 'number' && !Number.isFinite(actual)) return String(actual) === expected;
  return false;
}

/** Expected is an integer literal (number when it was a safe integer, bigint otherwise). */
function matchesInteger(actual: JsonValue, expected: number | bigint): boolean {
  if (typeof actual === 'number') {
    // An unsafe integer literal can only equal a double as large (BIGINTs that large are bigints).
    return actual === Number(expected);
  }
  if (typeof actual === 'bigint') return actual === BigInt(expected);
  if (actual instanceof JsonDecimal) {
    const a = parseDecimal(actual.text);
    return a !== null && a.scale <= 0 && decimalAsInteger(a) === BigInt(expected);
  }
  return false;
}

/** Expected is a literal with a fraction or an exponent. */
function matchesFraction(actual: JsonValue, expected: JsonDecimal): boolean {
  if (typeof actual === 'number') return actual === expected.toNumber();
  if (typeof actual === 'bigint') {
    const e = parseDecimal(expected.text);
    return e !== null && decimalAsInteger(e) === actual;
  }
  if (actual instanceof JsonDecimal) {
    const a = parseDecimal(actual.text);
    const e = parseDecimal(expected.text);
    return a !== null && e !== null && decimalEquals(a, e);
  }
  return false;
}

function at(path: string): string {
  return path === '' ? '' : `${path}: `;
}

function differs(path: string, expected: JsonValue, actual: JsonValue): string {
  return `${at(path)}expected ${show(expected)} but was ${show(actual)}`;
}

/** Compact JSON text of a value for messages, cut when very long. */
export function show(v: JsonValue | undefined): string {
  if (v === undefined) return '(nothing)';
  const s = stringifyJson(v);
  return s.length > 300 ? `${s.slice(0, 297)}...` : s;
}
