import { describe, expect, it } from 'vitest';
import {
  formatDateWith,
  formatTimestampWith,
  formatTimeWith,
  parseDateWith,
  parseTimestampWith,
  parseTimeWith,
} from '../../../src/functions/datetime/java-format.js';
import { zoneOf } from '../../../src/functions/datetime/zones.js';

const TS = 1526075913123; // 2018-05-11T21:58:33.123Z, a Friday
const la = zoneOf('America/Los_Angeles');

describe('formatting with Java patterns', () => {
  it('prints numeric fields padded to the letter count', () => {
    expect(formatTimestampWith(TS, 'yyyy-MM-dd HH:mm:ss.SSS')).toBe('2018-05-11 21:58:33.123');
    expect(formatTimestampWith(TS, 'y-M-d H:m:s')).toBe('2018-5-11 21:58:33');
    expect(formatTimestampWith(TS, 'yy/MM/dd')).toBe('18/05/11');
    expect(formatTimestampWith(TS, 'S SSSSSS')).toBe('1 123000');
    expect(formatTimestampWith(TS, 'D DDD')).toBe('131 131');
  });

  it('prints each timestamp of a run with its own date, across midnight and zones', () => {
    const midnight = Date.UTC(2018, 4, 12);
    const pattern = 'yyyy-MM-dd HH:mm:ss.SSS';
    expect([midnight - 1, midnight, midnight + 1, TS].map((t) => formatTimestampWith(t, pattern))).toEqual([
      '2018-05-11 23:59:59.999',
      '2018-05-12 00:00:00.000',
      '2018-05-12 00:00:00.001',
      '2018-05-11 21:58:33.123',
    ]);
    expect(formatTimestampWith(midnight, pattern, la)).toBe('2018-05-11 17:00:00.000');
    expect(formatDateWith(17663, 'dd/MM/yyyy')).toBe('12/05/2018');
  });

  it('prints each millisecond of a run of timestamps within one second, and moves on with the second', () => {
    const pattern = 'yyyy-MM-dd HH:mm:ss.SSS';
    const second = Date.UTC(2023, 10, 14, 22, 13, 20);
    const run = [0, 1, 7, 42, 999, 1000, 1001].map((d) => formatTimestampWith(second + d, pattern));
    expect(run).toEqual([
      '2023-11-14 22:13:20.000',
      '2023-11-14 22:13:20.001',
      '2023-11-14 22:13:20.007',
      '2023-11-14 22:13:20.042',
      '2023-11-14 22:13:20.999',
      '2023-11-14 22:13:21.000',
      '2023-11-14 22:13:21.001',
    ]);
    // The same second on another day, and the same instant in another zone, print their own text.
    expect(formatTimestampWith(second + 86_400_000 + 7, pattern)).toBe('2023-11-15 22:13:20.007');
    expect(formatTimestampWith(second + 7, pattern, la)).toBe('2023-11-14 14:13:20.007');
    expect(formatTimestampWith(second + 7, pattern)).toBe('2023-11-14 22:13:20.007');
  });

  it('prints an offset after the time for every timestamp, across a DST change', () => {
    // 2018-11-04T09:00:00Z: Los Angeles goes from -07:00 back to -08:00.
    const change = Date.UTC(2018, 10, 4, 9);
    const pattern = "HH:mm:ss.SSSXXX";
    expect([change - 1, change].map((t) => formatTimestampWith(t, pattern, la))).toEqual(['01:59:59.999-07:00', '01:00:00.000-08:00']);
  });

  it('prints a value after one it could not print as if that one had not been asked for', () => {
    const pattern = 'yyyy-MM-dd HH:mm';
    expect(() => formatDateWith(17663, 'yyyy-MM-dd HH:mm')).toThrow(/Unsupported field: HourOfDay/);
    expect(formatTimestampWith(TS, pattern)).toBe('2018-05-11 21:58');
    expect(formatTimeWith(3_723_004, 'HH:mm:ss.SSS')).toBe('01:02:03.004');
  });

  it('prints English text fields', () => {
    expect(formatTimestampWith(TS, 'EEE EEEE MMM MMMM MMMMM')).toBe('Fri Friday May May M');
    expect(formatTimestampWith(TS, 'G GGGG QQQ')).toBe('AD Anno Domini Q2');
  });

  it('prints 12- and 24-hour clocks', () => {
    expect(formatTimestampWith(TS, 'hh:mm a')).toBe('09:58 PM');
    expect(formatTimestampWith(0, 'h K k H a')).toBe('12 0 24 0 AM');
  });

  it('prints offsets and zones as Java does', () => {
    expect(formatTimestampWith(TS, 'X', la)).toBe('-07');
    expect(formatTimestampWith(TS, 'XX XXX', la)).toBe('-0700 -07:00');
    expect(formatTimestampWith(TS, 'X xx Z ZZZZZ')).toBe('Z +0000 +0000 Z');
    expect(formatTimestampWith(TS, 'O OOOO', la)).toBe('GMT-7 GMT-07:00');
    expect(formatTimestampWith(TS, 'z zzzz VV', la)).toBe('PDT Pacific Daylight Time America/Los_Angeles');
    expect(formatTimestampWith(TS, 'z', zoneOf('Europe/London'))).toBe('BST');
    expect(formatTimestampWith(TS, 'z', zoneOf('Asia/Tokyo'))).toBe('JST');
    expect(formatTimestampWith(TS, 'XXX', zoneOf('+05:30'))).toBe('+05:30');
  });

  it('prints quoted literals and optional sections', () => {
    expect(formatTimestampWith(TS, "yyyy-MM-dd'T'HH:mm:ss'Z'")).toBe('2018-05-11T21:58:33Z');
    expect(formatTimestampWith(TS, "'It''s' HH")).toBe("It's 21");
    expect(formatDateWith(17662, 'yyyy[ HH:mm]')).toBe('2018');
  });

  it('refuses fields a DATE or TIME does not have', () => {
    expect(() => formatDateWith(17662, 'HH')).toThrow('Unsupported field: HourOfDay');
    expect(() => formatTimeWith(1000, 'yyyy')).toThrow('Unsupported field: YearOfEra');
    expect(formatTimeWith(65000, 'HH:mm:ss')).toBe('00:01:05');
  });

  it('rejects bad patterns with Java messages', () => {
    expect(() => formatDateWith(0, 'bb')).toThrow('Unknown pattern letter: b');
    expect(() => formatDateWith(0, 'ddd')).toThrow('Too many pattern letters: d');
    expect(() => formatDateWith(0, "'open")).toThrow('incomplete string literal');
  });

  it('prints years outside four digits with a sign, like yyyy does', () => {
    expect(formatDateWith(3000000, 'yyyy-MM-dd')).toBe('+10183-09-21');
    expect(formatDateWith(-800000, 'yyyy G')).toBe('0222 BC');
  });
});

describe('parsing with Java patterns', () => {
  it('parses adjacent numeric fields by their widths', () => {
    expect(parseTimestampWith('20180511215833', 'yyyyMMddHHmmss')).toBe(1526075913000);
    expect(parseDateWith('180511', 'yyMMdd')).toBe(17662);
  });

  it('reads offsets, Z in any case, and zone names', () => {
    expect(parseTimestampWith('2018-05-11T21:58:33Z', "yyyy-MM-dd'T'HH:mm:ssX")).toBe(1526075913000);
    expect(parseTimestampWith('2018-05-11T21:58:33z', "yyyy-MM-dd'T'HH:mm:ssX")).toBe(1526075913000);
    expect(parseTimestampWith('2018-05-11T23:58:33+0200', "yyyy-MM-dd'T'HH:mm:ssX")).toBe(1526075913000);
    expect(parseTimestampWith('2018-05-11T23:58:33+02:00', "yyyy-MM-dd'T'HH:mm:ssXXX")).toBe(1526075913000);
    expect(parseTimestampWith('18-05-11 21:58:33Z', 'yy-MM-dd HH:mm:ssX')).toBe(1526075913000);
    expect(parseTimestampWith('2018-05-11 14:58:33 America/Los_Angeles', 'yyyy-MM-dd HH:mm:ss VV')).toBe(1526075913000);
    expect(parseTimestampWith('2018-05-11 14:58:33 GMT-07:00', 'yyyy-MM-dd HH:mm:ss OOOO')).toBe(1526075913000);
  });

  it('reads local times in the given zone, moving through DST gaps like Java', () => {
    expect(parseTimestampWith('2018-05-11 14:58:33', 'yyyy-MM-dd HH:mm:ss', la)).toBe(1526075913000);
    // 02:30 does not exist on 2018-03-11 in Los Angeles: Java moves it to 03:30 PDT.
    expect(parseTimestampWith('2018-03-11 02:30', 'yyyy-MM-dd HH:mm', la)).toBe(Date.UTC(2018, 2, 11, 10, 30));
    // 01:30 happens twice on 2018-11-04: Java takes the earlier (PDT) one.
    expect(parseTimestampWith('2018-11-04 01:30', 'yyyy-MM-dd HH:mm', la)).toBe(Date.UTC(2018, 10, 4, 8, 30));
  });

  it('defaults missing fields to 1970-01-01T00:00', () => {
    expect(parseTimestampWith('12:30', 'HH:mm')).toBe(45000000);
    expect(parseDateWith('1999', 'yyyy')).toBe(10592);
    expect(parseTimeWith('7', 'H')).toBe(25200000);
  });

  it('moves a day past the end of a month to its last day, as Java SMART resolution does', () => {
    expect(parseDateWith('2021-02-30', 'yyyy-MM-dd')).toBe(parseDateWith('2021-02-28', 'yyyy-MM-dd'));
    expect(() => parseDateWith('2021-02-32', 'yyyy-MM-dd')).toThrow('Invalid value for DayOfMonth');
  });

  it('checks a day of week against the date', () => {
    expect(parseDateWith('Fri 2018-05-11', 'EEE yyyy-MM-dd')).toBe(17662);
    expect(() => parseDateWith('Mon 2018-05-11', 'EEE yyyy-MM-dd')).toThrow('Conflict found');
  });

  it("reports where the text stops matching, like Java's DateTimeParseException", () => {
    expect(() => parseTimeWith('12:3x', 'HH:mm')).toThrow("Text '12:3x' could not be parsed at index 3");
    expect(() => parseTimeWith('12:30 extra', 'HH:mm')).toThrow('unparsed text found at index 5');
    expect(() => parseTimeWith('25:00', 'HH:mm')).toThrow('Invalid value for HourOfDay');
  });

  it('parses optional sections when present', () => {
    expect(parseTimestampWith('2018-05-11', 'yyyy-MM-dd[ HH:mm]')).toBe(1525996800000);
    expect(parseTimestampWith('2018-05-11 01:00', 'yyyy-MM-dd[ HH:mm]')).toBe(1526000400000);
  });
});
