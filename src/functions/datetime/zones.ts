// Time zones as java.time.ZoneId understands them: fixed offsets (+02:00, UTC+1, Z) and IANA
// region ids, with offsets and short/long names computed through Intl (full ICU in Node 20).

import { EvaluationError } from '../values/errors.js';

export interface Zone {
  readonly id: string;
  /** Offset from UTC in milliseconds at the instant `epochMs`. */
  offsetAt(epochMs: number): number;
  /** Java's short zone text (pattern `z`): PDT, BST, CET, JST, or +02:00 for a fixed offset. */
  shortName(epochMs: number): string;
  /** Java's long zone text (pattern `zzzz`): Pacific Daylight Time. */
  longName(epochMs: number): string;
}

function formatOffset(ms: number, colon = true): string {
  if (ms === 0) return 'Z';
  const sign = ms < 0 ? '-' : '+';
  const total = Math.abs(ms) / 1000;
  const h = Math.floor(total / 3600);
  const m = Math.floor(total / 60) % 60;
  const s = Math.floor(total) % 60;
  const hh = String(h).padStart(2, '0');
  const mm = String(m).padStart(2, '0');
  const base = colon ? `${sign}${hh}:${mm}` : `${sign}${hh}${mm}`;
  return s === 0 ? base : `${base}${colon ? ':' : ''}${String(s).padStart(2, '0')}`;
}

class FixedZone implements Zone {
  constructor(
    readonly id: string,
    private readonly offset: number,
  ) {}
  offsetAt(): number {
    return this.offset;
  }
  shortName(): string {
    return this.id === 'Z' ? 'Z' : this.id;
  }
  longName(): string {
    return this.shortName();
  }
}

interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

class RegionZone implements Zone {
  private readonly numeric: Intl.DateTimeFormat;
  private shortUs: Intl.DateTimeFormat | undefined;
  private shortGb: Intl.DateTimeFormat | undefined;
  private long: Intl.DateTimeFormat | undefined;
  private lastMs = NaN;
  private lastOffset = 0;

  constructor(readonly id: string) {
    this.numeric = new Intl.DateTimeFormat('en-US', {
      timeZone: id,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
  }

  private parts(epochMs: number): Parts {
    const out: Parts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
    let bc = false;
    for (const p of this.numeric.formatToParts(new Date(epochMs))) {
      switch (p.type) {
        case 'year':
          out.year = Number(p.value);
          break;
        case 'month':
          out.month = Number(p.value);
          break;
        case 'day':
          out.day = Number(p.value);
          break;
        case 'hour':
          out.hour = Number(p.value);
          break;
        case 'minute':
          out.minute = Number(p.value);
          break;
        case 'second':
          out.second = Number(p.value);
          break;
        case 'era':
          bc = p.value.startsWith('B');
          break;
        default:
          break;
      }
    }
    if (bc) out.year = 1 - out.year;
    return out;
  }

  offsetAt(epochMs: number): number {
    const whole = Math.floor(epochMs / 1000) * 1000;
    // The offset is computed for the whole second: consecutive records in one second share it.
    if (whole === this.lastMs) return this.lastOffset;
    const p = this.parts(whole);
    const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    // Date.UTC maps years 0-99 to 1900-1999.
    const fixed = p.year >= 0 && p.year < 100 ? new Date(asUtc).setUTCFullYear(p.year) : asUtc;
    this.lastMs = whole;
    this.lastOffset = fixed - whole;
    return this.lastOffset;
  }

  shortName(epochMs: number): string {
    this.shortUs ??= new Intl.DateTimeFormat('en-US', { timeZone: this.id, timeZoneName: 'short' });
    const us = zoneNamePart(this.shortUs, epochMs);
    if (!/^GMT[+-]/.test(us)) return us;
    this.shortGb ??= new Intl.DateTimeFormat('en-GB', { timeZone: this.id, timeZoneName: 'short' });
    const gb = zoneNamePart(this.shortGb, epochMs);
    if (!/^GMT[+-]/.test(gb)) return gb;
    // Java prints abbreviations (JST, IST, AEST) where ICU prints GMT+9: use the long name's initials.
    const initials = this.longName(epochMs)
      .split(/\s+/)
      .map((w) => w[0] ?? '')
      .join('')
      .toUpperCase();
    return /^[A-Z]{2,5}$/.test(initials) ? initials : formatOffset(this.offsetAt(epochMs));
  }

  longName(epochMs: number): string {
    this.long ??= new Intl.DateTimeFormat('en-US', { timeZone: this.id, timeZoneName: 'long' });
    return zoneNamePart(this.long, epochMs);
  }
}

function zoneNamePart(f: Intl.DateTimeFormat, epochMs: number): string {
  return f.formatToParts(new Date(epochMs)).find((p) => p.type === 'timeZoneName')?.value ?? '';
}

const OFFSET_RE = /^([+-])(\d{1,2})(?::?(\d{2})(?::?(\d{2}))?)?$/;

function parseOffsetId(text: string): number | undefined {
  const m = OFFSET_RE.exec(text);
  if (!m) return undefined;
  if (m[2]!.length === 1 && m[3] !== undefined) return undefined;
  const h = Number(m[2]);
  const mi = m[3] === undefined ? 0 : Number(m[3]);
  const s = m[4] === undefined ? 0 : Number(m[4]);
  if (h > 18 || mi > 59 || s > 59) return undefined;
  return (m[1] === '-' ? -1 : 1) * ((h * 60 + mi) * 60 + s) * 1000;
}

const cache = new Map<string, Zone>();

function createZone(id: string): Zone {
  if (id === 'Z') return new FixedZone('Z', 0);
  const offset = parseOffsetId(id);
  if (offset !== undefined) return new FixedZone(offset === 0 ? 'Z' : formatOffset(offset), offset);
  const prefixed = /^(UTC|GMT|UT)([+-].*)?$/.exec(id);
  if (prefixed) {
    if (prefixed[2] === undefined) return new FixedZone(id, 0);
    const o = parseOffsetId(prefixed[2]);
    if (o === undefined) throw new EvaluationError(`Invalid ID for offset-based ZoneId: ${id}`);
    return new FixedZone(`${prefixed[1]}${o === 0 ? '' : formatOffset(o)}`, o);
  }
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(id)) throw new EvaluationError(`Unknown time-zone ID: ${id}`);
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: id });
  } catch {
    throw new EvaluationError(`Unknown time-zone ID: ${id}`);
  }
  return new RegionZone(id);
}

/** The last zone asked for: a literal zone repeats for every record, so no map lookup then. */
let lastId: string | undefined;
let lastZone: Zone | undefined;

/** java.time.ZoneId.of. Throws EvaluationError for an unknown id. */
export function zoneOf(id: string): Zone {
  if (id === lastId && lastZone !== undefined) return lastZone;
  let z = cache.get(id);
  if (z === undefined) {
    z = createZone(id);
    if (cache.size > 1000) cache.clear();
    cache.set(id, z);
  }
  lastId = id;
  lastZone = z;
  return z;
}

export const UTC: Zone = new FixedZone('UTC', 0);

/**
 * The instant of a local date-time in a zone, like ZonedDateTime.ofLocal: in an overlap the
 * earlier offset wins; in a gap the local time moves forward by the length of the gap.
 */
export function localToEpoch(localMs: number, zone: Zone): number {
  const before = zone.offsetAt(localMs - 86_400_000);
  const after = zone.offsetAt(localMs + 86_400_000);
  if (zone.offsetAt(localMs - before) === before) return localMs - before;
  if (zone.offsetAt(localMs - after) === after) return localMs - after;
  return localMs - before;
}

/** Zone abbreviations Java's `z` pattern accepts when parsing, mapped to their region. */
const ABBREVIATIONS: Record<string, string> = {
  UTC: 'UTC',
  GMT: 'GMT',
  UT: 'UT',
  Z: 'Z',
  PST: 'America/Los_Angeles',
  PDT: 'America/Los_Angeles',
  PT: 'America/Los_Angeles',
  MST: 'America/Denver',
  MDT: 'America/Denver',
  MT: 'America/Denver',
  CST: 'America/Chicago',
  CDT: 'America/Chicago',
  CT: 'America/Chicago',
  EST: 'America/New_York',
  EDT: 'America/New_York',
  ET: 'America/New_York',
  AKST: 'America/Anchorage',
  AKDT: 'America/Anchorage',
  HST: 'Pacific/Honolulu',
  BST: 'Europe/London',
  WET: 'Europe/Lisbon',
  WEST: 'Europe/Lisbon',
  CET: 'Europe/Paris',
  CEST: 'Europe/Paris',
  EET: 'Europe/Athens',
  EEST: 'Europe/Athens',
  MSK: 'Europe/Moscow',
  IST: 'Asia/Kolkata',
  JST: 'Asia/Tokyo',
  KST: 'Asia/Seoul',
  HKT: 'Asia/Hong_Kong',
  SGT: 'Asia/Singapore',
  AEST: 'Australia/Sydney',
  AEDT: 'Australia/Sydney',
  ACST: 'Australia/Adelaide',
  ACDT: 'Australia/Adelaide',
  AWST: 'Australia/Perth',
  NZST: 'Pacific/Auckland',
  NZDT: 'Pacific/Auckland',
};

/** Reads zone text (abbreviation or region id) at the start of `text`: [zone, length]. */
export function parseZoneText(text: string): [Zone, number] | undefined {
  const region = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)+/.exec(text);
  if (region) {
    try {
      return [zoneOf(region[0]), region[0].length];
    } catch {
      // fall through to abbreviations
    }
  }
  const word = /^[A-Za-z]+/.exec(text);
  if (!word) return undefined;
  for (let len = word[0].length; len >= 1; len--) {
    const id = ABBREVIATIONS[word[0].slice(0, len).toUpperCase()];
    if (id !== undefined) return [zoneOf(id), len];
  }
  return undefined;
}

export { formatOffset };
