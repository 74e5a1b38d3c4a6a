// Java DateTimeFormatter patterns (yyyy-MM-dd'T'HH:mm:ss.SSSX, dd-MMM-yyyy, hh:mm a zzz, ...)
// compiled once into printers and parsers, with ksqlDB's parsing rules: case-insensitive text,
// adjacent value parsing (yyyyMMdd), missing fields defaulting to 1970-01-01T00:00.

import { EvaluationError } from '../values/errors.js';
import { civilFromDays, daysFromCivil, daysInMonth, MS_PER_DAY } from '../values/time-values.js';
import { formatOffset, localToEpoch, parseZoneText, UTC, type Zone, zoneOf } from './zones.js';

type NumField =
  | 'era'
  | 'yearOfEra'
  | 'year'
  | 'month'
  | 'day'
  | 'dayOfYear'
  | 'dayOfWeek'
  | 'quarter'
  | 'ampm'
  | 'hourOfAmpm'
  | 'clockHourOfAmpm'
  | 'hour'
  | 'clockHour'
  | 'minute'
  | 'second'
  | 'nano'
  | 'milliOfDay'
  | 'nanoOfDay';

type Sign = 'normal' | 'exceeds' | 'notNegative';
type TextField = 'month' | 'dayOfWeek' | 'ampm' | 'era' | 'quarter';
type Style = 'short' | 'full' | 'narrow';

type Token =
  | { readonly t: 'lit'; readonly text: string }
  | { readonly t: 'num'; readonly field: NumField; readonly min: number; readonly max: number; readonly sign: Sign }
  | { readonly t: 'reduced'; readonly field: 'yearOfEra' | 'year' }
  | { readonly t: 'frac'; readonly width: number }
  | { readonly t: 'text'; readonly field: TextField; readonly style: Style }
  | { readonly t: 'offset'; readonly pattern: string; readonly noOffset: string }
  | { readonly t: 'locOffset'; readonly full: boolean }
  | { readonly t: 'zoneText'; readonly full: boolean }
  | { readonly t: 'zoneId' }
  | { readonly t: 'opt'; readonly tokens: readonly Token[] };

const FIELD_NAMES: Record<NumField, string> = {
  era: 'Era',
  yearOfEra: 'YearOfEra',
  year: 'Year',
  month: 'MonthOfYear',
  day: 'DayOfMonth',
  dayOfYear: 'DayOfYear',
  dayOfWeek: 'DayOfWeek',
  quarter: 'QuarterOfYear',
  ampm: 'AmPmOfDay',
  hourOfAmpm: 'HourOfAmPm',
  clockHourOfAmpm: 'ClockHourOfAmPm',
  hour: 'HourOfDay',
  clockHour: 'ClockHourOfDay',
  minute: 'MinuteOfHour',
  second: 'SecondOfMinute',
  nano: 'NanoOfSecond',
  milliOfDay: 'MilliOfDay',
  nanoOfDay: 'NanoOfDay',
};

// ---------------------------------------------------------------------------------------------
// Compiling a pattern (DateTimeFormatterBuilder.appendPattern)

const OFFSET_PATTERNS = ['+HH', '+HHmm', '+HH:mm', '+HHMM', '+HH:MM', '+HHMMss', '+HH:MM:ss', '+HHMMSS', '+HH:MM:SS'];

function patternError(message: string): EvaluationError {
  return new EvaluationError(message);
}

function fieldToken(letter: string, count: number): Token {
  const tooMany = (): never => {
    throw patternError(`Too many pattern letters: ${letter}`);
  };
  const simple = (field: NumField): Token => {
    if (count === 1) return { t: 'num', field, min: 1, max: 19, sign: 'normal' };
    if (count === 2) return { t: 'num', field, min: 2, max: 2, sign: 'notNegative' };
    return tooMany();
  };
  const text = (field: TextField): Token =>
    count <= 3 ? { t: 'text', field, style: 'short' } : count === 4 ? { t: 'text', field, style: 'full' } : count === 5 ? { t: 'text', field, style: 'narrow' } : tooMany();
  switch (letter) {
    case 'G':
      return text('era');
    case 'y':
    case 'u': {
      const field = letter === 'y' ? 'yearOfEra' : 'year';
      if (count === 2) return { t: 'reduced', field };
      if (count < 4) return { t: 'num', field, min: count, max: 19, sign: 'normal' };
      return { t: 'num', field, min: count, max: 19, sign: 'exceeds' };
    }
    case 'M':
    case 'L':
      if (count === 1) return { t: 'num', field: 'month', min: 1, max: 19, sign: 'normal' };
      if (count === 2) return { t: 'num', field: 'month', min: 2, max: 2, sign: 'notNegative' };
      return text('month');
    case 'Q':
    case 'q':
      if (count === 1) return { t: 'num', field: 'quarter', min: 1, max: 19, sign: 'normal' };
      if (count === 2) return { t: 'num', field: 'quarter', min: 2, max: 2, sign: 'notNegative' };
      return text('quarter');
    case 'd':
      return simple('day');
    case 'D':
      if (count === 1) return { t: 'num', field: 'dayOfYear', min: 1, max: 19, sign: 'normal' };
      if (count === 2) return { t: 'num', field: 'dayOfYear', min: 2, max: 3, sign: 'notNegative' };
      if (count === 3) return { t: 'num', field: 'dayOfYear', min: 3, max: 3, sign: 'notNegative' };
      return tooMany();
    case 'E':
      return text('dayOfWeek');
    case 'a':
      return count === 1 ? { t: 'text', field: 'ampm', style: 'short' } : tooMany();
    case 'h':
      return simple('clockHourOfAmpm');
    case 'K':
      return simple('hourOfAmpm');
    case 'k':
      return simple('clockHour');
    case 'H':
      return simple('hour');
    case 'm':
      return simple('minute');
    case 's':
      return simple('second');
    case 'S':
      return { t: 'frac', width: count };
    case 'n':
      return count === 1 ? { t: 'num', field: 'nano', min: 1, max: 19, sign: 'normal' } : { t: 'num', field: 'nano', min: count, max: 19, sign: 'notNegative' };
    case 'N':
      return count === 1 ? { t: 'num', field: 'nanoOfDay', min: 1, max: 19, sign: 'normal' } : { t: 'num', field: 'nanoOfDay', min: count, max: 19, sign: 'notNegative' };
    case 'A':
      return count === 1 ? { t: 'num', field: 'milliOfDay', min: 1, max: 19, sign: 'normal' } : { t: 'num', field: 'milliOfDay', min: count, max: 19, sign: 'notNegative' };
    case 'V':
      if (count !== 2) throw patternError('Pattern letter count must be 2: V');
      return { t: 'zoneId' };
    case 'z':
      return count <= 3 ? { t: 'zoneText', full: false } : count === 4 ? { t: 'zoneText', full: true } : tooMany();
    case 'O':
      if (count === 1) return { t: 'locOffset', full: false };
      if (count === 4) return { t: 'locOffset', full: true };
      throw patternError('Pattern letter count must be 1 or 4: O');
    case 'X':
      if (count > 5) return tooMany();
      return { t: 'offset', pattern: OFFSET_PATTERNS[count + (count === 1 ? 0 : 1)]!, noOffset: 'Z' };
    case 'x': {
      if (count > 5) return tooMany();
      const zero = count === 1 ? '+00' : count % 2 === 0 ? '+0000' : '+00:00';
      return { t: 'offset', pattern: OFFSET_PATTERNS[count + (count === 1 ? 0 : 1)]!, noOffset: zero };
    }
    case 'Z':
      if (count < 4) return { t: 'offset', pattern: '+HHMM', noOffset: '+0000' };
      if (count === 4) return { t: 'locOffset', full: true };
      if (count === 5) return { t: 'offset', pattern: '+HH:MM:ss', noOffset: 'Z' };
      return tooMany();
    case 'Y':
    case 'w':
    case 'W':
    case 'e':
    case 'c':
    case 'F':
    case 'g':
    case 'B':
      throw patternError(`Pattern letter '${letter}' (week-based and localized fields) is not supported`);
    default:
      throw patternError(`Unknown pattern letter: ${letter}`);
  }
}

function compileTokens(pattern: string): Token[] {
  const stack: Token[][] = [[]];
  const push = (tok: Token): void => {
    const top = stack[stack.length - 1]!;
    const last = top[top.length - 1];
    if (tok.t === 'lit' && last?.t === 'lit') top[top.length - 1] = { t: 'lit', text: last.text + tok.text };
    else top.push(tok);
  };
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
      let j = i + 1;
      while (j < pattern.length && pattern[j] === c) j++;
      const count = j - i;
      if (c === 'p') throw patternError("Pad letter 'p' is not supported");
      push(fieldToken(c, count));
      i = j;
    } else if (c === "'") {
      let j = i + 1;
      let text = '';
      for (;;) {
        if (j >= pattern.length) throw patternError(`Pattern ends with an incomplete string literal: ${pattern}`);
        if (pattern[j] === "'") {
          if (pattern[j + 1] === "'") {
            text += "'";
            j += 2;
            continue;
          }
          break;
        }
        text += pattern[j];
        j++;
      }
      push({ t: 'lit', text: j === i + 1 ? "'" : text });
      i = j + 1;
    } else if (c === '[') {
      stack.push([]);
      i++;
    } else if (c === ']') {
      if (stack.length === 1) throw patternError(`Pattern invalid as it contains ] without previous [`);
      const tokens = stack.pop()!;
      push({ t: 'opt', tokens });
      i++;
    } else if (c === '{' || c === '}' || c === '#') {
      throw patternError(`Pattern includes reserved character: '${c}'`);
    } else {
      push({ t: 'lit', text: c });
      i++;
    }
  }
  while (stack.length > 1) {
    const tokens = stack.pop()!;
    push({ t: 'opt', tokens });
  }
  return stack[0]!;
}

// ---------------------------------------------------------------------------------------------
// Printing

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const QUARTERS_FULL = ['1st quarter', '2nd quarter', '3rd quarter', '4th quarter'];

function texts(field: TextField, style: Style): string[] {
  switch (field) {
    case 'month':
      return MONTHS.map((m) => (style === 'full' ? m : style === 'short' ? m.slice(0, 3) : m[0]!));
    case 'dayOfWeek':
      return DAYS.map((d) => (style === 'full' ? d : style === 'short' ? d.slice(0, 3) : d[0]!));
    case 'ampm':
      return ['AM', 'PM'];
    case 'era':
      return style === 'full' ? ['Before Christ', 'Anno Domini'] : style === 'short' ? ['BC', 'AD'] : ['B', 'A'];
    case 'quarter':
      return style === 'full' ? QUARTERS_FULL : style === 'short' ? ['Q1', 'Q2', 'Q3', 'Q4'] : ['1', '2', '3', '4'];
  }
}

/** A value to print: a date (DATE), a time (TIME) or both with a zone (TIMESTAMP). */
export interface TemporalValue {
  readonly days?: number;
  readonly msOfDay?: number;
  readonly zone?: Zone;
  readonly offsetMs?: number;
  readonly epochMs?: number;
}

class Unavailable extends Error {}

function fieldValue(v: TemporalValue, field: NumField): number {
  const needDate = (): [number, number, number] => {
    if (v.days === undefined) throw new Unavailable(FIELD_NAMES[field]);
    return civilFromDays(v.days);
  };
  const needTime = (): number => {
    if (v.msOfDay === undefined) throw new Unavailable(FIELD_NAMES[field]);
    return v.msOfDay;
  };
  switch (field) {
    case 'era':
      return needDate()[0] > 0 ? 1 : 0;
    case 'yearOfEra': {
      const y = needDate()[0];
      return y > 0 ? y : 1 - y;
    }
    case 'year':
      return needDate()[0];
    case 'month':
      return needDate()[1];
    case 'day':
      return needDate()[2];
    case 'quarter':
      return Math.floor((needDate()[1] - 1) / 3) + 1;
    case 'dayOfYear': {
      const [y] = needDate();
      return v.days! - daysFromCivil(y, 1, 1) + 1;
    }
    case 'dayOfWeek':
      needDate();
      // 1970-01-01 was a Thursday (4).
      return ((((v.days! + 3) % 7) + 7) % 7) + 1;
    case 'ampm':
      return Math.floor(needTime() / 3_600_000) < 12 ? 0 : 1;
    case 'hourOfAmpm':
      return Math.floor(needTime() / 3_600_000) % 12;
    case 'clockHourOfAmpm':
      return Math.floor(needTime() / 3_600_000) % 12 || 12;
    case 'hour':
      return Math.floor(needTime() / 3_600_000);
    case 'clockHour':
      return Math.floor(needTime() / 3_600_000) || 24;
    case 'minute':
      return Math.floor(needTime() / 60_000) % 60;
    case 'second':
      return Math.floor(needTime() / 1000) % 60;
    case 'nano':
      return (needTime() % 1000) * 1_000_000;
    case 'milliOfDay':
      return needTime();
    case 'nanoOfDay':
      return needTime() * 1_000_000;
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

function printTokens(tokens: readonly Token[], v: TemporalValue, out: string[]): void {
  for (const tok of tokens) {
    switch (tok.t) {
      case 'lit':
        out.push(tok.text);
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
        const padded = digits.padStart(tok.min, '0');
        const sign = n < 0 ? '-' : tok.sign === 'exceeds' && tok.min < 19 && digits.length > tok.min ? '+' : '';
        out.push(sign + padded);
        break;
      }
      case 'reduced': {
        const n = fieldValue(v, tok.field);
        out.push(String(Math.abs(n % 100)).padStart(2, '0'));
        break;
      }
      case 'frac': {
        const nano = fieldValue(v, 'nano');
        out.push(String(nano).padStart(9, '0').slice(0, Math.min(tok.width, 9)).padEnd(tok.width, '0'));
        break;
      }
      case 'text': {
        const names = texts(tok.field, tok.style);
        const n = fieldValue(v, tok.field);
        const idx = tok.field === 'month' || tok.field === 'dayOfWeek' || tok.field === 'quarter' ? n - 1 : n;
        out.push(names[idx]!);
        break;
      }
      case 'offset':
        out.push(printOffset(needZone(v, 'OffsetSeconds').offsetMs, tok.pattern, tok.noOffset));
        break;
      case 'locOffset':
        out.push(printLocalizedOffset(needZone(v, 'OffsetSeconds').offsetMs, tok.full));
        break;
      case 'zoneText': {
        const z = needZone(v, 'ZoneId');
        out.push(tok.full ? z.zone.longName(z.epochMs) : z.zone.shortName(z.epochMs));
        break;
      }
      case 'zoneId':
        out.push(needZone(v, 'ZoneId').zone.id);
        break;
      case 'opt': {
        const inner: string[] = [];
        try {
          printTokens(tok.tokens, v, inner);
          out.push(...inner);
        } catch (e) {
          if (!(e instanceof Unavailable)) throw e;
        }
        break;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Parsing

interface ParseState {
  readonly fields: Map<NumField, number>;
  offsetMs: number | undefined;
  zone: Zone | undefined;
}

class ParseFailure extends Error {
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

function parseTokens(tokens: readonly Token[], text: string, pos: number, st: ParseState): number {
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

export class DateTimePattern {
  private readonly tokens: readonly Token[];

  constructor(readonly pattern: string) {
    this.tokens = compileTokens(pattern);
  }

  format(v: TemporalValue): string {
    const out: string[] = [];
    try {
      printTokens(this.tokens, v, out);
    } catch (e) {
      if (e instanceof Unavailable) throw new EvaluationError(`Unsupported field: ${e.message}`);
      throw e;
    }
    return out.join('');
  }

  /** Parses `text`; with `allowTrailing`, text after the pattern is ignored (ksqlDB's PARSE_DATE). */
  parse(text: string, allowTrailing = false): ParsedTemporal {
    const st: ParseState = { fields: new Map(), offsetMs: undefined, zone: undefined };
    let end: number;
    try {
      end = parseTokens(this.tokens, text, 0, st);
    } catch (e) {
      if (e instanceof ParseFailure) throw new EvaluationError(`Text '${text}' could not be parsed at index ${e.index}`);
      throw e;
    }
    if (end !== text.length && !allowTrailing) throw new EvaluationError(`Text '${text}' could not be parsed, unparsed text found at index ${end}`);
    return new ParsedTemporal(text, st);
  }
}

const patterns = new Map<string, DateTimePattern>();

/** A compiled pattern, cached: patterns are usually literals repeated for every record. */
export function datePattern(pattern: string): DateTimePattern {
  let p = patterns.get(pattern);
  if (p === undefined) {
    p = new DateTimePattern(pattern);
    if (patterns.size > 500) patterns.clear();
    patterns.set(pattern, p);
  }
  return p;
}

export function formatDateWith(days: number, pattern: string): string {
  return datePattern(pattern).format({ days });
}

export function formatTimeWith(msOfDay: number, pattern: string): string {
  return datePattern(pattern).format({ msOfDay });
}

export function formatTimestampWith(epochMs: number, pattern: string, zone: Zone = UTC): string {
  const offsetMs = zone.offsetAt(epochMs);
  const local = epochMs + offsetMs;
  const days = Math.floor(local / MS_PER_DAY);
  return datePattern(pattern).format({ days, msOfDay: local - days * MS_PER_DAY, zone, offsetMs, epochMs });
}

/** Like ksqlDB's PARSE_DATE, text after the pattern is ignored ('2003-12-24-01-01' with yyyy-MM-dd). */
export function parseDateWith(text: string, pattern: string): number {
  return datePattern(pattern).parse(text, true).days();
}

export function parseTimeWith(text: string, pattern: string): number {
  return datePattern(pattern).parse(text).msOfDay();
}

export function parseTimestampWith(text: string, pattern: string, zone: Zone = UTC): number {
  return datePattern(pattern).parse(text).epochMs(zone);
}

export { formatOffset };
