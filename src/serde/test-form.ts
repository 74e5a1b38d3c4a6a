// How ksqlDB's test files (QTT/RQTT) write a record's key or value for each format, turned into
// record bytes and back: JSON as the JSON text itself, DELIMITED as the raw line, KAFKA as the
// single column's JSON form, NONE and keyless keys as anything (the bytes are ignored), and the
// schema-registry formats as the columns' JSON form (PROTOBUF keys wrapped: they are messages).

import { createSerde, isUnwrapped } from './create-serde.js';
import { rowFromJsonForm, rowToJsonForm } from './json-form.js';
import { parseJsonExact, stringifyJson, type JsonValue } from './json-value.js';
import { SerdeError, type FormatInfo, type SerdeColumn } from './types.js';

/**
 * The bytes a test input's key or value stands for. JSON text is written as given (parse the test
 * file with parseJsonExact so long numbers survive), so the JSON deserializer's coercions are what
 * gets tested. Throws SerdeError when a KAFKA value does not fit its column.
 */
export function testFormToBytes(info: FormatInfo, columns: readonly SerdeColumn[], isKey: boolean, json: JsonValue | undefined): Buffer | null {
  if (json === null || json === undefined) return null;
  const asText = (): Buffer => Buffer.from(typeof json === 'string' ? json : stringifyJson(json), 'utf8');
  if (columns.length === 0) return asText();
  switch (info.format) {
    case 'JSON':
      return Buffer.from(stringifyJson(json), 'utf8');
    case 'DELIMITED':
    case 'NONE':
      return asText();
    case 'KAFKA':
      return createSerde(info, columns, isKey).serialize(rowFromJsonForm(json, columns, true));
    default:
      // Schema-registry formats: the JSON form of the columns, encoded by the format's serde.
      return createSerde(info, columns, isKey).serialize(rowFromJsonForm(json, columns, isUnwrapped(info, columns, isKey)));
  }
}

/**
 * A key or value as test files expect it: JSON records as their parsed text, DELIMITED as the
 * line, KAFKA as the column's JSON form; null for null bytes, NONE and keyless keys.
 */
export function bytesToTestForm(info: FormatInfo, columns: readonly SerdeColumn[], isKey: boolean, bytes: Buffer | null): JsonValue {
  if (bytes === null || columns.length === 0 || info.format === 'NONE') return null;
  switch (info.format) {
    case 'JSON':
      try {
        return parseJsonExact(bytes.toString('utf8'));
      } catch (e) {
        throw new SerdeError(`Failed to parse JSON: ${e instanceof Error ? e.message : String(e)}`);
      }
    case 'DELIMITED':
      return bytes.toString('utf8');
    case 'KAFKA':
      return rowToJsonForm(createSerde(info, columns, isKey).deserialize(bytes), columns, true);
    default:
      return rowToJsonForm(createSerde(info, columns, isKey).deserialize(bytes), columns, isUnwrapped(info, columns, isKey));
  }
}
