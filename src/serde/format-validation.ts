// Which formats can carry which columns, and the options they accept, answered with the messages
// ksqlDB gives (its conformance files match them), so the analyzer can reject a statement before
// any serde is built. Also parses format names and delimiters as ksqlDB accepts them.

import { KsqlError } from '../errors.js';
import { containsMap, formatType, isPrimitive, type SqlType } from '../types/sql-type.js';
import { isKafkaType } from './kafka-serde.js';
import type { FormatInfo, FormatName, SerdeColumn } from './types.js';

export const FORMAT_NAMES: readonly FormatName[] = [
  'JSON',
  'DELIMITED',
  'KAFKA',
  'NONE',
  'AVRO',
  'PROTOBUF',
  'PROTOBUF_NOSR',
  'JSON_SR',
];

/** A format name from a WITH clause, in any case (`'Avro'`); throws `Unknown format: FOO`. */
export function parseFormatName(raw: string): FormatName {
  const upper = raw.toUpperCase();
  const found = FORMAT_NAMES.find((f) => f === upper);
  if (found === undefined) throw new KsqlError('INVALID_STATEMENT', `Unknown format: ${raw}`);
  return found;
}

const NAMED_DELIMITERS: Readonly<Record<string, string>> = { TAB: '\t', SPACE: ' ' };

/**
 * A KEY_DELIMITER / VALUE_DELIMITER value: one character, or TAB or SPACE. Throws ksqlDB's
 * message (which ksqlDB itself prefixes with "Failed to prepare statement: ").
 */
export function parseDelimiter(raw: string, property: 'KEY_DELIMITER' | 'VALUE_DELIMITER'): string {
  const problem = delimiterProblem(raw);
  if (problem !== null) {
    throw new KsqlError('INVALID_STATEMENT', `Configuration ${property} is invalid: ${problem}\nExample valid value: ';'`);
  }
  return resolveDelimiter(raw);
}

/** The delimiter character a valid option stands for ('TAB' -> '\t'). */
export function resolveDelimiter(raw: string): string {
  return NAMED_DELIMITERS[raw] ?? raw;
}

function delimiterProblem(raw: string): string | null {
  if (raw.trim() === '') {
    return "Delimiter cannot be empty, if you meant to have a tab or space for delimiter, please use the special values 'TAB' or 'SPACE'";
  }
  if (raw.length === 1 || Object.hasOwn(NAMED_DELIMITERS, raw)) return null;
  return `Invalid delimiter value: '${raw}'. Delimiter must be a single character or ${Object.keys(NAMED_DELIMITERS).join(',')}`;
}

/**
 * Why `info` cannot carry these key or value columns, in ksqlDB's words, or null when it can.
 * Format-specific reasons come wrapped the way ksqlDB wraps them ("Key format does not support
 * schema. ... reason: ...").
 */
export function formatSupports(info: FormatInfo, columns: readonly SerdeColumn[], isKey: boolean): string | null {
  if (isKey) {
    const withMap = columns.find((c) => containsMap(c.type));
    if (withMap !== undefined) {
      return (
        'Map keys, including types that contain maps, are not supported as they may lead to unexpected ' +
        `behavior due to inconsistent serialization. Key column name: \`${withMap.name}\`. ` +
        `Column type: ${formatType(withMap.type)}. See https://github.com/confluentinc/ksql/issues/6621 for more.`
      );
    }
  }
  const optionProblem = optionsProblem(info, columns, isKey);
  if (optionProblem !== null) return optionProblem;
  const reason = columnsProblem(info.format, columns, isKey);
  if (reason === null) return null;
  return (
    `${isKey ? 'Key' : 'Value'} format does not support schema.\n` +
    `format: ${info.format}\n` +
    `schema: Persistence{columns=${columnList(columns, isKey)}, features=[${features(info, columns, isKey).join(', ')}]}\n` +
    `reason: ${reason}`
  );
}

function optionsProblem(info: FormatInfo, columns: readonly SerdeColumn[], isKey: boolean): string | null {
  const { format, options } = info;
  if (options.delimiter !== undefined) {
    if (format !== 'DELIMITED') return `${format} does not support the following configs: [delimiter]`;
    const problem = delimiterProblem(options.delimiter);
    if (problem !== null) {
      return `Configuration ${isKey ? 'KEY' : 'VALUE'}_DELIMITER is invalid: ${problem}\nExample valid value: ';'`;
    }
  }
  const wrap = options.wrapSingleValue;
  if (wrap === undefined || isKey) return null;
  if (wrap && (format === 'DELIMITED' || format === 'KAFKA')) {
    return `Format '${format}' does not support 'WRAP_SINGLE_VALUE' set to 'true'.`;
  }
  if (!wrap && (format === 'PROTOBUF' || format === 'PROTOBUF_NOSR')) {
    return `Format '${format}' does not support 'WRAP_SINGLE_VALUE' set to 'false'.`;
  }
  if (columns.length !== 1) return "'WRAP_SINGLE_VALUE' is only valid for single-field value schemas";
  return null;
}

function columnsProblem(format: FormatName, columns: readonly SerdeColumn[], isKey: boolean): string | null {
  switch (format) {
    case 'NONE':
      return columns.length === 0
        ? null
        : `The 'NONE' format can only be used when no columns are defined. Got: ${columnList(columns, isKey)}`;
    case 'KAFKA': {
      if (columns.length > 1) return `The 'KAFKA' format only supports a single field. Got: ${columnList(columns, isKey)}`;
      const c = columns[0];
      return c === undefined || isKafkaType(c.type) ? null : `The 'KAFKA' format does not support type '${c.type.kind}'`;
    }
    case 'DELIMITED': {
      const c = columns.find((col) => !isPrimitive(col.type));
      return c === undefined ? null : `The 'DELIMITED' format does not support type '${c.type.kind}', column: \`${c.name}\``;
    }
    case 'JSON':
    case 'JSON_SR':
      return columns.some((c) => hasNonStringMapKey(c.type)) ? 'JSON only supports MAP types with STRING keys' : null;
    case 'PROTOBUF':
    case 'PROTOBUF_NOSR':
      return columns.some((c) => hasNonStringMapKey(c.type)) ? 'PROTOBUF format only supports MAP types with STRING keys' : null;
    case 'AVRO':
      if (columns.some((c) => hasNonStringMapKey(c.type))) return 'Avro only supports MAPs with STRING keys';
      // A single key column travels unwrapped: only its struct fields carry names.
      return isKey && columns.length === 1 ? avroNameProblem([{ name: 'ROWKEY', type: columns[0]!.type }]) : avroNameProblem(columns);
    default: {
      const never: never = format;
      return `Unknown format: ${String(never)}`;
    }
  }
}

/** ksqlDB's column list: [`K` STRING KEY, `V` INTEGER]. */
function columnList(columns: readonly SerdeColumn[], isKey: boolean): string {
  return '[' + columns.map((c) => `\`${c.name}\` ${formatType(c.type)}${isKey ? ' KEY' : ''}`).join(', ') + ']';
}

/** The serde features ksqlDB would list for this schema (only used in messages). */
function features(info: FormatInfo, columns: readonly SerdeColumn[], isKey: boolean): string[] {
  const wrappable = info.format !== 'KAFKA' && info.format !== 'DELIMITED' && info.format !== 'NONE';
  if (isKey) return wrappable && columns.length === 1 ? ['UNWRAP_SINGLES'] : [];
  const wrap = info.options.wrapSingleValue;
  if (wrap === undefined) return [];
  return [wrap ? 'WRAP_SINGLES' : 'UNWRAP_SINGLES'];
}

function hasNonStringMapKey(t: SqlType): boolean {
  switch (t.kind) {
    case 'MAP':
      return t.key.kind !== 'STRING' || hasNonStringMapKey(t.value);
    case 'ARRAY':
      return hasNonStringMapKey(t.item);
    case 'STRUCT':
      return t.fields.some((f) => hasNonStringMapKey(f.type));
    default:
      return false;
  }
}

/** Avro names start with a letter or '_' and go on with letters, digits and '_'; struct fields too. */
function avroNameProblem(fields: readonly { readonly name: string; readonly type: SqlType }[]): string | null {
  for (const f of fields) {
    if (!/^[A-Za-z_]/.test(f.name)) return `Schema is not compatible with Avro: Illegal initial character: ${f.name}`;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(f.name)) return `Schema is not compatible with Avro: Illegal character in: ${f.name}`;
    let t = f.type;
    while (t.kind === 'ARRAY' || t.kind === 'MAP') t = t.kind === 'ARRAY' ? t.item : t.value;
    if (t.kind === 'STRUCT') {
      const inner = avroNameProblem(t.fields);
      if (inner !== null) return inner;
    }
  }
  return null;
}
