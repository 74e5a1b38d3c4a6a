// Java DateTimeFormatter patterns (yyyy-MM-dd'T'HH:mm:ss.SSSX, dd-MMM-yyyy, hh:mm a zzz, ...)
// compiled once into printers and parsers, with ksqlDB's parsing rules: case-insensitive text,
// adjacent value parsing (yyyyMMdd), missing fields defaulting to 1970-01-01T00:00.

import { EvaluationError } from '../values/errors.js';
import { MS_PER_DAY } from '../values/time-values.js';
import { ParsedTemporal, type ParseState, ParseFailure, parseTokens } from './pattern-parse.js';
import { printTokens, type TemporalValue, Unavailable } from './pattern-print.js';
import { compileTokens, type Token } from './pattern-tokens.js';
import { formatOffset, UTC, type Zone } from './zones.js';

export type { TemporalValue } from './pattern-print.js';
export { ParsedTemporal } from './pattern-parse.js';

/** Fields that depend on the date alone. */
const DATE_FIELDS: ReadonlySet<string> = new Set(['era', 'yearOfEra', 'year', 'month', 'day', 'quarter', 'dayOfYear', 'dayOfWeek']);
/** Fields of the time of day that stay the same for a whole second. */
const SECOND_FIELDS: ReadonlySet<string> = new Set(['ampm', 'hourOfAmpm', 'clockHourOfAmpm', 'hour', 'clockHour', 'minute', 'second']);

/** What a token prints from: the date, the second of the day, or something finer (or a zone). */
function stability(tok: Token): 'lit' | 'date' | 'second' | undefined {
  if (tok.t === 'lit') return 'lit';
  if (tok.t !== 'num' && tok.t !== 'reduced' && tok.t !== 'text') return undefined;
  if (DATE_FIELDS.has(tok.field)) return 'date';
  return SECOND_FIELDS.has(tok.field) ? 'second' : undefined;
}

export class DateTimePattern {
  private readonly tokens: readonly Token[];
  /**
   * The leading tokens that print the same for a whole second (yyyy-MM-dd HH:mm:ss of
   * yyyy-MM-dd HH:mm:ss.SSS) and the rest: consecutive records mostly share their second, so the
   * prefix is printed once per second and only the rest per value.
   */
  private readonly prefixTokens: readonly Token[];
  private readonly restTokens: readonly Token[];
  private readonly prefixNeedsDate: boolean;
  private readonly prefixNeedsTime: boolean;
  /** What prefixTokens printed for (`printedDays`, `printedSecond`). */
  private printedDays = NaN;
  private printedSecond = NaN;
  private printedPrefix = '';
  /**
   * When the rest prints from the millisecond of the second alone (.SSS), what it prints for each
   * millisecond, filled as met; undefined when the rest needs more (an offset, a zone).
   */
  private readonly restByMilli: (string | undefined)[] | undefined;

  constructor(readonly pattern: string) {
    this.tokens = compileTokens(pattern);
    let n = 0;
    let date = false;
    let time = false;
    for (; n < this.tokens.length; n++) {
      const s = stability(this.tokens[n]!);
      if (s === undefined) break;
      if (s === 'date') date = true;
      else if (s === 'second') time = true;
    }
    this.prefixTokens = this.tokens.slice(0, n);
    this.restTokens = this.tokens.slice(n);
    this.prefixNeedsDate = date;
    this.prefixNeedsTime = time;
    const milliOnly = this.restTokens.every((t) => t.t === 'lit' || t.t === 'frac');
    this.restByMilli = milliOnly && time ? new Array<string | undefined>(1000) : undefined;
  }

  format(v: TemporalValue): string {
    try {
      const { days, msOfDay } = v;
      if (this.prefixTokens.length === 0 || (this.prefixNeedsDate && days === undefined) || (this.prefixNeedsTime && msOfDay === undefined)) {
        return printTokens(this.tokens, v);
      }
      const d = this.prefixNeedsDate ? days! : 0;
      const sec = this.prefixNeedsTime ? Math.floor(msOfDay! / 1000) : 0;
      if (d !== this.printedDays || sec !== this.printedSecond) {
        // Printed before the cache keys change: a value that cannot be printed leaves them as they were.
        this.printedPrefix = printTokens(this.prefixTokens, v);
        this.printedDays = d;
        this.printedSecond = sec;
      }
      if (this.restTokens.length === 0) return this.printedPrefix;
      const byMilli = this.restByMilli;
      const milli = msOfDay! - sec * 1000;
      if (byMilli === undefined || !Number.isInteger(milli)) return this.printedPrefix + printTokens(this.restTokens, v);
      let rest = byMilli[milli];
      if (rest === undefined) byMilli[milli] = rest = printTokens(this.restTokens, v);
      return this.printedPrefix + rest;
    } catch (e) {
      if (e instanceof Unavailable) throw new EvaluationError(`Unsupported field: ${e.message}`);
      throw e;
    }
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
/** The last pattern asked for: a literal pattern repeats for every record, so no map lookup then. */
let lastPattern: DateTimePattern | undefined;

/** A compiled pattern, cached: patterns are usually literals repeated for every record. */
export function datePattern(pattern: string): DateTimePattern {
  if (lastPattern !== undefined && lastPattern.pattern === pattern) return lastPattern;
  let p = patterns.get(pattern);
  if (p === undefined) {
    p = new DateTimePattern(pattern);
    if (patterns.size > 500) patterns.clear();
    patterns.set(pattern, p);
  }
  lastPattern = p;
  return p;
}

export function formatDateWith(days: number, pattern: string): string {
  return datePattern(pattern).format({ days });
}

export function formatTimeWith(msOfDay: number, pattern: string): string {
  return datePattern(pattern).format({ msOfDay });
}

/** Reused for every timestamp formatted: format() reads it and keeps nothing (no per-record object). */
const zoned = { days: 0, msOfDay: 0, zone: UTC, offsetMs: 0, epochMs: 0 };

export function formatTimestampWith(epochMs: number, pattern: string, zone: Zone = UTC): string {
  const offsetMs = zone.offsetAt(epochMs);
  const local = epochMs + offsetMs;
  const days = Math.floor(local / MS_PER_DAY);
  zoned.days = days;
  zoned.msOfDay = local - days * MS_PER_DAY;
  zoned.zone = zone;
  zoned.offsetMs = offsetMs;
  zoned.epochMs = epochMs;
  return datePattern(pattern).format(zoned);
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

