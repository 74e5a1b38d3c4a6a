import { describe, expect, it } from 'vitest';
import { KsqlError } from '../../src/errors.js';
import {
  errorMismatch,
  exceptionMismatch,
  INTERNAL_ERROR,
  isA,
  KSQL_EXCEPTION,
  KSQL_STATEMENT_EXCEPTION,
  PARSE_FAILED_EXCEPTION,
  restErrorOf,
  STREAMS_EXCEPTION,
  toTestException,
} from '../../src/testing/exceptions.js';
import type { TestException } from '../../src/testing/exceptions.js';
import type { ExpectedException } from '../../src/testing/qtt-model.js';
import { TestEngineError } from '../../src/testing/test-engine.js';

const expected = (over: Partial<ExpectedException>): ExpectedException => ({ type: null, message: null, cause: null, causeMessage: null, ...over });
const thrown = (over: Partial<TestException>): TestException => ({ type: KSQL_STATEMENT_EXCEPTION, message: 'boom', cause: null, status: null, phase: 'statement', statementIndex: 1, ...over });

describe('isA', () => {
  it('follows ksqlDB exception classes up to their parents', () => {
    expect(isA(PARSE_FAILED_EXCEPTION, KSQL_STATEMENT_EXCEPTION)).toBe(true);
    expect(isA(KSQL_STATEMENT_EXCEPTION, KSQL_EXCEPTION)).toBe(true);
    expect(isA(KSQL_EXCEPTION, KSQL_STATEMENT_EXCEPTION)).toBe(false);
    expect(isA(STREAMS_EXCEPTION, KSQL_EXCEPTION)).toBe(false);
    expect(isA('com.example.Unknown', 'com.example.Unknown')).toBe(true);
  });
});

describe('toTestException', () => {
  it('keeps the class name and cause a TestEngineError carries', () => {
    const e = new TestEngineError(STREAMS_EXCEPTION, 'Exception caught in process', {
      cause: new TestEngineError('io.confluent.ksql.function.KsqlFunctionException', 'Numeric field overflow'),
    });
    expect(toTestException(e, 'processing')).toMatchObject({
      type: STREAMS_EXCEPTION,
      cause: { type: 'io.confluent.ksql.function.KsqlFunctionException', message: 'Numeric field overflow' },
    });
  });

  it('names a refused statement KsqlStatementException and appends the statement like ksqlDB', () => {
    const e = toTestException(new KsqlError('UNKNOWN_SOURCE', 'INPUT does not exist.'), 'statement', { index: 2, text: 'SELECT * FROM INPUT;' });
    expect(e).toMatchObject({ type: KSQL_STATEMENT_EXCEPTION, message: 'INPUT does not exist.\nStatement: SELECT * FROM INPUT;', statementIndex: 2 });
  });

  it('names a syntax error ParseFailedException', () => {
    expect(toTestException(new KsqlError('SYNTAX', "line 1:8: Syntax error at or near 'X'"), 'statement', { index: 0, text: 'X' }).type).toBe(PARSE_FAILED_EXCEPTION);
  });

  it('names a processing failure a StreamsException caused by the evaluation error', () => {
    expect(toTestException(new KsqlError('EVALUATION', 'Numeric field overflow'), 'processing')).toMatchObject({
      type: STREAMS_EXCEPTION,
      message: 'Exception caught in process',
      cause: { type: 'io.confluent.ksql.function.KsqlFunctionException', message: 'Numeric field overflow' },
    });
  });

  it('names any other thrown value an internal error that no expectation matches', () => {
    const e = toTestException(new TypeError('x is undefined'), 'statement', { index: 0, text: 's' });
    expect(e).toMatchObject({ type: INTERNAL_ERROR, message: 'TypeError: x is undefined' });
    expect(exceptionMismatch(e, expected({ type: 'java.lang.Throwable' }), 0)).not.toBeNull();
  });
});

describe('exceptionMismatch', () => {
  it('accepts a subclass of the expected type and a message containing the expected text', () => {
    expect(exceptionMismatch(thrown({ message: 'Cannot insert into HEADER columns: H1\nStatement: ...' }), expected({ type: KSQL_EXCEPTION, message: 'HEADER columns: H1' }), 1)).toBeNull();
  });

  it('rejects another type or a message that does not contain the expected text', () => {
    expect(exceptionMismatch(thrown({ type: KSQL_EXCEPTION }), expected({ type: KSQL_STATEMENT_EXCEPTION }), 1)).toMatch(/^expected exception io.confluent.ksql.util.KsqlStatementException, got/);
    expect(exceptionMismatch(thrown({}), expected({ message: 'other' }), 1)).toMatch(/to contain "other"/);
  });

  it('checks the cause type and message', () => {
    const e = thrown({ type: STREAMS_EXCEPTION, phase: 'processing', statementIndex: null, cause: { type: 'io.confluent.ksql.function.KsqlFunctionException', message: 'Numeric field overflow' } });
    expect(exceptionMismatch(e, expected({ type: STREAMS_EXCEPTION, cause: KSQL_EXCEPTION, causeMessage: 'overflow' }), 1)).toBeNull();
    expect(exceptionMismatch(e, expected({ causeMessage: 'underflow' }), 1)).toMatch(/cause message/);
    expect(exceptionMismatch(thrown({}), expected({ cause: KSQL_EXCEPTION }), 1)).toMatch(/caused by/);
  });

  it('insists a statement exception comes from the last statement, as ksqlDB does', () => {
    expect(exceptionMismatch(thrown({ statementIndex: 0 }), expected({ type: KSQL_STATEMENT_EXCEPTION }), 1)).toMatch(/expected the last statement \(2\) to fail, but statement 1 did/);
    expect(exceptionMismatch(thrown({ statementIndex: 0 }), expected({ type: KSQL_EXCEPTION }), 1)).toBeNull();
    expect(exceptionMismatch(thrown({ type: PARSE_FAILED_EXCEPTION, statementIndex: 0 }), expected({ type: PARSE_FAILED_EXCEPTION }), 1)).toBeNull();
  });
});

describe('REST errors', () => {
  it('answers a statement exception with KsqlStatementErrorMessage and 400', () => {
    expect(restErrorOf(thrown({}))).toEqual({ type: 'io.confluent.ksql.rest.entity.KsqlStatementErrorMessage', message: 'boom', status: 400 });
  });

  it('matches an expectedError by entity class, message and status', () => {
    const e = thrown({ message: 'Error in WHERE expression: bad' });
    expect(errorMismatch(e, { type: 'io.confluent.ksql.rest.entity.KsqlErrorMessage', message: 'WHERE expression', status: 400 })).toBeNull();
    expect(errorMismatch(e, { type: null, message: null, status: 500 })).toMatch(/expected HTTP status 500/);
    expect(errorMismatch(thrown({ type: INTERNAL_ERROR }), { type: 'io.confluent.ksql.rest.entity.KsqlStatementErrorMessage', message: null, status: null })).toMatch(/got io.confluent.ksql.rest.entity.KsqlErrorMessage \(500\)/);
  });
});
