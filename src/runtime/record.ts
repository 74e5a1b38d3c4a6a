// What flows between operators: a row (array, laid out by the node's schema) with the record's
// timestamp and headers. Operators are push functions; a batch is pushed record by record.

import type { Header } from '../log/types.js';

export interface Rec {
  row: unknown[];
  ts: number;
  headers: readonly Header[];
  /** A record whose value was null (a tombstone for a table): it flows on with key columns set and value columns null, and is written with a null value. */
  nullValue?: boolean;
  /** The record's key was null (a multi-column key then stays null rather than a struct of nulls). */
  nullKey?: boolean;
  /** The window of a windowed key ([start, end) for time windows, [start, end] for sessions). */
  window?: RecWindow;
}

export interface RecWindow {
  readonly start: number;
  readonly end: number;
}

export type Push = (rec: Rec) => void;

/** Where a query reports a record it could not process (then it goes on with the next one). */
export interface ErrorSink {
  recordError(kind: string, message: string, detail?: { topic?: string; partition?: number; offset?: number; record?: unknown }): void;
  /** Counts a record dropped because its window had closed (later than the grace period). */
  countLate?(): void;
}
