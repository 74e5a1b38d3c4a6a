// Date and time text with Java DateTimeFormatter patterns and IANA zones, for the runtime
// (TIMESTAMP_FORMAT on sources and sinks) and for the date/time functions.

import { formatTimestampWith, parseTimestampWith } from './datetime/java-format.js';
import { UTC, zoneOf } from './datetime/zones.js';

export {
  DateTimePattern,
  datePattern,
  formatDateWith,
  formatTimestampWith,
  formatTimeWith,
  parseDateWith,
  parseTimestampWith,
  parseTimeWith,
} from './datetime/java-format.js';
export { type Zone, UTC, zoneOf } from './datetime/zones.js';

/**
 * Parses `text` with a Java pattern (as ksqlDB's TIMESTAMP_FORMAT does) to epoch milliseconds.
 * Text without an offset or zone is read in `zone` (default UTC). Throws EvaluationError.
 */
export function parseTimestampWithFormat(text: string, format: string, zone?: string): number {
  return parseTimestampWith(text, format, zone === undefined ? UTC : zoneOf(zone));
}

/** Formats epoch milliseconds with a Java pattern in `zone` (default UTC). */
export function formatTimestampWithFormat(epochMs: number, format: string, zone?: string): string {
  return formatTimestampWith(epochMs, format, zone === undefined ? UTC : zoneOf(zone));
}
