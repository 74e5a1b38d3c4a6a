// The JSON format: a row is one JSON object keyed by column name (wrapped), or a single column's
// bare value (unwrapped: single keys, WRAP_SINGLE_VALUE=false). Reader and writer are compiled
// once per schema (json-codegen.ts); per record: JSON.parse or concatenation, plus a few checks.

import type { SqlType } from '../types/sql-type.js';
import { compileRowReader, compileRowWriter, type RowReader, type RowWriter } from './json-codegen.js';
import { CoercionError, jsonReader, NEED_EXACT, setLossySource } from './json-read.js';
import { parseJsonExact } from './json-value.js';
import { jsonWriter } from './json-write.js';
import { SerdeError, type Serde, type SerdeColumn } from './types.js';

export interface JsonSerdeOptions {
  /** Write and read the single column as a bare value rather than an object. */
  readonly unwrapped: boolean;
}

export function createJsonSerde(columns: readonly SerdeColumn[], options: JsonSerdeOptions): Serde {
  const unwrapped = options.unwrapped && columns.length === 1;
  const reader = jsonRowReader(columns, unwrapped);
  const writer = unwrapped ? unwrappedWriter(columns[0]!.type) : compileRowWriter(columns);
  return {
    serialize(row) {
      if (row === null) return null;
      const text = writer(row);
      return text === null ? null : Buffer.from(text, 'utf8');
    },
    deserialize(bytes) {
      if (bytes === null) return null;
      return readJsonRow(bytes.toString('utf8'), reader);
    },
  };
}

/**
 * Parsed JSON (the record's text, or a test file's JSON form of a row) -> row, with ksqlDB's
 * coercions. Throws CoercionError.
 */
export function jsonRowReader(columns: readonly SerdeColumn[], unwrapped: boolean): RowReader {
  return unwrapped && columns.length === 1 ? unwrappedReader(columns[0]!.type) : compileRowReader(columns);
}

/**
 * Parses and converts one record's text; `null` JSON is a null row (a tombstone). JSON.parse is
 * the fast path; when a reader finds a value it may have rounded, the record is parsed again
 * exactly (see NEED_EXACT).
 */
export function readJsonRow(text: string, reader: RowReader): unknown[] | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new SerdeError(`Failed to parse JSON: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (parsed === null) return null;
  setLossySource(text);
  try {
    return reader(parsed);
  } catch (e) {
    if (e !== NEED_EXACT) throw toSerdeError(e);
  } finally {
    setLossySource(null);
  }
  try {
    return reader(parseJsonExact(text));
  } catch (e) {
    throw toSerdeError(e);
  }
}

function toSerdeError(e: unknown): unknown {
  return e instanceof CoercionError ? new SerdeError(e.fullMessage) : e;
}

function unwrappedReader(type: SqlType): RowReader {
  const read = jsonReader(type);
  return (parsed) => [read(parsed)];
}

/** A single null column is written as null bytes, as ksqlDB's unwrapped serializers do. */
function unwrappedWriter(type: SqlType): RowWriter {
  const write = jsonWriter(type);
  return (row) => {
    const v = row[0];
    return v === null || v === undefined ? null : write(v);
  };
}
