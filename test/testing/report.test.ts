import { describe, expect, it } from 'vitest';
import { JsonDecimal } from '../../src/testing/json-value.js';
import { countResults, failureLine, reportJson, resultLine, summaryByFile, summaryLine } from '../../src/testing/report.js';
import type { CaseResult } from '../../src/testing/runner.js';

const result = (over: Partial<CaseResult>): CaseResult => ({
  file: 'filter.json',
  name: 'a test',
  format: null,
  status: 'passed',
  message: '',
  outputs: [],
  exception: null,
  responses: null,
  durationMs: 3,
  ...over,
});

describe('text output', () => {
  it('prints a failure as FAIL file :: name [FORMAT] :: reason on one line', () => {
    expect(failureLine(result({ status: 'failed', format: 'AVRO', message: 'expected 1\nbut was 2' }))).toBe('FAIL filter.json :: a test [AVRO] :: expected 1 | but was 2');
    expect(failureLine(result({ status: 'failed', message: 'boom' }))).toBe('FAIL filter.json :: a test :: boom');
  });

  it('shortens very long reasons unless asked for them in full', () => {
    const long = 'x'.repeat(1000);
    expect(failureLine(result({ status: 'failed', message: long })).length).toBeLessThan(500);
    expect(failureLine(result({ status: 'failed', message: long }), true)).toContain(long);
  });

  it('prints passed and skipped cases in verbose lines', () => {
    expect(resultLine(result({}))).toBe('PASS filter.json :: a test (3 ms)');
    expect(resultLine(result({ status: 'skipped', message: 'disabled' }))).toBe('SKIP filter.json :: a test :: disabled');
  });

  it('counts results into the closing line, overall and per file', () => {
    const rs = [result({}), result({ status: 'failed' }), result({ file: 'b.json', status: 'skipped' })];
    expect(summaryLine(countResults(rs))).toBe('1 passed, 1 failed, 1 skipped');
    expect(summaryByFile(rs)).toEqual(['filter.json: 1 passed, 1 failed, 0 skipped', 'b.json: 0 passed, 0 failed, 1 skipped']);
  });
});

describe('--report JSON', () => {
  it('has exactly the fields of the conformance README for each case', () => {
    const text = reportJson([
      result({
        format: 'JSON',
        status: 'failed',
        message: 'why',
        outputs: [{ topic: 'OUTPUT', key: 1, value: { C: [6, 10] }, timestamp: 0, headers: [], window: { start: 0, end: 1000, type: 'TIME' } }],
        exception: { type: 'io.confluent.ksql.util.KsqlException', message: 'm' },
      }),
    ]);
    expect(JSON.parse(text)).toEqual({
      tests: [
        {
          file: 'filter.json',
          name: 'a test',
          format: 'JSON',
          status: 'failed',
          message: 'why',
          outputs: [{ topic: 'OUTPUT', key: 1, value: { C: [6, 10] }, timestamp: 0, window: { start: 0, end: 1000, type: 'TIME' }, headers: [] }],
          exception: { type: 'io.confluent.ksql.util.KsqlException', message: 'm' },
        },
      ],
    });
  });

  it('writes unwindowed records with a null window, tombstones as null, and headers as given', () => {
    const parsed = JSON.parse(reportJson([result({ outputs: [{ topic: 'T', key: 'k', value: null, timestamp: 5, headers: [{ KEY: 'h', VALUE: null }], window: null }] })]));
    expect(parsed.tests[0].outputs).toEqual([{ topic: 'T', key: 'k', value: null, timestamp: 5, window: null, headers: [{ KEY: 'h', VALUE: null }] }]);
  });

  it('writes decimals with their scale and big integers exactly', () => {
    const text = reportJson([result({ outputs: [{ topic: 'T', key: 9223372036854775807n, value: { D: new JsonDecimal('1.50') }, timestamp: 0, headers: [], window: null }] })]);
    expect(text).toContain('"key":9223372036854775807');
    expect(text).toContain('"value":{"D":1.50}');
  });

  it('adds the responses of RQTT cases only', () => {
    const text = reportJson([result({ responses: [{ admin: { '@type': 'currentStatus' } }] }), result({ name: 'qtt' })]);
    const parsed = JSON.parse(text);
    expect(parsed.tests[0].responses).toEqual([{ admin: { '@type': 'currentStatus' } }]);
    expect('responses' in parsed.tests[1]).toBe(false);
  });

  it('writes an empty run as an empty list', () => {
    expect(JSON.parse(reportJson([]))).toEqual({ tests: [] });
  });
});
