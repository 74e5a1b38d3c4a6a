// `--parse-only`: checks that each case's statements parse, without an engine. The statements are
// parsed as one script (joined with "\n"), as ksqlDB does; a case expecting a parse failure
// (ParseFailedException, or an RQTT syntax error) passes when parsing fails, any other when it succeeds.

import { KsqlError } from '../errors.js';
import { INTERNAL_ERROR, isA, PARSE_FAILED_EXCEPTION } from './exceptions.js';
import type { CaseVariant, TestCase } from './qtt-model.js';
import type { CaseResult } from './runner.js';

/** A parser: throws a KsqlError when the text does not parse. */
export type ParseFunction = (text: string) => unknown;

/**
 * QTT: the case expects ParseFailedException. RQTT: the expected error is a syntax error (REST
 * errors carry no exception class; "Failed to prepare statement" also covers unknown names).
 */
function expectsParseFailure(v: CaseVariant): boolean {
  const type = v.expectedException?.type ?? null;
  if (type !== null) return isA(type, PARSE_FAILED_EXCEPTION);
  const message = v.expectedError?.message ?? null;
  return message !== null && /syntax error/i.test(message);
}

export function parseCase(tc: TestCase, parse: ParseFunction): CaseResult {
  const base = { file: tc.file, name: tc.name, format: tc.format, outputs: [], responses: null, durationMs: 0 };
  if (!tc.enabled) return { ...base, status: 'skipped', message: 'disabled in the test file (enabled: false)', exception: null };
  const v = tc.variants[0];
  if (tc.invalid !== null || v === undefined) return { ...base, status: 'failed', message: `invalid test case: ${tc.invalid ?? 'nothing to run'}`, exception: null };
  const started = Date.now();
  let error: { type: string; message: string } | null = null;
  try {
    parse(v.statements.join('\n'));
  } catch (e) {
    // Every refusal of the parser is a parse failure, as in ksqlDB; anything else is a crash.
    error = { type: e instanceof KsqlError ? PARSE_FAILED_EXCEPTION : INTERNAL_ERROR, message: e instanceof Error ? e.message : String(e) };
  }
  const expectsFailure = expectsParseFailure(v);
  const durationMs = Date.now() - started;
  if (error === null) {
    return expectsFailure
      ? { ...base, durationMs, status: 'failed', message: 'expected the statements not to parse, but they did', exception: null }
      : { ...base, durationMs, status: 'passed', message: '', exception: null };
  }
  if (expectsFailure && error.type === PARSE_FAILED_EXCEPTION) return { ...base, durationMs, status: 'passed', message: '', exception: error };
  return { ...base, durationMs, status: 'failed', message: `does not parse: ${error.message}`, exception: error };
}

export function parseCases(cases: readonly TestCase[], parse: ParseFunction, onResult?: (r: CaseResult) => void): CaseResult[] {
  return cases.map((tc) => {
    const r = parseCase(tc, parse);
    onResult?.(r);
    return r;
  });
}
