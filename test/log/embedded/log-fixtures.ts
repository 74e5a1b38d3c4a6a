// Shared helpers for the embedded log tests: temporary database files and terse records.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogRecord, ProduceRecord } from '../../../src/log/types.js';

/** A fresh directory for database files; call the returned function to delete it. */
export function tempDir(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'ksqlite-log-test-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function rec(key: string | null, value: string | null, timestamp = 1000, partition?: number): ProduceRecord {
  return {
    key: key === null ? null : Buffer.from(key),
    value: value === null ? null : Buffer.from(value),
    timestamp,
    ...(partition === undefined ? {} : { partition }),
  };
}

/** [offset, key, value] of records, for readable expectations. */
export function kv(records: readonly LogRecord[]): [number, string | null, string | null][] {
  return records.map((r) => [r.offset, r.key?.toString() ?? null, r.value?.toString() ?? null]);
}
