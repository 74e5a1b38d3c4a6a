// --parse-only with a stand-in parser: these tests check how parse outcomes become verdicts.

import { describe, expect, it } from 'vitest';
import { KsqlError } from '../../src/errors.js';
import { parseCases } from '../../src/testing/parse-only.js';
import { parseTestFile } from '../../src/testing/qtt-file.js';

/** Refuses any script containing "BAD", like a parser meeting a syntax error. */
function parse(text: string): void {
  const at = text.indexOf('BAD');
  if (at >= 0) throw new KsqlError('SYNTAX', `Syntax error at or near 'BAD' at offset ${at}`);
}

const cases = parseTestFile(
  JSON.stringify({
    tests: [
      { name: 'parses', statements: ['CREATE STREAM A;', 'CREATE STREAM B;'] },
      { name: 'does not parse', statements: ['CREATE STREAM A;', 'BAD'] },
      { name: 'expected not to parse', statements: ['BAD'], expectedException: { type: 'io.confluent.ksql.parser.exception.ParseFailedException' } },
      { name: 'expected to fail later', statements: ['CREATE STREAM A;'], expectedException: { type: 'io.confluent.ksql.util.KsqlStatementException' } },
      { name: 'expected not to parse, but does', statements: ['OK'], expectedException: { type: 'io.confluent.ksql.parser.exception.ParseFailedException' } },
      { name: 'off', enabled: false, statements: ['BAD'] },
    ],
  }),
  'p.json',
);

describe('parseCases', () => {
  it('passes cases whose statements parse and fails those that do not, unless a parse failure is expected', () => {
    const rs = parseCases(cases, parse);
    expect(rs.map((r) => [r.name, r.status, r.message])).toEqual([
      ['parses', 'passed', ''],
      ['does not parse', 'failed', "does not parse: Syntax error at or near 'BAD' at offset 17"],
      ['expected not to parse', 'passed', ''],
      ['expected to fail later', 'passed', ''],
      ['expected not to parse, but does', 'failed', 'expected the statements not to parse, but they did'],
      ['off', 'skipped', 'disabled in the test file (enabled: false)'],
    ]);
  });

  it('parses the statements of a case as one script joined by new lines', () => {
    const seen: string[] = [];
    parseCases(cases.slice(0, 1), (text) => seen.push(text));
    expect(seen).toEqual(['CREATE STREAM A;\nCREATE STREAM B;']);
  });

  it('records the parse error as the case exception', () => {
    const r = parseCases(cases.slice(1, 2), parse)[0];
    expect(r?.exception).toEqual({ type: 'io.confluent.ksql.parser.exception.ParseFailedException', message: "Syntax error at or near 'BAD' at offset 17" });
  });

  it('fails a case whose parser crashes, even when a parse failure was expected', () => {
    const r = parseCases(cases.slice(2, 3), () => {
      throw new TypeError('bug');
    })[0];
    expect(r).toMatchObject({ status: 'failed', exception: { type: 'ksqlite.InternalError', message: 'bug' } });
  });
});

describe('RQTT cases', () => {
  it('expects a parse failure when the expected REST error is a syntax error', () => {
    const [tc] = parseTestFile(JSON.stringify({ tests: [{ name: 'r', statements: ['SELECT BAD;'], expectedError: { message: 'line 1:8: Syntax Error' } }] }), 'r.json');
    expect(parseCases(tc === undefined ? [] : [tc], parse)[0]?.status).toBe('passed');
  });
});
