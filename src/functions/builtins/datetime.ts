// Date and time functions: arithmetic on DATE/TIME/TIMESTAMP, formatting and parsing with Java
// patterns, time-zone conversion, and the older BIGINT/INT based *TOSTRING / STRINGTO* forms.

import type { IntervalUnitArg } from '../../sql/ast.js';
import { normalizeLong } from '../../types/values.js';
import {
  formatDateWith,
  formatTimestampWith,
  formatTimeWith,
  parseDateWith,
  parseTimestampWith,
  parseTimeWith,
} from '../datetime/java-format.js';
import { zoneOf } from '../datetime/zones.js';
import { sig } from '../signature.js';
import type { ScalarFunction } from '../types.js';
import type { Long } from '../values/long-math.js';
import { MS_PER_DAY } from '../values/time-values.js';
import { scalar } from './define.js';

type Unit = IntervalUnitArg['unit'];

const UNIT_MS: Record<Unit, number> = {
  MILLISECONDS: 1,
  SECONDS: 1000,
  MINUTES: 60_000,
  HOURS: 3_600_000,
  DAYS: MS_PER_DAY,
};

function unitMs(unit: Unit, n: Long): number {
  return Number(n) * UNIT_MS[unit];
}

const GMT = 'GMT';

function wrapTime(ms: number): number {
  return ((ms % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;
}

function toLong(n: number): Long {
  return normalizeLong(BigInt(Math.trunc(n)));
}

export function datetimeFunctions(): ScalarFunction[] {
  return [
    scalar('UNIX_TIMESTAMP', 'DATE / TIME', 'Returns the current time, or the given TIMESTAMP, as milliseconds since the epoch.', [
      sig('', 'BIGINT', () => Date.now(), { deterministic: false }),
      sig('timestamp TIMESTAMP', 'BIGINT', (t: number) => t),
    ]),
    scalar('UNIX_DATE', 'DATE / TIME', 'Returns the current date, or the given DATE, as days since the epoch.', [
      sig('', 'INTEGER', () => Math.floor(Date.now() / MS_PER_DAY), { deterministic: false }),
      sig('date DATE', 'INTEGER', (d: number) => d),
    ]),
    scalar('FROM_UNIXTIME', 'DATE / TIME', 'Converts milliseconds since the epoch to a TIMESTAMP.', [
      sig('milliseconds BIGINT', 'TIMESTAMP', (ms: Long) => Number(ms)),
    ]),
    scalar('FROM_DAYS', 'DATE / TIME', 'Converts days since the epoch to a DATE.', [sig('days INTEGER', 'DATE', (d: number) => d)]),
    scalar('DATEADD', 'DATE / TIME', 'Adds an interval to a DATE.', [
      sig('unit INTERVALUNIT, interval INTEGER, date DATE', 'DATE', (u: Unit, n: number, d: number) => Math.trunc((d * MS_PER_DAY + unitMs(u, n)) / MS_PER_DAY) + 0),
    ]),
    scalar('DATESUB', 'DATE / TIME', 'Subtracts an interval from a DATE.', [
      sig('unit INTERVALUNIT, interval INTEGER, date DATE', 'DATE', (u: Unit, n: number, d: number) => Math.trunc((d * MS_PER_DAY - unitMs(u, n)) / MS_PER_DAY) + 0),
    ]),
    scalar('TIMEADD', 'DATE / TIME', 'Adds an interval to a TIME, wrapping around midnight.', [
      sig('unit INTERVALUNIT, interval INTEGER, time TIME', 'TIME', (u: Unit, n: number, t: number) => wrapTime(t + unitMs(u, n))),
    ]),
    scalar('TIMESUB', 'DATE / TIME', 'Subtracts an interval from a TIME, wrapping around midnight.', [
      sig('unit INTERVALUNIT, interval INTEGER, time TIME', 'TIME', (u: Unit, n: number, t: number) => wrapTime(t - unitMs(u, n))),
    ]),
    scalar('TIMESTAMPADD', 'DATE / TIME', 'Adds an interval to a TIMESTAMP.', [
      sig('unit INTERVALUNIT, interval BIGINT, timestamp TIMESTAMP', 'TIMESTAMP', (u: Unit, n: Long, t: number) => t + unitMs(u, n)),
    ]),
    scalar('TIMESTAMPSUB', 'DATE / TIME', 'Subtracts an interval from a TIMESTAMP.', [
      sig('unit INTERVALUNIT, interval BIGINT, timestamp TIMESTAMP', 'TIMESTAMP', (u: Unit, n: Long, t: number) => t - unitMs(u, n)),
    ]),
    scalar('FORMAT_DATE', 'DATE / TIME', 'Formats a DATE with a Java DateTimeFormatter pattern.', [
      sig('date DATE, format STRING', 'STRING', formatDateWith),
    ]),
    scalar('FORMAT_TIME', 'DATE / TIME', 'Formats a TIME with a Java DateTimeFormatter pattern.', [
      sig('time TIME, format STRING', 'STRING', formatTimeWith),
    ]),
    scalar('FORMAT_TIMESTAMP', 'DATE / TIME', 'Formats a TIMESTAMP with a Java DateTimeFormatter pattern, in GMT or the given zone.', [
      sig('timestamp TIMESTAMP, format STRING', 'STRING', (t: number, f: string) => formatTimestampWith(t, f, zoneOf(GMT))),
      sig('timestamp TIMESTAMP, format STRING, timeZone STRING', 'STRING', (t: number, f: string, z: string) => formatTimestampWith(t, f, zoneOf(z))),
    ]),
    scalar('PARSE_DATE', 'DATE / TIME', 'Parses a DATE with a Java DateTimeFormatter pattern.', [
      sig('date STRING, format STRING', 'DATE', parseDateWith),
    ]),
    scalar('PARSE_TIME', 'DATE / TIME', 'Parses a TIME with a Java DateTimeFormatter pattern.', [
      sig('time STRING, format STRING', 'TIME', parseTimeWith),
    ]),
    scalar('PARSE_TIMESTAMP', 'DATE / TIME', 'Parses a TIMESTAMP with a Java DateTimeFormatter pattern, in GMT or the given zone.', [
      sig('timestamp STRING, format STRING', 'TIMESTAMP', (s: string, f: string) => parseTimestampWith(s, f, zoneOf(GMT))),
      sig('timestamp STRING, format STRING, timeZone STRING', 'TIMESTAMP', (s: string, f: string, z: string) => parseTimestampWith(s, f, zoneOf(z))),
    ]),
    scalar('CONVERT_TZ', 'DATE / TIME', 'Converts a TIMESTAMP from one time zone to another.', [
      sig('timestamp TIMESTAMP, fromZone STRING, toZone STRING', 'TIMESTAMP', (t: number, from: string, to: string) =>
        t + zoneOf(to).offsetAt(t) - zoneOf(from).offsetAt(t)),
    ]),
    scalar('DATETOSTRING', 'DATE / TIME', 'Formats days since the epoch with a Java pattern (deprecated: use FORMAT_DATE).', [
      sig('days INTEGER, format STRING', 'STRING', formatDateWith),
    ]),
    scalar('STRINGTODATE', 'DATE / TIME', 'Parses a date to days since the epoch (deprecated: use PARSE_DATE).', [
      sig('date STRING, format STRING', 'INTEGER', parseDateWith),
    ]),
    scalar('STRINGTOTIMESTAMP', 'DATE / TIME', 'Parses a timestamp to milliseconds since the epoch (deprecated: use PARSE_TIMESTAMP).', [
      sig('timestamp STRING, format STRING', 'BIGINT', (s: string, f: string) => toLong(parseTimestampWith(s, f, zoneOf(GMT)))),
      sig('timestamp STRING, format STRING, timeZone STRING', 'BIGINT', (s: string, f: string, z: string) => toLong(parseTimestampWith(s, f, zoneOf(z)))),
    ]),
    scalar('TIMESTAMPTOSTRING', 'DATE / TIME', 'Formats milliseconds since the epoch with a Java pattern (deprecated: use FORMAT_TIMESTAMP).', [
      sig('epochMilli BIGINT, format STRING', 'STRING', (t: Long, f: string) => formatTimestampWith(Number(t), f, zoneOf(GMT))),
      sig('epochMilli BIGINT, format STRING, timeZone STRING', 'STRING', (t: Long, f: string, z: string) => formatTimestampWith(Number(t), f, zoneOf(z))),
    ]),
  ];
}
