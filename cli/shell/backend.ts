// What the shell needs from whatever runs its statements: the embedded Engine today, a REST
// client of `ksqlite server` later. The controller talks to this interface only, so a remote
// backend implements these few methods and the whole shell works against a server.

import type { StatementResult } from '../../src/engine/results.js';
import type { PlanColumn } from '../../src/plan/logical-plan.js';
import type { ParsedStatement } from '../../src/sql/ast.js';

/** Rows of a push query as they come, until cancelled (or LIMIT is reached). */
export interface RowStream extends AsyncIterable<unknown[]> {
  readonly queryId: string;
  readonly columns: readonly PlanColumn[];
  cancel(): void;
}

export interface PrintOptions {
  readonly fromBeginning: boolean;
  /** Print every n-th record (1: all). */
  readonly interval: number;
  readonly limit?: number;
}

/** One record of a topic, as PRINT shows it. */
export interface PrintedRecord {
  readonly partition: number;
  readonly offset: number;
  readonly timestamp: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: readonly { readonly key: string; readonly value: Buffer | null }[];
}

export interface RecordStream extends AsyncIterable<PrintedRecord> {
  /** The topic's name as stored (PRINT matches names case-insensitively). */
  readonly topic: string;
  cancel(): void;
}

/** Names the completer offers, fetched fresh on each Tab. */
export interface CompletionData {
  readonly sources: readonly { readonly name: string; readonly columns: readonly string[] }[];
  readonly functions: readonly string[];
  readonly topics: readonly string[];
}

export interface ShellBackend {
  /** 'embedded' or 'remote', for the banner. */
  readonly mode: string;
  /** The data directory, or the server's URL. */
  readonly location: string;
  /** Splits and parses statements (after ${var} substitution), without running them. */
  parse(sql: string): ParsedStatement[];
  /** Runs one non-query statement. */
  execute(sql: string): Promise<StatementResult[]>;
  /** Starts a push query. */
  query(sql: string): Promise<RowStream>;
  /** Streams the records of a topic (PRINT). */
  print(topic: string, options: PrintOptions): Promise<RecordStream>;
  completionData(): CompletionData;
  close(): Promise<void>;
}
