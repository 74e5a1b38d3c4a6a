import { describe, expect, it } from 'vitest';
import {
  civilFromDays,
  daysFromCivil,
  formatDate,
  formatTime,
  formatTimestamp,
  parseDate,
  parseTime,
  parseTimestamp,
} from '../../../src/functions/values/time-values.js';

describe('calendar arithmetic', () => {
  it('converts days and dates both ways across eras', () => {
    for (const days of [-800000, -1, 0, 59, 17662, 2932896]) {
      const [y, m, d] = civilFromDays(days);
      expect(daysFromCivil(y, m, d)).toBe(days);
    }
    expect(civilFromDays(11016)).toEqual([2000, 2, 29]);
  });
});

describe('ISO text of temporal values', () => {
  it('prints dates, times and timestamps as ksqlDB does', () => {
    expect(formatDate(-1)).toBe('1969-12-31');
    expect(formatTime(5000)).toBe('00:00:05');
    expect(formatTime(10)).toBe('00:00:00.01');
    expect(formatTimestamp(10)).toBe('1970-01-01T00:00:00.010');
    expect(formatTimestamp(-1)).toBe('1969-12-31T23:59:59.999');
  });

  it('reads partial timestamps and offsets', () => {
    expect(parseTimestamp('2020')).toBe(Date.UTC(2020, 0, 1));
    expect(parseTimestamp('2020-02-03T04')).toBe(Date.UTC(2020, 1, 3, 4));
    expect(parseTimestamp('1970-01-01T00:00:00.5')).toBe(500);
    expect(parseTimestamp('1970-01-01T01:00:00+0100')).toBe(0);
    expect(() => parseTimestamp('2020-02-30')).toThrow("Failed to parse timestamp '2020-02-30'");
  });

  it('reads ISO dates and times', () => {
    expect(parseDate('2018-05-11')).toBe(17662);
    expect(parseTime('23:59:59.999')).toBe(86399999);
    expect(() => parseTime('24:00')).toThrow();
    expect(() => parseDate('2018-5-11')).toThrow();
  });
});
