// Parsing text with compiled pattern tokens, as DateTimeFormatter.parse does with ksqlDB's
// settings (case-insensitive, adjacent value parsing), then resolving the fields SMART-ly.

import { EvaluationError } from '../values/errors.js';
import { daysFromCivil, daysInMonth, MS_PER_DAY } from '../values/time-values.js';
import { FIELD_NAMES, type NumField, type Token, texts } from './pattern-tokens.js';
import { localToEpoch, parseZoneText, UTC, type Zone, zoneOf } from './zones.js';

export interface ParseState {
  readonly fields: Map<NumField, number>;
  offsetMs: number | undefined;
  zone: Zone | undefined;
}

export class ParseFailure extends Error {
  constructor(readonly index: number) {
    super('parse failure');
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function setField(st: ParseState, field: NumField, value: number, index: number): void {
  const cur = st.fields.get(field);
  if (cur !== undefined && cur !== value) throw new ParseFailure(index);
  st.fields.set(field, value);
}

/** Width of the fixed-width numeric fields that directly follow token i (adjacent value parsing). */
function reservedWidth(tokens: readonly Token[], i: number): number {
  let w = 0;
  for (let j = i + 1; j < tokens.length; j++) {
    const t = tokens[j]!;
    if (t.t === 'num' && t.min === t.max) w += t.min;
    else if (t.t === 'reduced') w += 2;
    else if (t.t === 'frac') w += t.width;
    else break;
  }
  return w;
}

export function parseTokens(tokens: readonly Token[], text: string, pos: number, st: ParseState): number {
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]!;
    switch (tok.t) {
      case 'lit': {
        const part = text.slice(pos, pos + tok.text.length);
        if (part.toLowerCase() !== tok.text.toLowerCase()) throw new ParseFailure(pos);
        pos += tok.text.length;
        break;
      }
      case 'num': {
        let p = pos;
        let negative = false;
        if (tok.sign !== 'notNegative' && (text[p] === '-' || text[p] === '+')) {
          negative = text[p] === '-';
          p++;
        }
        let available = 0;
        while (p + available < text.length && isDigit(text.charCodeAt(p + available))) available++;
        let take: number;
        if (tok.min === tok.max) {
          take = tok.min;
        } else {
          take = Math.min(tok.max, available - reservedWidth(tokens, i));
          if (take < tok.min) take = tok.min;
        }
        if (available < take || take <= 0) throw new ParseFailure(pos);
        const n = Number(text.slice(p, p + take));
        setField(st, tok.field, negative ? -n : n, pos);
        pos = p + take;
        break;
      }
      case 'reduced': {
        const digits = text.slice(pos, pos + 2);
        if (!/^\d\d$/.test(digits)) throw new ParseFailure(pos);
        setField(st, tok.field, 2000 + Number(digits), pos);
        pos += 2;
        break;
      }
      case 'frac': {
        const digits = text.slice(pos, pos + tok.width);
        if (digits.length !== tok.width || !/^\d+$/.test(digits)) throw new ParseFailure(pos);
        setField(st, 'nano', Number(digits.padEnd(9, '0').slice(0, 9)), pos);
        pos += tok.width;
        break;
      }
      case 'text': {
        const names = texts(tok.field, tok.style);
        let best = -1;
        let bestLen = 0;
        const rest = text.slice(pos).toLowerCase();
        names.forEach((n, idx) => {
          if (n.length > bestLen && rest.startsWith(n.toLowerCase())) {
            best = idx;
            bestLen = n.length;
          }
        });
        if (best < 0) throw new ParseFailure(pos);
        const value = tok.field === 'month' || tok.field === 'dayOfWeek' || tok.field === 'quarter' ? best + 1 : best;
        setField(st, tok.field, value, pos);
        pos += bestLen;
        break;
      }
      case 'offset': {
        if (tok.noOffset.length > 0 && text.slice(pos, pos + tok.noOffset.length).toLowerCase() === tok.noOffset.toLowerCase()) {
          st.offsetMs = 0;
          pos += tok.noOffset.length;
          break;
        }
        const m = /^([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?/.exec(text.slice(pos));
        if (!m) throw new ParseFailure(pos);
        const ms = ((Number(m[2]) * 60 + Number(m[3] ?? 0)) * 60 + Number(m[4] ?? 0)) * 1000;
        st.offsetMs = m[1] === '-' ? -ms : ms;
        pos += m[0].length;
        break;
      }
      case 'locOffset': {
        const m = /^GMT(?:([+-])(\d{1,2})(?::(\d{2}))?)?/i.exec(text.slice(pos));
        if (!m) throw new ParseFailure(pos);
        const ms = m[1] === undefined ? 0 : (Number(m[2]) * 60 + Number(m[3] ?? 0)) * 60_000;
        st.offsetMs = m[1] === '-' ? -ms : ms;
        pos += m[0].length;
        break;
      }
      case 'zoneText':
      case 'zoneId': {
        const rest = text.slice(pos);
        const off = /^[+-]\d{2}(:?\d{2})?/.exec(rest);
        if (off) {
          st.zone = zoneOf(off[0]);
          pos += off[0].length;
          break;
        }
        const z = parseZoneText(rest);
        if (z === undefined) throw new ParseFailure(pos);
        st.zone = z[0];
        pos += z[1];
        break;
      }
      case 'opt': {
        const saved = new Map(st.fields);
        const savedOffset = st.offsetMs;
        const savedZone = st.zone;
        try {
          pos = parseTokens(tok.tokens, text, pos, st);
        } catch (e) {
          if (!(e instanceof ParseFailure)) throw e;
          st.fields.clear();
          for (const [k, v] of saved) st.fields.set(k, v);
          st.offsetMs = savedOffset;
          st.zone = savedZone;
        }
        break;
      }
    }
  }
  return pos;
}

/** The fields read from a text, resolved on demand into a date, a time or an instant. */
export class ParsedTemporal {
  constructor(
    private readonly text: string,
    private readonly st: ParseState,
  ) {}

  private invalid(message: string): EvaluationError {
    return new EvaluationError(`Text '${this.text}' could not be parsed: ${message}`);
  }

  private range(field: NumField, v: number, min: number, max: number): number {
    if (v < min || v > max) throw this.invalid(`Invalid value for ${FIELD_NAMES[field]} (valid values ${min} - ${max}): ${v}`);
    return v;
  }

  /** Days since the epoch; missing fields default to 1970, January, the 1st. */
  days(): number {
    const f = this.st.fields;
    let year = f.get('year');
    if (year === undefined) {
      const yoe = f.get('yearOfEra');
      if (yoe !== undefined) year = (f.get('era') ?? 1) === 1 ? yoe : 1 - yoe;
    }
    year ??= 1970;
    const doy = f.get('dayOfYear');
    let days: number;
    if (doy !== undefined && !f.has('month') && !f.has('day')) {
      this.range('dayOfYear', doy, 1, daysFromCivil(year + 1, 1, 1) - daysFromCivil(year, 1, 1));
      days = daysFromCivil(year, 1, 1) + doy - 1;
    } else {
      const quarter = f.get('quarter');
      const month = this.range('month', f.get('month') ?? (quarter === undefined ? 1 : (quarter - 1) * 3 + 1), 1, 12);
      // SMART resolution: a day-of-month past the end of a shorter month moves to its last day.
      const day = Math.min(this.range('day', f.get('day') ?? 1, 1, 31), daysInMonth(year, month));
      days = daysFromCivil(year, month, day);
    }
    const dow = f.get('dayOfWeek');
    if (dow !== undefined && ((((days + 3) % 7) + 7) % 7) + 1 !== dow) {
      throw this.invalid(`Conflict found: Field DayOfWeek ${dow} differs from the date`);
    }
    return days;
  }

  /** Milliseconds since midnight; missing fields default to 0. */
  msOfDay(): number {
    const f = this.st.fields;
    const milliOfDay = f.get('milliOfDay') ?? (f.has('nanoOfDay') ? Math.floor(f.get('nanoOfDay')! / 1_000_000) : undefined);
    if (milliOfDay !== undefined) return this.range('milliOfDay', milliOfDay, 0, MS_PER_DAY - 1);
    let hour = f.get('hour');
    if (hour === undefined && f.has('clockHour')) hour = this.range('clockHour', f.get('clockHour')!, 1, 24) % 24;
    if (hour === undefined) {
      const ampm = f.get('ampm') ?? 0;
      if (f.has('clockHourOfAmpm')) hour = ampm * 12 + (this.range('clockHourOfAmpm', f.get('clockHourOfAmpm')!, 1, 12) % 12);
      else if (f.has('hourOfAmpm')) hour = ampm * 12 + this.range('hourOfAmpm', f.get('hourOfAmpm')!, 0, 11);
    }
    const h = this.range('hour', hour ?? 0, 0, 23);
    const m = this.range('minute', f.get('minute') ?? 0, 0, 59);
    const s = this.range('second', f.get('second') ?? 0, 0, 59);
    const nano = f.get('nano') ?? 0;
    return ((h * 60 + m) * 60 + s) * 1000 + Math.floor(nano / 1_000_000);
  }

  /** The instant: the parsed offset or zone wins, otherwise `zone`. */
  epochMs(zone: Zone = UTC): number {
    const local = this.days() * MS_PER_DAY + this.msOfDay();
    if (this.st.offsetMs !== undefined) return local - this.st.offsetMs;
    return localToEpoch(local, this.st.zone ?? zone);
  }
}

