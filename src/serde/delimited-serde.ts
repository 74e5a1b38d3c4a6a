// The DELIMITED format: one CSV record per row, columns in order, primitive types only, values
// as ksqlDB writes them (Java's toString of each value, decimals with their scale, bytes in
// base64, dates as days, times and timestamps as milliseconds). An empty field reads as null.

import { formatType, type SqlType } from '../types/sql-type.js';
import { CoercionError, decimalFitter } from './json-read.js';
import { decimalText } from './json-write.js';
import { CsvError, formatCsvRecord, parseCsvRecord } from './csv.js';
import { decodeBase64, isBigDecimalText, javaDoubleToString, parseJavaDouble, parseJavaInt, parseJavaLong } from './java-text.js';
import { SerdeError, type Serde, type SerdeColumn } from './types.js';

type FieldParser = (text: string) => unknown;
type FieldFormatter = (value: unknown) => string;

/** Parsed by Java's rules; undefined from a parser means the text is not a value of the type. */
function fieldParser(type: SqlType): FieldParser {
  switch (type.kind) {
    case 'BOOLEAN':
      // Boolean.parseBoolean: "true" in any case, anything else is false.
      return (s) => s.length === 4 && s.toLowerCase() === 'true';
    case 'INTEGER':
    case 'DATE':
    case 'TIME':
      return parseJavaInt;
    case 'BIGINT':
      return parseJavaLong;
    case 'TIMESTAMP':
      return (s) => {
        const n = parseJavaLong(s);
        return n === undefined ? undefined : Number(n);
      };
    case 'DOUBLE':
      return parseJavaDouble;
    case 'STRING':
      return (s) => s;
    case 'BYTES':
      return decodeBase64;
    case 'DECIMAL': {
      const fit = decimalFitter(type.precision, type.scale);
      return (s) => (isBigDecimalText(s) ? fit(s) : undefined);
    }
    default:
      throw new SerdeError(`The 'DELIMITED' format does not support type '${type.kind}'`);
  }
}

function fieldFormatter(type: SqlType): FieldFormatter {
  switch (type.kind) {
    case 'BOOLEAN':
      return (v) => (v ? 'true' : 'false');
    case 'DOUBLE':
      return (v) => javaDoubleToString(v as number);
    case 'STRING':
      return (v) => v as string;
    case 'BYTES':
      return (v) => (v as Buffer).toString('base64');
    case 'DECIMAL': {
      const scale = type.scale;
      return (v) => decimalText(v, scale);
    }
    case 'INTEGER':
    case 'BIGINT':
    case 'DATE':
    case 'TIME':
    case 'TIMESTAMP':
      return (v) => String(v);
    default:
      throw new SerdeError(`The 'DELIMITED' format does not support type '${type.kind}'`);
  }
}

export function createDelimitedSerde(columns: readonly SerdeColumn[], delimiter: string, isKey: boolean): Serde {
  const n = columns.length;
  const parsers = columns.map((c) => fieldParser(c.type));
  const formatters = columns.map((c) => fieldFormatter(c.type));
  const fields: (string | null)[] = new Array<string | null>(n).fill(null);
  return {
    serialize(row) {
      if (row === null) return null;
      if (n === 0) return isKey ? null : Buffer.alloc(0);
      // A null key (single null column) is null bytes, not an empty record.
      if (isKey && n === 1 && (row[0] === null || row[0] === undefined)) return null;
      for (let i = 0; i < n; i++) {
        const v = row[i];
        fields[i] = v === null || v === undefined ? null : formatters[i]!(v);
      }
      return Buffer.from(formatCsvRecord(fields, delimiter), 'utf8');
    },
    deserialize(bytes) {
      if (bytes === null) return null;
      if (n === 0) return [];
      const text = bytes.toString('utf8');
      let record: string[] | null;
      try {
        // An empty record is a row of one empty field: the way a single null column is written.
        record = text.length === 0 ? [''] : parseCsvRecord(text, delimiter);
      } catch (e) {
        throw new SerdeError(`Error deserializing delimited: ${e instanceof CsvError ? e.message : String(e)}`);
      }
      if (record === null || record.length !== n) {
        throw new SerdeError(
          `Column count mismatch on deserialization. expected: ${n}, got: ${record === null ? 0 : record.length}`,
        );
      }
      const row: unknown[] = [];
      for (let i = 0; i < n; i++) {
        const s = record[i]!;
        if (s.length === 0) {
          row.push(null);
          continue;
        }
        let v: unknown;
        try {
          v = parsers[i]!(s);
        } catch (e) {
          // Decimals that overflow or need rounding.
          throw new SerdeError(`Error deserializing delimited: ${e instanceof CoercionError ? e.reason : String(e)}`);
        }
        if (v === undefined) {
          const c = columns[i]!;
          throw new SerdeError(
            `Error deserializing delimited: '${s}' is not a valid ${formatType(c.type)} (column \`${c.name}\`)`,
          );
        }
        row.push(v);
      }
      return row;
    },
  };
}
