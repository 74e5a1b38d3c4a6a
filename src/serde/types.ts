// Serdes turn a row's key or value columns into bytes and back, for one format.

import type { SqlType } from '../types/sql-type.js';

export type FormatName =
  | 'JSON'
  | 'DELIMITED'
  | 'KAFKA'
  | 'NONE'
  | 'AVRO'
  | 'PROTOBUF'
  | 'PROTOBUF_NOSR'
  | 'JSON_SR';

export interface SerdeColumn {
  readonly name: string;
  readonly type: SqlType;
}

export interface FormatOptions {
  /** JSON and others: a single column written unwrapped (`1` rather than `{"A": 1}`). Default: wrapped for values, unwrapped for keys. */
  readonly wrapSingleValue?: boolean;
  /** DELIMITED: the delimiter, a single character; default ','. */
  readonly delimiter?: string;
}

export interface FormatInfo {
  readonly format: FormatName;
  readonly options: FormatOptions;
}

/**
 * Encodes and decodes the columns of a key or a value. A row is the array of the columns'
 * values in declared order (see types/values.ts); null bytes stand for a null row (a tombstone
 * value or a null key). Decoding errors throw SerdeError.
 */
export interface Serde {
  serialize(row: readonly unknown[] | null): Buffer | null;
  deserialize(bytes: Buffer | null): unknown[] | null;
}

export class SerdeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SerdeError';
  }
}
