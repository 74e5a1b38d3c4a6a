// Builds the serde of a format for a set of key or value columns, after checking the format can
// carry them. One file per format does the work.

import { KsqlError } from '../errors.js';
import { createAvroSerde } from './avro-serde.js';
import { createDelimitedSerde } from './delimited-serde.js';
import { formatSupports, resolveDelimiter } from './format-validation.js';
import { createJsonSerde } from './json-serde.js';
import { createJsonSrSerde } from './json-sr-serde.js';
import { createKafkaSerde } from './kafka-serde.js';
import { createNoneSerde } from './none-serde.js';
import { createProtobufSerde } from './protobuf-serde.js';
import type { FormatInfo, Serde, SerdeColumn } from './types.js';

/**
 * The serde of `columns` (in declared order) as the key or the value of records in `info`'s
 * format. Keys with one column are unwrapped; values are wrapped unless WRAP_SINGLE_VALUE=false.
 * Throws KsqlError with ksqlDB's message when the format cannot carry the columns.
 */
export function createSerde(info: FormatInfo, columns: readonly SerdeColumn[], isKey: boolean): Serde {
  const problem = formatSupports(info, columns, isKey);
  if (problem !== null) throw new KsqlError('INVALID_STATEMENT', problem);
  // A keyless source's key: nothing to write, and whatever bytes are there are ignored.
  if (isKey && columns.length === 0) return createNoneSerde();
  switch (info.format) {
    case 'JSON':
      return createJsonSerde(columns, { unwrapped: isUnwrapped(info, columns, isKey) });
    case 'DELIMITED':
      return createDelimitedSerde(columns, resolveDelimiter(info.options.delimiter ?? ','), isKey);
    case 'KAFKA':
      return createKafkaSerde(columns);
    case 'NONE':
      return createNoneSerde();
    case 'AVRO':
      return createAvroSerde(columns, { unwrapped: isUnwrapped(info, columns, isKey) });
    case 'JSON_SR':
      return createJsonSrSerde(columns, { unwrapped: isUnwrapped(info, columns, isKey) });
    case 'PROTOBUF':
    case 'PROTOBUF_NOSR':
      return createProtobufSerde(columns, { withHeader: info.format === 'PROTOBUF' });
    default: {
      const never: never = info.format;
      throw new KsqlError('INVALID_STATEMENT', `Unknown format: ${String(never)}`);
    }
  }
}

/** Whether a single column travels as a bare value: always for keys, on request for values. */
export function isUnwrapped(info: FormatInfo, columns: readonly SerdeColumn[], isKey: boolean): boolean {
  if (columns.length !== 1) return false;
  // Protobuf has no bare primitives: its keys are always messages, so test files write them wrapped.
  if (isKey) return info.format !== 'PROTOBUF' && info.format !== 'PROTOBUF_NOSR';
  return info.options.wrapSingleValue === false;
}
