// Errors as values a user can act on: a code, a message, and a position in the statement text
// when there is one. Nothing that reaches a user carries a stack trace.

import type { Loc } from './sql/ast.js';

export type ErrorCode =
  | 'SYNTAX'
  | 'UNKNOWN_SOURCE'
  | 'UNKNOWN_COLUMN'
  | 'UNKNOWN_FUNCTION'
  | 'TYPE'
  | 'INVALID_STATEMENT'
  | 'SOURCE_EXISTS'
  | 'SOURCE_IN_USE'
  | 'UNKNOWN_QUERY'
  | 'UNKNOWN_VARIABLE'
  | 'SERDE'
  | 'EVALUATION'
  | 'TOPIC'
  | 'ASSERTION'
  | 'UNSUPPORTED'
  | 'INTERNAL';

export class KsqlError extends Error {
  readonly code: ErrorCode;
  readonly loc: Loc | undefined;

  constructor(code: ErrorCode, message: string, loc?: Loc) {
    super(message);
    this.name = 'KsqlError';
    this.code = code;
    this.loc = loc;
  }
}

/** A statement the engine refuses: unknown names, wrong types, forbidden combinations. */
export function invalid(message: string, loc?: Loc): KsqlError {
  return new KsqlError('INVALID_STATEMENT', message, loc);
}

/** Message of any thrown value, without a stack. */
export function messageOf(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
