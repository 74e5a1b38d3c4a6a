// Shared helpers for the state store tests: a fresh embedded log (in memory or in a temporary
// file that can be reopened) whose database the stores share.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedLog } from '../../src/log/embedded/embedded-log.js';

/** A temporary database file; `remove` deletes its directory. */
export function tempDbFile(): { path: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'ksqlite-state-test-'));
  return { path: join(dir, 'state.db'), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export function memoryLog(): EmbeddedLog {
  return EmbeddedLog.open(':memory:');
}
