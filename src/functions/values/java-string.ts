// How Java prints values: Double.toString, List/Map/Struct toString. ksqlDB's CAST(x AS STRING),
// ARRAY_JOIN and friends show values this way, so we print them exactly the same.

import type { SqlType } from '../../types/sql-type.js';
import type { DecimalValue } from '../../types/values.js';
import { formatDate, formatTime, formatTimestamp, formatTimestampJdbc } from './time-values.js';

/** Java Double.toString: "1.0", "0.001", "1.0E7", "1.0E-4", "NaN", "Infinity". */
export function javaDoubleToString(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (d === Infinity) return 'Infinity';
  if (d === -Infinity) return '-Infinity';
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(d);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(d);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mantissa, exponent] = d.toExponential().split('e') as [string, string];
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${Number(exponent)}`;
}

/** BigDecimal.toString for a value of the given scale (plain unless the exponent is very small). */
export function javaDecimalToString(v: DecimalValue, scale: number): string {
  const unscaledDigits = v.abs().toFixed(scale).replace('.', '').replace(/^0+(?=\d)/, '');
  const adjusted = unscaledDigits.length - 1 - scale;
  if (scale >= 0 && adjusted >= -6) return v.toFixed(scale);
  const sign = v.isNegative() ? '-' : '';
  const mantissa = unscaledDigits.length > 1 ? `${unscaledDigits[0]}.${unscaledDigits.slice(1)}` : unscaledDigits;
  return `${sign}${mantissa}E${adjusted}`;
}

/**
 * The text ksqlDB shows for a value: top-level CAST(x AS STRING) uses ISO text for temporal
 * values; inside collections Java's own toString of the element is used (nested = true).
 */
export function javaToString(v: unknown, type: SqlType, nested = false): string {
  if (v === null || v === undefined) return 'null';
  switch (type.kind) {
    case 'STRING':
      return v as string;
    case 'BOOLEAN':
    case 'INTEGER':
    case 'BIGINT':
      return String(v);
    case 'DOUBLE':
      return javaDoubleToString(v as number);
    case 'DECIMAL':
      return nested ? javaDecimalToString(v as DecimalValue, type.scale) : (v as DecimalValue).toFixed(type.scale);
    case 'BYTES':
      return (v as Buffer).toString('base64');
    case 'DATE':
      return formatDate(v as number);
    case 'TIME':
      return formatTime(v as number);
    case 'TIMESTAMP':
      return nested ? formatTimestampJdbc(v as number) : formatTimestamp(v as number);
    case 'ARRAY':
      return `[${(v as unknown[]).map((x) => javaToString(x, type.item, true)).join(', ')}]`;
    case 'MAP': {
      const parts: string[] = [];
      for (const [k, x] of v as Map<unknown, unknown>) {
        parts.push(`${javaToString(k, type.key, true)}=${javaToString(x, type.value, true)}`);
      }
      return `{${parts.join(', ')}}`;
    }
    case 'STRUCT': {
      // Kafka Connect's Struct.toString skips null fields.
      const s = v as Record<string, unknown>;
      const parts: string[] = [];
      for (const f of type.fields) {
        const x = s[f.name];
        if (x !== null && x !== undefined) parts.push(`${f.name}=${javaToString(x, f.type, true)}`);
      }
      return `Struct{${parts.join(',')}}`;
    }
  }
}
