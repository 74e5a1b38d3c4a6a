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

/** Fields that depend on the date alone: a leading run of them prints the same for one day. */
const DATE_FIELDS: ReadonlySet<string> = new Set(['era', 'yearOfEra', 'year', 'month', 'day', 'quarter', 'dayOfYear', 'dayOfWeek']);

function dateOnly(tok: Token): boolean {
  return tok.t === 'lit' || ((tok.t === 'num' || tok.t === 'reduced') && DATE_FIELDS.has(tok.field));
}

export class DateTimePattern {
  private readonly tokens: readonly Token[];
  /** The leading date-only tokens (yyyy-MM-dd of yyyy-MM-dd HH:mm) and the rest. */
  private readonly dateTokens: readonly Token[];
  private readonly restTokens: readonly Token[];
  /** What dateTokens printed for the days value `printedDays` (consecutive records share a day). */
  private printedDays = NaN;
  private printedDate = '';

  constructor(readonly pattern: string) {
    this.tokens = compileTokens(pattern);
    let n = 0;
    while (n < this.tokens.length && dateOnly(this.tokens[n]!)) n++;
    this.dateTokens = this.tokens.slice(0, n);
    this.restTokens = this.tokens.slice(n);
  }

  format(v: TemporalValue): string {
    const out: string[] = [];
    try {
      if (this.dateTokens.length === 0 || v.days === undefined) printTokens(this.tokens, v, out);
      else {
        if (v.days !== this.printedDays) {
          const date: string[] = [];
          printTokens(this.dateTokens, v, date);
          this.printedDate = date.join('');
          this.printedDays = v.days;
        }
        out.push(this.printedDate);
        printTokens(this.restTokens, v, out);
      }
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

