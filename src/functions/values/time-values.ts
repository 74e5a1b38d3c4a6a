// Text forms of DATE, TIME and TIMESTAMP values as ksqlDB reads and prints them in casts and
// comparisons with strings: ISO dates, ISO local times and partial ISO timestamps (UTC).

import { EvaluationError } from './errors.js';

export const MS_PER_DAY = 86_400_000;

/** Days since the epoch -> [year, month (1-12), day]. Proleptic Gregorian, like java.time. */
export function civilFromDays(days: number): [number, number, number] {
  // Howard Hinnant's days_from_civil inverse.
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const y = yoe + era * 400;
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [m <= 2 ? y + 1 : y, m, d];
}

/** [year, month (1-12), day] -> days since the epoch. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeapYear(y) ? 29 : 28) : m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function pad(n: number, width: number): string {
  const s = String(Math.abs(n));
  return (n < 0 ? '-' : '') + (s.length >= width ? s : '0'.repeat(width - s.length) + s);
}

/** LocalDate.toString: yyyy-MM-dd, with a sign for years outside 0000-9999. */
export function formatYear(y: number): string {
  if (y > 9999) return `+${y}`;
  return pad(y, 4);
}

export function formatDate(days: number): string {
  const [y, m, d] = civilFromDays(days);
  return `${formatYear(y)}-${pad(m, 2)}-${pad(d, 2)}`;
}

/** DateTimeFormatter.ISO_LOCAL_TIME: HH:mm:ss, plus the fraction without trailing zeros. */
export function formatTime(msOfDay: number): string {
  const ms = ((msOfDay % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;
  const h = Math.floor(ms / 3_600_000);
  const mi = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  const frac = ms % 1000;
  const base = `${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}`;
  return frac === 0 ? base : `${base}.${pad(frac, 3).replace(/0+$/, '')}`;
}

/** ksqlDB's timestamp text: yyyy-MM-dd'T'HH:mm:ss.SSS in UTC. */
export function formatTimestamp(ms: number): string {
  const days = Math.floor(ms / MS_PER_DAY);
  const rem = ms - days * MS_PER_DAY;
  const t = formatTime(rem - (rem % 1000));
  return `${formatDate(days)}T${t}.${pad(rem % 1000, 3)}`;
}

/** java.sql.Timestamp.toString (as shown inside collections): yyyy-MM-dd HH:mm:ss.f */
export function formatTimestampJdbc(ms: number): string {
  const days = Math.floor(ms / MS_PER_DAY);
  const rem = ms - days * MS_PER_DAY;
  const frac = rem % 1000;
  const fraction = frac === 0 ? '0' : pad(frac, 3).replace(/0+$/, '');
  return `${formatDate(days)} ${formatTime(rem - frac)}.${fraction}`;
}

function bad(kind: string, text: string): EvaluationError {
  return new EvaluationError(`Failed to parse ${kind} '${text}'`);
}

const DATE_RE = /^([+-]?\d{4,9})-(\d{2})-(\d{2})$/;

export function parseDate(text: string): number {
  const m = DATE_RE.exec(text.trim());
  if (!m) throw bad('date', text);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) throw bad('date', text);
  return daysFromCivil(y, mo, d);
}

const TIME_RE = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/;

/** LocalTime.parse (ISO_LOCAL_TIME): HH:mm[:ss[.fffffffff]]. */
export function parseTime(text: string): number {
  const m = TIME_RE.exec(text.trim());
  if (!m) throw bad('time', text);
  const h = Number(m[1]);
  const mi = Number(m[2]);
  const s = m[3] === undefined ? 0 : Number(m[3]);
  if (h > 23 || mi > 59 || s > 59) throw bad('time', text);
  const ms = m[4] === undefined ? 0 : Math.floor(Number(`0.${m[4]}`) * 1000 + 1e-7);
  return ((h * 60 + mi) * 60 + s) * 1000 + ms;
}

const TS_RE =
  /^([+-]?\d{4,9})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * ksqlDB's partial timestamp parser: `2020`, `2020-01`, ... `2020-01-02T03:04:05.678`, with an
 * optional offset (`Z`, `+01`, `+0100`, `+01:00`). Missing parts default to their minimum; no
 * offset means UTC.
 */
export function parseTimestamp(text: string): number {
  const m = TS_RE.exec(text.trim());
  if (!m) throw bad('timestamp', text);
  const y = Number(m[1]);
  const mo = m[2] === undefined ? 1 : Number(m[2]);
  const d = m[3] === undefined ? 1 : Number(m[3]);
  const h = m[4] === undefined ? 0 : Number(m[4]);
  const mi = m[5] === undefined ? 0 : Number(m[5]);
  const s = m[6] === undefined ? 0 : Number(m[6]);
  const ms = m[7] === undefined ? 0 : Math.floor(Number(`0.${m[7]}`) * 1000 + 1e-7);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) {
    throw bad('timestamp', text);
  }
  let offsetMs = 0;
  const zone = m[8];
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    offsetMs = sign * (Number(digits.slice(0, 2)) * 60 + (digits.length > 2 ? Number(digits.slice(2, 4)) : 0)) * 60_000;
  }
  return daysFromCivil(y, mo, d) * MS_PER_DAY + ((h * 60 + mi) * 60 + s) * 1000 + ms - offsetMs;
}
