// Timestamp texts in pull-query bounds (`WINDOWSTART >= '2020-02-23T23:45'`), read as ksqlDB's
// partial timestamp parser reads them: missing trailing fields take their smallest value, an
// optional zone offset follows, and UTC is assumed without one.

const PATTERN = /^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:T(\d{2})(?::(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?)?)?)?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

/** Epoch milliseconds of `text`, or undefined when it is not such a timestamp. */
export function parseTimestampText(text: string): number | undefined {
  const m = PATTERN.exec(text.trim());
  if (m === null) return undefined;
  const n = (s: string | undefined, d: number): number => (s === undefined ? d : Number(s));
  const ms = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0'));
  // Date.UTC rolls over like Java's lenient fields do (hour 24 is the next day's midnight).
  const local = Date.UTC(n(m[1], 1970), n(m[2], 1) - 1, n(m[3], 1), n(m[4], 0), n(m[5], 0), n(m[6], 0), ms);
  return local - offsetMs(m[8]);
}

function offsetMs(zone: string | undefined): number {
  if (zone === undefined || zone === 'Z') return 0;
  const sign = zone[0] === '-' ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
  return sign * (hours * 60 + minutes) * 60_000;
}
