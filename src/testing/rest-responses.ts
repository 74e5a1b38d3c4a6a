// Compares the REST answers of an RQTT case with its expected `responses`, like ksqlDB's
// RestTestExecutor: one answer per expected response, in order, of the same kind (admin, query,
// queryProto); objects must hold the fields the file gives (others are ignored), `field|starts_with`
// matches a prefix, lists must match element by element, and row columns must match whole.

import { isJsonArray, isJsonObject } from './json-value.js';
import type { JsonObject, JsonValue } from './json-value.js';
import { findMismatch, show } from './value-compare.js';
import type { TestResponse } from './test-engine.js';

/** The kind of a response: its only key. */
export function responseKind(r: JsonObject | TestResponse): string {
  return Object.keys(r)[0] ?? '(empty)';
}

function payloadOf(r: JsonObject | TestResponse): JsonValue {
  const k = Object.keys(r)[0];
  return k === undefined ? null : ((r as Readonly<Record<string, JsonValue>>)[k] ?? null);
}

/** The first difference between the actual answers and the expected responses, or null. */
export function responsesMismatch(expected: readonly JsonObject[], actual: readonly TestResponse[]): string | null {
  if (actual.length < expected.length) return `expected ${expected.length} responses but got ${actual.length}`;
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i] as JsonObject;
    const a = actual[i] as TestResponse;
    if (Object.keys(e).length !== 1) return `responses[${i}] in the file must have exactly one key (admin, query or queryProto)`;
    const kind = responseKind(e);
    if (responseKind(a) !== kind) return `response ${i + 1}: expected a ${kind} response but got ${responseKind(a)}: ${show(a as JsonObject)}`;
    const d = containsMismatch(payloadOf(a), payloadOf(e), kind);
    if (d !== null) return `response ${i + 1}: ${d}`;
  }
  return null;
}

/**
 * The first way `actual` fails to contain `expected`: objects need the expected fields only;
 * lists must have the same length with each element contained; leaves compare like record values.
 */
export function containsMismatch(actual: JsonValue, expected: JsonValue, path: string): string | null {
  if (isJsonObject(expected)) {
    if (!isJsonObject(actual)) return `${path}: expected ${show(expected)} but was ${show(actual)}`;
    for (const key of Object.keys(expected)) {
      const want = expected[key] as JsonValue;
      const bar = key.indexOf('|');
      if (bar >= 0) {
        const d = operatorMismatch(actual, key.slice(0, bar), key.slice(bar + 1), want, path);
        if (d !== null) return d;
        continue;
      }
      if (!Object.prototype.hasOwnProperty.call(actual, key)) return `${path}.${key}: missing in ${show(actual)}`;
      // A row's columns are data: compared whole, like output records, not as "contains".
      const d = key === 'columns' ? findMismatch(actual[key] as JsonValue, want, `${path}.${key}`) : containsMismatch(actual[key] as JsonValue, want, `${path}.${key}`);
      if (d !== null) return d;
    }
    return null;
  }
  if (isJsonArray(expected)) {
    if (!isJsonArray(actual)) return `${path}: expected ${show(expected)} but was ${show(actual)}`;
    if (actual.length !== expected.length) {
      return `${path}: expected ${expected.length} elements but got ${actual.length}: expected ${show(expected)} but was ${show(actual)}`;
    }
    for (let i = 0; i < expected.length; i++) {
      const d = containsMismatch(actual[i] as JsonValue, expected[i] as JsonValue, `${path}[${i}]`);
      if (d !== null) return d;
    }
    return null;
  }
  return findMismatch(actual, expected, path);
}

function operatorMismatch(actual: JsonObject, field: string, op: string, want: JsonValue, path: string): string | null {
  const got = actual[field];
  const where = `${path}.${field}`;
  switch (op) {
    case 'starts_with':
      if (typeof got === 'string' && typeof want === 'string' && got.startsWith(want)) return null;
      return `${where}: expected to start with ${show(want)} but was ${show(got)}`;
    default:
      return `${where}: unknown matcher "|${op}" in the test file`;
  }
}
