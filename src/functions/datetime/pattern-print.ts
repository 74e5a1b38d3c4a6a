// Printing a date, time or zoned timestamp with compiled pattern tokens, as
// DateTimeFormatter.format does (padding, signs, offsets, zone names, optional sections).

import { EvaluationError } from '../values/errors.js';
import { civilFromDays, daysFromCivil } from '../values/time-values.js';
import { FIELD_NAMES, type NumField, type Token, texts } from './pattern-tokens.js';
import type { Zone } from './zones.js';

export interface TemporalValue {
  readonly days?: number;
  readonly msOfDay?: number;
  readonly zone?: Zone;
  readonly offsetMs?: number;
  readonly epochMs?: number;
}

export class Unavailable extends Error {}

/** The civil date of the last days value printed: a pattern prints year, month and day of one date. */
let civilDays = NaN;
let civil: [number, number, number] = [1970, 1, 1];

function needDate(v: TemporalValue, field: NumField): [number, number, number] {
  if (v.days === undefined) throw new Unavailable(FIELD_NAMES[field]);
  if (v.days !== civilDays) {
    civil = civilFromDays(v.days);
    civilDays = v.days;
  }
  return civil;
}

function needTime(v: TemporalValue, field: NumField): number {
  if (v.msOfDay === undefined) throw new Unavailable(FIELD_NAMES[field]);
  return v.msOfDay;
}

function fieldValue(v: TemporalValue, field: NumField): number {
  switch (field) {
    case 'era':
      return needDate(v, field)[0] > 0 ? 1 : 0;
    case 'yearOfEra': {
      const y = needDate(v, field)[0];
      return y > 0 ? y : 1 - y;
    }
    case 'year':
      return needDate(v, field)[0];
    case 'month':
      return needDate(v, field)[1];
    case 'day':
      return needDate(v, field)[2];
    case 'quarter':
      return Math.floor((needDate(v, field)[1] - 1) / 3) + 1;
    case 'dayOfYear': {
      const [y] = needDate(v, field);
      return v.days! - daysFromCivil(y, 1, 1) + 1;
    }
    case 'dayOfWeek':
      needDate(v, field);
      // 1970-01-01 was a Thursday (4).
      return ((((v.days! + 3) % 7) + 7) % 7) + 1;
    case 'ampm':
      return Math.floor(needTime(v, field) / 3_600_000) < 12 ? 0 : 1;
    case 'hourOfAmpm':
      return Math.floor(needTime(v, field) / 3_600_000) % 12;
    case 'clockHourOfAmpm':
      return Math.floor(needTime(v, field) / 3_600_000) % 12 || 12;
    case 'hour':
      return Math.floor(needTime(v, field) / 3_600_000);
    case 'clockHour':
      return Math.floor(needTime(v, field) / 3_600_000) || 24;
    case 'minute':
      return Math.floor(needTime(v, field) / 60_000) % 60;
    case 'second':
      return Math.floor(needTime(v, field) / 1000) % 60;
    case 'nano':
      return (needTime(v, field) % 1000) * 1_000_000;
    case 'milliOfDay':
      return needTime(v, field);
    case 'nanoOfDay':
      return needTime(v, field) * 1_000_000;
  }
}

function needZone(v: TemporalValue, what: string): { zone: Zone; offsetMs: number; epochMs: number } {
  if (v.zone === undefined || v.offsetMs === undefined || v.epochMs === undefined) throw new Unavailable(what);
  return { zone: v.zone, offsetMs: v.offsetMs, epochMs: v.epochMs };
}

function printOffset(ms: number, pattern: string, noOffset: string): string {
  if (ms === 0) return noOffset;
  const total = Math.abs(Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor(total / 60) % 60;
  const s = total % 60;
  const colon = pattern.includes(':');
  const two = (n: number): string => String(n).padStart(2, '0');
  let out = (ms < 0 ? '-' : '+') + two(h);
  const body = pattern.slice(3).replace(/:/g, '');
  const minPart = body.slice(0, 2);
  const secPart = body.slice(2);
  const printSec = secPart === 'SS' || (secPart === 'ss' && s !== 0);
  const printMin = printSec || minPart === 'MM' || (minPart === 'mm' && m !== 0);
  if (printMin) out += (colon ? ':' : '') + two(m);
  if (printSec) out += (colon ? ':' : '') + two(s);
  return out;
}

function printLocalizedOffset(ms: number, full: boolean): string {
  if (ms === 0) return 'GMT';
  const total = Math.abs(Math.round(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor(total / 60) % 60;
  const sign = ms < 0 ? '-' : '+';
  if (full) return `GMT${sign}${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
  return `GMT${sign}${h}${m === 0 ? '' : `:${String(m).padStart(2, '0')}`}`;
}

/** The fraction of a second, `width` digits (truncated, zero-padded), as DateTimeFormatter's S..S. */
function printFraction(nano: number, width: number): string {
  // Whole milliseconds (every SQL TIME and TIMESTAMP) at the usual width: no nine-digit detour.
  if (width === 3 && nano % 1_000_000 === 0) {
    const ms = nano / 1_000_000;
    return ms < 10 ? '00' + ms : ms < 100 ? '0' + ms : '' + ms;
  }
  return String(nano).padStart(9, '0').slice(0, Math.min(width, 9)).padEnd(width, '0');
}

/** Prints the tokens for one value; throws Unavailable for a field the value does not have. */
export function printTokens(tokens: readonly Token[], v: TemporalValue): string {
  let out = '';
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    switch (tok.t) {
      case 'lit':
        out += tok.text;
        break;
      case 'num': {
        const n = fieldValue(v, tok.field);
        const digits = String(Math.abs(n));
        if (tok.sign === 'notNegative' && n < 0) {
          throw new EvaluationError(`Field ${FIELD_NAMES[tok.field]} cannot be printed as the value ${n} cannot be negative`);
        }
        if (digits.length > tok.max) {
          throw new EvaluationError(`Field ${FIELD_NAMES[tok.field]} cannot be printed as the value ${n} exceeds the maximum print width of ${tok.max}`);
        }
        const padded = digits.length >= tok.min ? digits : digits.padStart(tok.min, '0');
        const sign = n < 0 ? '-' : tok.sign === 'exceeds' && tok.min < 19 && digits.length > tok.min ? '+' : '';
        out += sign + padded;
        break;
      }
      case 'reduced': {
        const n = fieldValue(v, tok.field);
        out += String(Math.abs(n % 100)).padStart(2, '0');
        break;
      }
      case 'frac':
        out += printFraction(fieldValue(v, 'nano'), tok.width);
        break;
      case 'text': {
        const names = texts(tok.field, tok.style);
        const n = fieldValue(v, tok.field);
        const idx = tok.field === 'month' || tok.field === 'dayOfWeek' || tok.field === 'quarter' ? n - 1 : n;
        out += names[idx]!;
        break;
      }
      case 'offset':
        out += printOffset(needZone(v, 'OffsetSeconds').offsetMs, tok.pattern, tok.noOffset);
        break;
      case 'locOffset':
        out += printLocalizedOffset(needZone(v, 'OffsetSeconds').offsetMs, tok.full);
        break;
      case 'zoneText': {
        const z = needZone(v, 'ZoneId');
        out += tok.full ? z.zone.longName(z.epochMs) : z.zone.shortName(z.epochMs);
        break;
      }
      case 'zoneId':
        out += needZone(v, 'ZoneId').zone.id;
        break;
      case 'opt':
        // An optional section prints whole or not at all.
        try {
          out += printTokens(tok.tokens, v);
        } catch (e) {
          if (!(e instanceof Unavailable)) throw e;
        }
        break;
    }
  }
  return out;
}
