// The JSON form of SQL values: the shape ksqlDB's test files and REST API use for a value of a
// type (DECIMAL as an exact number with its scale, BYTES as base64, BIGINT as number or bigint,
// DATE/TIME/TIMESTAMP as numbers, MAP and STRUCT as objects). Same mapping as the JSON serde.

import type { SqlType } from '../types/sql-type.js';
import { CoercionError, jsonReader, type JsonReader } from './json-read.js';
import type { RowReader } from './json-codegen.js';
import { jsonRowReader } from './json-serde.js';
import type { JsonValue } from './json-value.js';
import { jsonFormWriter, type JsonFormWriter } from './json-write.js';
import { SerdeError, type SerdeColumn } from './types.js';

export { JsonNumber, jsonValuesEqual, parseJsonExact, stringifyJson, type JsonValue } from './json-value.js';

/** Compiled value -> JSON form converter (null -> null), for callers converting many values. */
export function compileToJsonForm(type: SqlType): (value: unknown) => JsonValue {
  const write = jsonFormWriter(type);
  return (value) => (value === null || value === undefined ? null : write(value));
}

/** Compiled JSON form -> value converter with the JSON deserializer's coercions; throws SerdeError. */
export function compileFromJsonForm(type: SqlType): (json: unknown) => unknown {
  const read = jsonReader(type);
  return (json) => {
    if (json === null || json === undefined) return null;
    try {
      return read(json);
    } catch (e) {
      throw toSerdeError(e);
    }
  };
}

const toCache = new WeakMap<SqlType, JsonFormWriter>();
const fromCache = new WeakMap<SqlType, JsonReader>();

/**
 * A value's JSON form. DECIMAL becomes a JsonNumber holding its exact digits and scale (`10.50`);
 * BIGINT stays a number, or a bigint beyond 2^53; DOUBLE NaN/Infinity become the strings "NaN",
 * "Infinity", "-Infinity" (as Jackson writes them). Use stringifyJson to print the result.
 */
export function toJsonForm(value: unknown, type: SqlType): JsonValue {
  if (value === null || value === undefined) return null;
  let write = toCache.get(type);
  if (write === undefined) {
    write = jsonFormWriter(type);
    toCache.set(type, write);
  }
  return write(value);
}

/**
 * The value of `type` a JSON form stands for, with the coercions ksqlDB's JSON deserializer
 * applies (`"12"` -> 12 for INTEGER, 1.9 -> 1, numbers -> STRING, struct fields matched by name
 * then upper-cased). Accepts numbers, bigints and JsonNumbers for numeric types. Throws SerdeError.
 */
export function fromJsonForm(json: unknown, type: SqlType): unknown {
  if (json === null || json === undefined) return null;
  let read = fromCache.get(type);
  if (read === undefined) {
    read = jsonReader(type);
    fromCache.set(type, read);
  }
  try {
    return read(json);
  } catch (e) {
    throw toSerdeError(e);
  }
}

/**
 * A row's JSON form as test files write a key or value: an object keyed by column name, or the
 * bare value of the single column when unwrapped; null for a null row.
 */
export function rowToJsonForm(row: readonly unknown[] | null, columns: readonly SerdeColumn[], unwrapped: boolean): JsonValue {
  if (row === null) return null;
  if (unwrapped && columns.length === 1) return toJsonForm(row[0], columns[0]!.type);
  const out: { [k: string]: JsonValue } = {};
  columns.forEach((c, i) => {
    Object.defineProperty(out, c.name, { value: toJsonForm(row[i], c.type), enumerable: true, writable: true, configurable: true });
  });
  return out;
}

const rowReaders = new WeakMap<readonly SerdeColumn[], { wrapped?: RowReader; unwrapped?: RowReader }>();

/** The row a test file's JSON form of a key or value stands for (see rowToJsonForm); throws SerdeError. */
export function rowFromJsonForm(json: unknown, columns: readonly SerdeColumn[], unwrapped: boolean): unknown[] | null {
  if (json === null || json === undefined) return null;
  // Readers are generated code: compile once per columns array.
  let cached = rowReaders.get(columns);
  if (cached === undefined) rowReaders.set(columns, (cached = {}));
  const reader = unwrapped
    ? (cached.unwrapped ??= jsonRowReader(columns, true))
    : (cached.wrapped ??= jsonRowReader(columns, false));
  try {
    return reader(json);
  } catch (e) {
    throw toSerdeError(e);
  }
}

function toSerdeError(e: unknown): unknown {
  return e instanceof CoercionError ? new SerdeError(e.fullMessage) : e;
}
