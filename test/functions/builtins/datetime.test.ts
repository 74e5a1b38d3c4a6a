import { describe, expect, it } from 'vitest';
import * as T from '../../../src/types/sql-type.js';
import { run, value } from '../../expr/helpers.js';

const ts = (v: unknown) => [{ name: 'TS', type: T.TIMESTAMP, value: v }];

describe('date and time arithmetic', () => {
  it('adds and subtracts intervals on dates', () => {
    expect(run('DATEADD(DAYS, 10, D)', [{ name: 'D', type: T.DATE, value: 10 }])).toBe(20);
    expect(run('DATEADD(DAYS, -5, D)', [{ name: 'D', type: T.DATE, value: 2 }])).toBe(-3);
    expect(run('DATESUB(DAYS, 10, D)', [{ name: 'D', type: T.DATE, value: 5 }])).toBe(-5);
    expect(run('DATEADD(HOURS, 48, D)', [{ name: 'D', type: T.DATE, value: 0 }])).toBe(2);
    expect(run('DATEADD(MILLISECONDS, N, D)', [{ name: 'D', type: T.DATE, value: 5 }, { name: 'N', type: T.INTEGER }])).toBeNull();
  });

  it('adds and subtracts intervals on times, wrapping around midnight', () => {
    expect(run('TIMEADD(MILLISECONDS, 10, T)', [{ name: 'T', type: T.TIME, value: 86399995 }])).toBe(5);
    expect(run('TIMEADD(MILLISECONDS, -5, T)', [{ name: 'T', type: T.TIME, value: 2 }])).toBe(86399997);
    expect(run('TIMESUB(MILLISECONDS, 10, T)', [{ name: 'T', type: T.TIME, value: 5 }])).toBe(86399995);
    expect(run('TIMEADD(HOURS, 25, T)', [{ name: 'T', type: T.TIME, value: 0 }])).toBe(3600000);
  });

  it('adds and subtracts intervals on timestamps', () => {
    expect(run('TIMESTAMPADD(MILLISECONDS, 10, TS)', ts(10))).toBe(20);
    expect(run('TIMESTAMPSUB(MILLISECONDS, -5, TS)', ts(-100))).toBe(-95);
    expect(run('TIMESTAMPADD(DAYS, 1, TS)', ts(0))).toBe(86400000);
  });
});

describe('conversions between numbers and temporal types', () => {
  it('converts milliseconds and days', () => {
    expect(run('FROM_UNIXTIME(1589234313000)')).toBe(1589234313000);
    expect(run('UNIX_TIMESTAMP(TS)', ts(100))).toBe(100);
    expect(run('FROM_DAYS(-10)')).toBe(-10);
    expect(run('UNIX_DATE(FROM_DAYS(3))')).toBe(3);
    expect(run('UNIX_TIMESTAMP() > 100')).toBe(true);
    expect(Math.abs((run('UNIX_DATE()') as number) - Math.floor(Date.now() / 86400000))).toBeLessThanOrEqual(1);
  });

  it('shifts a timestamp between zones by their offsets at that instant', () => {
    expect(run("CONVERT_TZ(TS, '+0200', '+0500')", ts(100))).toBe(10800100);
    expect(run("CONVERT_TZ(TS, 'America/Los_Angeles', 'America/New_York')", ts(1589234313000))).toBe(1589245113000);
    expect(value("CONVERT_TZ(TS, 'Nowhere/Land', 'UTC')", ts(0))).toBeNull();
  });
});

describe('formatting', () => {
  it('formats dates, times and timestamps with Java patterns', () => {
    expect(run("FORMAT_DATE(FROM_DAYS(18993), 'dd-MMM-yyyy')")).toBe('01-Jan-2022');
    expect(run("FORMAT_DATE(FROM_DAYS(-1), 'dd-MM-yyyy''Sophia''')")).toBe('31-12-1969Sophia');
    expect(run("FORMAT_TIME(T, 'HH_mm_ss_SSS')", [{ name: 'T', type: T.TIME, value: 65000 }])).toBe('00_01_05_000');
    expect(run("FORMAT_TIME(T, 'HHmmss''AAAAA''')", [{ name: 'T', type: T.TIME, value: 1234567 }])).toBe('002034AAAAA');
    expect(run("FORMAT_TIMESTAMP(TS, 'yyyy-MM-dd HH:mm:ss')", ts(1526075913000))).toBe('2018-05-11 21:58:33');
    expect(run("FORMAT_TIMESTAMP(TS, 'yyyy-MM-dd HH:mm:ss zzz', 'America/Los_Angeles')", ts(1526075913000))).toBe('2018-05-11 14:58:33 PDT');
  });

  it('formats epoch numbers with the older functions', () => {
    expect(run("TIMESTAMPTOSTRING(1526075913000, 'yyyy-MM-dd HH:mm:ss zzz', 'Europe/London')")).toBe('2018-05-11 22:58:33 BST');
    expect(run("DATETOSTRING(17662, 'yyyy-MM-dd')")).toBe('2018-05-11');
  });

  it('fails the call for a time field in a date pattern', () => {
    expect(value("FORMAT_DATE(FROM_DAYS(1), 'HH')")).toBeNull();
  });
});

describe('parsing', () => {
  it('parses dates, case-insensitively, defaulting missing fields, ignoring trailing text', () => {
    expect(run("PARSE_DATE('2018-05-11Lit', 'yyyy-MM-dd''Lit''')")).toBe(17662);
    expect(run("PARSE_DATE('01-JAN-2022', 'dd-MMM-yyyy')")).toBe(18993);
    expect(run("PARSE_DATE('JAN-2022', 'MMM-yyyy')")).toBe(18993);
    expect(run("PARSE_DATE('2003-12-24-01-01', 'yyyy-MM-dd')")).toBe(12410);
    expect(run("STRINGTODATE('20180511', 'yyyyMMdd')")).toBe(17662);
    expect(value("PARSE_DATE('2004', 'yyyy-MM-dd')")).toBeNull();
  });

  it('parses times with 12-hour clocks', () => {
    expect(run("PARSE_TIME('01:00:00 Pm', 'hh:mm:ss a')")).toBe(46800000);
    expect(run("PARSE_TIME('11/05/19', 'HH/mm/ss')")).toBe(39919000);
  });

  it('parses timestamps in UTC unless the text or the call names a zone', () => {
    expect(run("PARSE_TIMESTAMP('2018-05-11T21:58:33', 'yyyy-MM-dd''T''HH:mm:ss')")).toBe(1526075913000);
    expect(run("PARSE_TIMESTAMP('2018-05-11T21:58:33 PST', 'yyyy-MM-dd''T''HH:mm:ss zzz')")).toBe(1526101113000);
    expect(run("PARSE_TIMESTAMP('2018-05-11 21:58', 'yyyy-MM-dd HH:mm', 'Europe/Paris')")).toBe(1526068680000);
    expect(run("STRINGTOTIMESTAMP('2020-05-11T21:58:33z', 'yyyy-MM-dd''T''HH:mm:ssX')")).toBe(1589234313000);
    expect(run("STRINGTOTIMESTAMP('2019-08-27T13:31:09.2+0000', 'yyyy-MM-dd''T''HH:mm:ss.SX')")).toBe(1566912669200);
  });
});
