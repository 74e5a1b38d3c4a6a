// Reads and checks the WITH (...) properties of CREATE statements: topic, formats, partitions,
// timestamp, window and serde options, with ksqlDB's defaults and error messages.

import { KsqlError } from '../errors.js';
import type { Loc, Properties, PropertyValue } from '../sql/ast.js';
import type { FormatInfo, FormatName, FormatOptions } from '../serde/types.js';
import type { WindowInfo, WindowType } from '../catalog/types.js';
import { parseDelimiter } from '../serde/format-validation.js';

const FORMATS: readonly FormatName[] = ['JSON', 'DELIMITED', 'KAFKA', 'NONE', 'AVRO', 'PROTOBUF', 'PROTOBUF_NOSR', 'JSON_SR'];

const KNOWN = new Set([
  'KAFKA_TOPIC',
  'PARTITIONS',
  'REPLICAS',
  'RETENTION_MS',
  'CLEANUP_POLICY',
  'KEY_FORMAT',
  'VALUE_FORMAT',
  'FORMAT',
  'VALUE_DELIMITER',
  'KEY_DELIMITER',
  'TIMESTAMP',
  'TIMESTAMP_FORMAT',
  'WRAP_SINGLE_VALUE',
  'WINDOW_TYPE',
  'WINDOW_SIZE',
  'KEY_SCHEMA_ID',
  'VALUE_SCHEMA_ID',
  'KEY_SCHEMA_FULL_NAME',
  'VALUE_SCHEMA_FULL_NAME',
  'VALUE_AVRO_SCHEMA_FULL_NAME',
  'SOURCE_CONNECTOR',
  'QUERY_ID',
  'KEY_PROTOBUF_NULLABLE_REPRESENTATION',
  'VALUE_PROTOBUF_NULLABLE_REPRESENTATION',
]);

export interface SourceProperties {
  readonly topic?: string;
  readonly partitions?: number;
  readonly replicas?: number;
  readonly retentionMs?: number;
  readonly cleanupPolicy?: string;
  readonly keyFormat?: FormatInfo;
  readonly valueFormat?: FormatInfo;
  /** Options given in this WITH clause, applied also to an inherited format. */
  readonly keyOptions: FormatOptions;
  readonly valueOptions: FormatOptions;
  readonly timestampColumn?: string;
  readonly timestampFormat?: string;
  readonly wrapSingleValue?: boolean;
  readonly window?: WindowInfo;
  readonly queryId?: string;
}

function str(props: Properties, name: string): string | undefined {
  const v = props[name];
  if (v === undefined || v === null) return undefined;
  return String(v);
}

function int(props: Properties, name: string, loc?: Loc): number | undefined {
  const v: PropertyValue | undefined = props[name];
  if (v === undefined || v === null) return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  if (!Number.isInteger(n)) throw new KsqlError('INVALID_STATEMENT', `Invalid value for ${name}: ${String(v)}`, loc);
  return n;
}

export function parseFormatName(raw: string, loc?: Loc): FormatName {
  const up = raw.toUpperCase();
  if (!(FORMATS as readonly string[]).includes(up)) throw new KsqlError('INVALID_STATEMENT', `Unknown format: ${up}`, loc);
  return up as FormatName;
}

function delimiterOf(raw: string | undefined, name: 'KEY_DELIMITER' | 'VALUE_DELIMITER', loc?: Loc): string | undefined {
  if (raw === undefined) return undefined;
  try {
    parseDelimiter(raw, name);
  } catch (e) {
    throw new KsqlError('INVALID_STATEMENT', `Failed to prepare statement: ${e instanceof Error ? e.message : String(e)}`, loc);
  }
  // Kept as written (TAB, SPACE or one character): the serde resolves it.
  return raw;
}

/** Duration text of WINDOW_SIZE, e.g. '5 SECONDS', in ms. */
export function parseDurationText(text: string, loc?: Loc): number {
  const m = /^\s*(\d+)\s*([A-Za-z]+)\s*$/.exec(text);
  if (!m) throw new KsqlError('INVALID_STATEMENT', `Invalid duration: '${text}'`, loc);
  const n = Number(m[1]);
  const unit = m[2]!.toUpperCase().replace(/S$/, '');
  const factor: Record<string, number> = { MILLISECOND: 1, SECOND: 1000, MINUTE: 60_000, HOUR: 3_600_000, DAY: 86_400_000 };
  const f = factor[unit];
  if (f === undefined) throw new KsqlError('INVALID_STATEMENT', `Invalid duration unit: '${m[2]}'`, loc);
  return n * f;
}

export function readSourceProperties(props: Properties, loc?: Loc): SourceProperties {
  for (const name of Object.keys(props)) {
    if (!KNOWN.has(name)) throw new KsqlError('INVALID_STATEMENT', `Invalid config variable(s) in the WITH clause: ${name}`, loc);
  }
  const format = str(props, 'FORMAT');
  const keyFormatName = str(props, 'KEY_FORMAT');
  const valueFormatName = str(props, 'VALUE_FORMAT');
  if (format !== undefined && (keyFormatName !== undefined || valueFormatName !== undefined)) {
    throw new KsqlError(
      'INVALID_STATEMENT',
      `Cannot supply both '${keyFormatName !== undefined ? 'KEY_FORMAT' : 'VALUE_FORMAT'}' and 'FORMAT' properties, as 'FORMAT' sets both key and value formats. Either use just 'FORMAT', or use 'KEY_FORMAT' and 'VALUE_FORMAT'.`,
      loc,
    );
  }
  const keyName = keyFormatName ?? format;
  const valueName = valueFormatName ?? format;
  const wrapRaw = props['WRAP_SINGLE_VALUE'];
  const wrapSingleValue = wrapRaw === undefined || wrapRaw === null ? undefined : String(wrapRaw).toLowerCase() === 'true';
  const keyOptions: FormatOptions = { delimiter: delimiterOf(str(props, 'KEY_DELIMITER'), 'KEY_DELIMITER', loc) };
  const valueOptions: FormatOptions = {
    delimiter: delimiterOf(str(props, 'VALUE_DELIMITER'), 'VALUE_DELIMITER', loc),
    wrapSingleValue,
  };
  let window: WindowInfo | undefined;
  const windowType = str(props, 'WINDOW_TYPE');
  if (windowType !== undefined) {
    const type = windowType.toUpperCase();
    if (type !== 'TUMBLING' && type !== 'HOPPING' && type !== 'SESSION')
      throw new KsqlError('INVALID_STATEMENT', `Invalid WINDOW_TYPE: ${windowType}`, loc);
    const sizeText = str(props, 'WINDOW_SIZE');
    if (type !== 'SESSION' && sizeText === undefined)
      throw new KsqlError('INVALID_STATEMENT', `${type} windows require 'WINDOW_SIZE' to be provided in the WITH clause. For example: 'WINDOW_SIZE'='10 SECONDS'`, loc);
    if (type === 'SESSION' && sizeText !== undefined)
      throw new KsqlError('SYNTAX', `'WINDOW_SIZE' should not be set for SESSION windows.`, loc);
    window = { type: type as WindowType, sizeMs: sizeText === undefined ? undefined : parseDurationText(sizeText, loc) };
  } else if (str(props, 'WINDOW_SIZE') !== undefined) {
    throw new KsqlError('INVALID_STATEMENT', `'WINDOW_SIZE' requires 'WINDOW_TYPE' to be set.`, loc);
  }
  const ts = str(props, 'TIMESTAMP');
  return {
    topic: str(props, 'KAFKA_TOPIC'),
    partitions: int(props, 'PARTITIONS', loc),
    replicas: int(props, 'REPLICAS', loc),
    retentionMs: int(props, 'RETENTION_MS', loc),
    cleanupPolicy: str(props, 'CLEANUP_POLICY'),
    keyOptions,
    valueOptions,
    keyFormat: keyName === undefined ? undefined : { format: parseFormatName(keyName, loc), options: keyOptions },
    valueFormat: valueName === undefined ? undefined : { format: parseFormatName(valueName, loc), options: valueOptions },
    timestampColumn: ts === undefined ? undefined : ts.startsWith('`') ? ts.slice(1, -1) : ts.toUpperCase(),
    timestampFormat: str(props, 'TIMESTAMP_FORMAT'),
    wrapSingleValue,
    window,
    queryId: str(props, 'QUERY_ID'),
  };
}
