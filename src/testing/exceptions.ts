// Names engine failures the way ksqlDB's exceptions are named, and matches them against a case's
// expectedException (QTT) or expectedError (RQTT): type by "instance of" over ksqlDB's exception
// classes, messages by "contains", as ksqlDB's ExpectedExceptionNode does.

import { KsqlError } from '../errors.js';
import type { ExpectedError, ExpectedException } from './qtt-model.js';

export const KSQL_EXCEPTION = 'io.confluent.ksql.util.KsqlException';
export const KSQL_STATEMENT_EXCEPTION = 'io.confluent.ksql.util.KsqlStatementException';
export const PARSE_FAILED_EXCEPTION = 'io.confluent.ksql.parser.exception.ParseFailedException';
export const KSQL_FUNCTION_EXCEPTION = 'io.confluent.ksql.function.KsqlFunctionException';
export const STREAMS_EXCEPTION = 'org.apache.kafka.streams.errors.StreamsException';
export const SERIALIZATION_EXCEPTION = 'org.apache.kafka.common.errors.SerializationException';
export const STATEMENT_ERROR_MESSAGE = 'io.confluent.ksql.rest.entity.KsqlStatementErrorMessage';
export const ERROR_MESSAGE = 'io.confluent.ksql.rest.entity.KsqlErrorMessage';
/** An error that is not a ksqlDB-style refusal (a bug, or an engine part that is missing). */
export const INTERNAL_ERROR = 'ksqlite.InternalError';

/** Parent class of each exception class the test files name (for "instance of"). */
const PARENT: Readonly<Record<string, string>> = {
  'java.lang.Exception': 'java.lang.Throwable',
  'java.lang.RuntimeException': 'java.lang.Exception',
  'org.apache.kafka.common.KafkaException': 'java.lang.RuntimeException',
  [STREAMS_EXCEPTION]: 'org.apache.kafka.common.KafkaException',
  [SERIALIZATION_EXCEPTION]: 'org.apache.kafka.common.KafkaException',
  [KSQL_EXCEPTION]: 'java.lang.RuntimeException',
  [KSQL_STATEMENT_EXCEPTION]: KSQL_EXCEPTION,
  [PARSE_FAILED_EXCEPTION]: KSQL_STATEMENT_EXCEPTION,
  [KSQL_FUNCTION_EXCEPTION]: KSQL_EXCEPTION,
  'io.confluent.ksql.util.KsqlServerException': KSQL_EXCEPTION,
  'io.confluent.ksql.serde.SerdeException': KSQL_EXCEPTION,
  [STATEMENT_ERROR_MESSAGE]: ERROR_MESSAGE,
};

/** True when class `type` is `expected` or a subclass of it. */
export function isA(type: string, expected: string): boolean {
  for (let t: string | undefined = type; t !== undefined; t = PARENT[t]) {
    if (t === expected) return true;
  }
  return false;
}

/** Where in a case's run an error came from. */
export type FailurePhase = 'setup' | 'statement' | 'query' | 'input' | 'processing';

/** An error as the runner records and reports it. */
export interface TestException {
  readonly type: string;
  readonly message: string;
  readonly cause: { readonly type: string; readonly message: string } | null;
  /** HTTP status the REST API answers with (RQTT); null when the engine did not say. */
  readonly status: number | null;
  readonly phase: FailurePhase;
  /** For statement and query failures: the index of the statement that failed. */
  readonly statementIndex: number | null;
}

interface Named {
  readonly type: string;
  readonly message: string;
  readonly cause?: unknown;
  readonly status?: unknown;
}

function isNamed(e: unknown): e is Named {
  return typeof e === 'object' && e !== null && typeof (e as { type?: unknown }).type === 'string' && typeof (e as { message?: unknown }).message === 'string';
}

/**
 * Names a thrown value. Errors carrying a `type` (TestEngineError) keep it. KsqlErrors are named by
 * phase: from a statement, ParseFailedException for syntax errors and KsqlStatementException
 * otherwise, with ksqlDB's "\nStatement: <text>" appended unless there; from processing, a StreamsException
 * "Exception caught in process" caused by KsqlFunctionException (evaluation), SerializationException
 * (serde) or KsqlException. Anything else is an INTERNAL_ERROR, which no expectation matches.
 */
export function toTestException(e: unknown, phase: FailurePhase, statement?: { readonly index: number; readonly text: string }): TestException {
  const statementIndex = statement?.index ?? null;
  if (isNamed(e)) {
    const cause = isNamed(e.cause) ? { type: e.cause.type, message: e.cause.message } : null;
    const status = typeof e.status === 'number' ? e.status : null;
    return { type: e.type, message: e.message, cause, status, phase, statementIndex };
  }
  if (e instanceof KsqlError) {
    if ((phase === 'statement' || phase === 'query') && statement !== undefined) {
      const type = e.code === 'SYNTAX' ? PARSE_FAILED_EXCEPTION : KSQL_STATEMENT_EXCEPTION;
      // The parser may have named the statement already.
      const message = e.message.includes('\nStatement: ') ? e.message : `${e.message}\nStatement: ${statement.text}`;
      return { type, message, cause: null, status: null, phase, statementIndex };
    }
    if (phase === 'processing') {
      const causeType = e.code === 'EVALUATION' ? KSQL_FUNCTION_EXCEPTION : e.code === 'SERDE' ? SERIALIZATION_EXCEPTION : KSQL_EXCEPTION;
      return { type: STREAMS_EXCEPTION, message: 'Exception caught in process', cause: { type: causeType, message: e.message }, status: null, phase, statementIndex };
    }
    return { type: KSQL_EXCEPTION, message: e.message, cause: null, status: null, phase, statementIndex };
  }
  if (e instanceof Error && e.name === 'SerdeError' && phase === 'processing') {
    return { type: STREAMS_EXCEPTION, message: 'Exception caught in process', cause: { type: SERIALIZATION_EXCEPTION, message: e.message }, status: null, phase, statementIndex };
  }
  const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return { type: INTERNAL_ERROR, message, cause: null, status: null, phase, statementIndex };
}

/** Why `actual` does not satisfy a QTT expectedException, or null when it does. */
export function exceptionMismatch(actual: TestException, expected: ExpectedException, lastStatementIndex: number): string | null {
  const got = `got ${describeException(actual)}`;
  if (expected.type !== null && !isA(actual.type, expected.type)) return `expected exception ${expected.type}, ${got}`;
  if (expected.message !== null && !actual.message.includes(expected.message)) {
    return `expected exception message to contain ${JSON.stringify(expected.message)}, ${got}`;
  }
  if (expected.cause !== null && (actual.cause === null || !isA(actual.cause.type, expected.cause))) {
    return `expected exception caused by ${expected.cause}, ${got}`;
  }
  if (expected.causeMessage !== null && (actual.cause === null || !actual.cause.message.includes(expected.causeMessage))) {
    return `expected exception cause message to contain ${JSON.stringify(expected.causeMessage)}, ${got}`;
  }
  // ksqlDB insists a statement error comes from the last statement, or the case tests nothing.
  if (
    expected.type !== null &&
    isA(expected.type, KSQL_STATEMENT_EXCEPTION) &&
    !isA(expected.type, PARSE_FAILED_EXCEPTION) &&
    actual.phase === 'statement' &&
    actual.statementIndex !== null &&
    actual.statementIndex !== lastStatementIndex
  ) {
    return `expected the last statement (${lastStatementIndex + 1}) to fail, but statement ${actual.statementIndex + 1} did: ${got}`;
  }
  return null;
}

/** The REST error entity ksqlDB answers for an exception: its class, message and HTTP status. */
export function restErrorOf(e: TestException): { readonly type: string; readonly message: string; readonly status: number } {
  const type = isA(e.type, ERROR_MESSAGE) ? e.type : isA(e.type, KSQL_STATEMENT_EXCEPTION) ? STATEMENT_ERROR_MESSAGE : ERROR_MESSAGE;
  const status = e.status ?? (e.type === INTERNAL_ERROR ? 500 : 400);
  return { type, message: e.message, status };
}

/** Why `actual` does not satisfy an RQTT expectedError, or null when it does. */
export function errorMismatch(actual: TestException, expected: ExpectedError): string | null {
  const rest = restErrorOf(actual);
  const got = `got ${rest.type} (${rest.status}): ${rest.message}`;
  if (expected.type !== null && !isA(rest.type, expected.type)) return `expected error ${expected.type}, ${got}`;
  if (expected.message !== null && !rest.message.includes(expected.message)) {
    return `expected error message to contain ${JSON.stringify(expected.message)}, ${got}`;
  }
  if (expected.status !== null && expected.status !== rest.status) return `expected HTTP status ${expected.status}, ${got}`;
  return null;
}

export function describeException(e: TestException): string {
  const cause = e.cause === null ? '' : ` (caused by ${e.cause.type}: ${e.cause.message})`;
  const where = e.statementIndex === null ? '' : ` [statement ${e.statementIndex + 1}]`;
  return `${e.type}: ${e.message}${cause}${where}`;
}

export function describeExpected(e: ExpectedException): string {
  const parts = [e.type ?? 'an exception'];
  if (e.message !== null) parts.push(`containing ${JSON.stringify(e.message)}`);
  if (e.cause !== null) parts.push(`caused by ${e.cause}`);
  return parts.join(' ');
}
