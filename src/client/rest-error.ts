// What a ksqlDB server answers when a request fails (its `statement_error` and `generic_error`
// objects), and failures to reach it at all, as KsqlErrors: callers print them like the engine's.

import { KsqlError } from '../errors.js';
import type { ErrorCode } from '../errors.js';
import type { Loc } from '../sql/ast.js';

export class RestError extends KsqlError {
  /**
   * @param status the HTTP status, 0 when no answer came (connection refused, timeout).
   * @param errorCode ksqlDB's error_code (40001 bad statement, 40101 unauthorized, ...).
   */
  constructor(
    message: string,
    readonly status: number,
    readonly errorCode?: number,
    loc?: Loc,
  ) {
    super(codeOf(status, message), message, loc);
    this.name = 'RestError';
  }
}

function codeOf(status: number, message: string): ErrorCode {
  if (status === 0 || status >= 500) return 'INTERNAL';
  return /Syntax Error/.test(message) ? 'SYNTAX' : 'INVALID_STATEMENT';
}

/** The error an answer with a failure status stands for: ksqlDB's error object when the body is one. */
export function answerError(status: number, text: string): RestError {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const error = errorObject(body);
  if (error !== undefined) return new RestError(error.message, status, error.errorCode, locOf(error.message));
  const detail = text.trim() === '' ? '' : `: ${text.trim().slice(0, 300)}`;
  return new RestError(`The server answered HTTP ${status}${detail}`, status);
}

/** ksqlDB's error object (`{"@type": ..., "error_code": ..., "message": ...}`), if `v` is one. */
export function errorObject(v: unknown): { message: string; errorCode?: number } | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o['message'] !== 'string') return undefined;
  if (typeof o['@type'] !== 'string' && typeof o['error_code'] !== 'number') return undefined;
  return { message: o['message'], ...(typeof o['error_code'] === 'number' ? { errorCode: o['error_code'] } : {}) };
}

/** The position ksqlDB puts at the start of syntax errors (`line 1:8: ...`), relative to the statement sent. */
function locOf(message: string): Loc | undefined {
  const m = /^line (\d+):(\d+):/.exec(message);
  return m ? { line: Number(m[1]), column: Number(m[2]) } : undefined;
}
