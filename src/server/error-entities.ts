// ksqlDB's error objects (`statement_error`, `generic_error`) with their error codes, and the
// mapping from anything thrown to an HTTP status and one of them. Messages only: no answer ever
// carries a stack trace.

import { KsqlError, messageOf } from '../errors.js';
import type { JsonValue } from '../serde/json-value.js';
import type { JsonObject } from './entities.js';
import { withSemicolon } from './entities.js';

/** ksqlDB's error codes: the HTTP status times 100, plus a detail digit. */
export const ErrorCodes = {
  BAD_REQUEST: 40000,
  BAD_STATEMENT: 40001,
  QUERY_ENDPOINT: 40002,
  UNAUTHORIZED: 40101,
  NOT_FOUND: 40400,
  METHOD_NOT_ALLOWED: 40500,
  PAYLOAD_TOO_LARGE: 41300,
  SERVER_ERROR: 50000,
  SERVER_SHUTTING_DOWN: 50302,
} as const;

/** An answer to send instead of the normal one: HTTP status and ksqlDB error object. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: JsonObject,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(typeof body['message'] === 'string' ? body['message'] : 'error');
    this.name = 'HttpError';
  }
}

export function genericError(errorCode: number, message: string): JsonObject {
  return { '@type': 'generic_error', error_code: errorCode, message };
}

export function statementError(errorCode: number, message: string, statementText: string, entities: readonly JsonValue[] = []): JsonObject {
  return { '@type': 'statement_error', error_code: errorCode, message, statementText: withSemicolon(statementText), entities: [...entities] };
}

export function badRequest(message: string): HttpError {
  return new HttpError(400, genericError(ErrorCodes.BAD_REQUEST, message));
}

/** A statement that failed: KsqlErrors are the user's (400 statement_error), others are ours (500). */
export function statementFailure(e: unknown, statementText: string, entities: readonly JsonValue[] = []): HttpError {
  if (e instanceof HttpError) return e;
  if (e instanceof KsqlError && e.code !== 'INTERNAL') return new HttpError(400, statementError(ErrorCodes.BAD_STATEMENT, e.message, statementText, entities));
  return new HttpError(500, { ...statementError(ErrorCodes.SERVER_ERROR, messageOf(e), statementText, entities) });
}

/** Anything else thrown while answering a request, as ksqlDB's generic error. */
export function requestFailure(e: unknown): HttpError {
  if (e instanceof HttpError) return e;
  if (e instanceof KsqlError && e.code !== 'INTERNAL') return new HttpError(400, genericError(ErrorCodes.BAD_REQUEST, e.message));
  return new HttpError(500, genericError(ErrorCodes.SERVER_ERROR, messageOf(e)));
}

/** ksqlDB's answer to SELECT or PRINT sent to /ksql. */
export const QUERY_ENDPOINT_MESSAGE = "The following statement types should be issued to the websocket endpoint '/query':\n\t* PRINT\n\t* SELECT";
