// What the shell needs from whatever runs its statements: the embedded Engine (embedded-backend)
// or a `ksqlite server` over REST (remote-backend). The controller talks to this interface only,
// so the whole shell, from completion to PRINT, works the same way against either.

import type { StatementResult } from '../../src/engine/results.js';
import type { PlanColumn } from '../../src/plan/logical-plan.js';
import type { ParsedStatement } from '../../src/sql/ast.js';
import type { PrintLine, PrintOptions } from '../../src/engine/print-topic.js';

export type { PrintLine, PrintOptions } from '../../src/engine/print-topic.js';

/** Rows of a push query as they come, until cancelled (or LIMIT is reached). */
export interface RowStream extends AsyncIterable<unknown[]> {
  readonly queryId: string;
  readonly columns: readonly PlanColumn[];
  cancel(): void;
}

export interface PrintStream extends AsyncIterable<PrintLine> {
  /** The topic's name as stored (PRINT matches names case-insensitively). */
  readonly topic: string;
  cancel(): void;
}

/** Names the completer offers, asked for on each Tab. */
export interface CompletionData {
  readonly sources: readonly { readonly name: string; readonly columns: readonly string[] }[];
  readonly functions: readonly string[];
  readonly topics: readonly string[];
}

export interface ShellBackend {
  /** For the banner. */
  readonly mode: 'embedded' | 'remote';
  /** The data directory, or the server's URL. */
  readonly location: string;
  /** The server's version, as its /info tells (remote mode). */
  readonly serverVersion?: string;
  /** Splits and parses statements (after ${var} substitution), without running them. */
  parse(sql: string): ParsedStatement[];
  /** Runs one non-query statement. */
  execute(sql: string): Promise<StatementResult[]>;
  /** Starts a push query. */
  query(sql: string): Promise<RowStream>;
  /** Streams the records of a topic (PRINT). */
  print(topic: string, options: PrintOptions): Promise<PrintStream>;
  /** What Tab completes from, as of now. */
  completionData(): Promise<CompletionData>;
  close(): Promise<void>;
}
