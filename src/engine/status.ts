// Builds the `currentStatus` result that DDL and query statements answer with.

import type { ParsedStatement } from '../sql/ast.js';
import type { ExecContext } from './context.js';
import type { StatementResult } from './results.js';

export function statusResult(
  ctx: ExecContext,
  p: ParsedStatement,
  commandId: string,
  message: string,
  queryId?: string,
  seq?: number,
): StatementResult {
  return {
    type: 'currentStatus',
    statementText: p.text,
    commandId,
    commandStatus: { status: 'SUCCESS', message, ...(queryId !== undefined ? { queryId } : {}) },
    commandSequenceNumber: seq ?? ctx.nextSequence(),
    warnings: [],
  };
}
