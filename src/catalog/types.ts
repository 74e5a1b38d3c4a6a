// What the catalog knows: sources (streams and tables) with their columns, formats and topics,
// custom types, and persistent queries. All plain data, persisted as JSON.

import type { FormatInfo } from '../serde/types.js';
import type { SqlType } from '../types/sql-type.js';

export type ColumnNamespace = 'KEY' | 'VALUE' | 'HEADERS';

export interface Column {
  readonly name: string;
  readonly type: SqlType;
  readonly namespace: ColumnNamespace;
  /** For HEADER('k') columns: the header key; absent for a HEADERS column (all headers). */
  readonly headerKey?: string;
}

export type WindowType = 'TUMBLING' | 'HOPPING' | 'SESSION';

export interface WindowInfo {
  readonly type: WindowType;
  /** Size in ms for TUMBLING and HOPPING. */
  readonly sizeMs?: number;
}

export interface TimestampInfo {
  readonly column: string;
  readonly format?: string;
}

export interface DataSource {
  readonly name: string;
  readonly sourceType: 'STREAM' | 'TABLE';
  /** Key columns first, then value and header columns, in declared order. */
  readonly columns: readonly Column[];
  readonly topic: string;
  readonly keyFormat: FormatInfo;
  readonly valueFormat: FormatInfo;
  readonly timestamp?: TimestampInfo;
  readonly window?: WindowInfo;
  /** CREATE SOURCE STREAM/TABLE: read-only. */
  readonly isSource: boolean;
  /** The statement that created it, as the user wrote it. */
  readonly statement: string;
  /** The persistent query writing it, for CREATE ... AS SELECT. */
  readonly createdByQuery?: string;
}

export type QueryState = 'RUNNING' | 'PAUSED' | 'ERROR';

export interface PersistentQueryInfo {
  readonly id: string;
  readonly statement: string;
  readonly sources: readonly string[];
  readonly sink: string;
  readonly sinkTopic: string;
  readonly state: QueryState;
  readonly kind: 'CREATE_AS' | 'INSERT';
}
