// Batches: a store's flush commits with the log's outputs and offsets in one transaction, rolls
// back with them, and what was committed is there after reopening the database file.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddedLog } from '../../src/log/embedded/embedded-log.js';
import { commitBatch } from '../../src/state/batch.js';
import { KeyValueStore } from '../../src/state/key-value-store.js';
import { MaterializedTable } from '../../src/state/materialized/materialized-table.js';
import { SessionStore } from '../../src/state/session-store.js';
import { WindowStore } from '../../src/state/window-store.js';
import { BIGINT, STRING } from '../../src/types/sql-type.js';
import { tempDbFile } from './state-fixtures.js';

const TABLE_COLUMNS = [
  { name: 'ID', type: STRING, key: true },
  { name: 'TOTAL', type: BIGINT, key: false },
];

describe('state in batch transactions', () => {
  let file: { path: string; remove: () => void };
  let log: EmbeddedLog;
  beforeEach(() => {
    file = tempDbFile();
    log = EmbeddedLog.open(file.path);
    log.createTopic('out', { partitions: 1 });
  });
  afterEach(() => {
    log.close();
    file.remove();
  });

  function produced(): string[] {
    return log.read('out', 0, 0, 100).map((r) => r.value!.toString());
  }

  it('commits state, outputs and offsets of a batch together', () => {
    const counts = KeyValueStore.open<number>(log.db, 'counts');
    commitBatch(log, [counts], () => {
      counts.put('a', 1);
      log.produce('out', [{ key: Buffer.from('a'), value: Buffer.from('1'), timestamp: 1 }]);
      log.commitOffsets('q', [{ topic: 'out', partition: 0, offset: 1 }]);
    });
    expect(produced()).toEqual(['1']);
    expect(log.committedOffset('q', 'out', 0)).toBe(1);
    expect(KeyValueStore.open<number>(log.db, 'counts', { cacheSize: 0 }).get('a')).toBe(1);
  });

  it('rolls back state and the produced record together when the batch throws, and forgets the batch in memory', () => {
    const counts = KeyValueStore.open<number>(log.db, 'counts');
    const table = MaterializedTable.create(log.db, 'totals', TABLE_COLUMNS, false);
    commitBatch(log, [counts, table], () => {
      counts.put('a', 1);
      table.upsert(['a'], [1], 10);
    });
    expect(() =>
      commitBatch(log, [counts, table], () => {
        counts.put('a', (counts.get('a') ?? 0) + 1);
        table.upsert(['a'], [2], 20);
        log.produce('out', [{ key: Buffer.from('a'), value: Buffer.from('2'), timestamp: 2 }]);
        throw new Error('operator failed');
      }),
    ).toThrow('operator failed');
    expect(produced()).toEqual([]);
    expect(counts.get('a')).toBe(1);
    expect(table.get(['a'])?.value).toEqual([1]);
    expect(table.select()).toHaveLength(1);
  });

  it('rolls back a flush that already ran when a later step of the batch fails', () => {
    const counts = KeyValueStore.open<number>(log.db, 'counts');
    commitBatch(log, [counts], () => counts.put('a', 1));
    const failing = {
      name: 'failing',
      flush: (): void => {
        throw new Error('disk full');
      },
      discard: (): void => undefined,
    };
    // counts is flushed (its cache marks 'a' = 2 clean) before the second store fails.
    expect(() => commitBatch(log, [counts, failing], () => counts.put('a', 2))).toThrow('disk full');
    expect(counts.get('a')).toBe(1);
    expect(KeyValueStore.open<number>(log.db, 'counts', { cacheSize: 0 }).get('a')).toBe(1);
  });

  it('replaying a failed batch does not double count', () => {
    const counts = KeyValueStore.open<number>(log.db, 'counts');
    const batch = (fail: boolean): void =>
      commitBatch(log, [counts], () => {
        for (const k of ['a', 'b', 'a']) counts.put(k, (counts.get(k) ?? 0) + 1);
        if (fail) throw new Error('crash');
      });
    batch(false);
    expect(() => batch(true)).toThrow('crash');
    batch(false);
    expect([counts.get('a'), counts.get('b')]).toEqual([4, 2]);
  });

  it('restores a window store to its committed retention cutoff after a failed batch', () => {
    const windows = WindowStore.open<number>(log.db, 'w', { windowSize: 10 });
    commitBatch(log, [windows], () => windows.put('k', 0, 1));
    expect(() =>
      commitBatch(log, [windows], () => {
        windows.expire(100);
        throw new Error('crash');
      }),
    ).toThrow('crash');
    expect(windows.get('k', 0)).toBe(1);
    windows.put('k', 10, 2);
    expect(windows.get('k', 10)).toBe(2);
  });

  it('shows flushed state after the database is closed and reopened', () => {
    const counts = KeyValueStore.open<number>(log.db, 'counts');
    const windows = WindowStore.open<string>(log.db, 'win', { windowSize: 1000 });
    const sessions = SessionStore.open<number>(log.db, 'ses');
    const table = MaterializedTable.create(log.db, 'totals', TABLE_COLUMNS, false);
    commitBatch(log, [counts, windows, sessions, table], () => {
      counts.put('a', 5);
      windows.put('a', 0, 'first');
      windows.put('a', 1000, 'second');
      windows.expire(-5);
      sessions.put('a', 10, 20, 3);
      table.upsert(['a'], [5n], 99);
    });
    counts.put('unflushed', 1);
    log.close();

    log = EmbeddedLog.open(file.path);
    const counts2 = KeyValueStore.open<number>(log.db, 'counts');
    const windows2 = WindowStore.open<string>(log.db, 'win', { windowSize: 1000 });
    const sessions2 = SessionStore.open<number>(log.db, 'ses');
    const table2 = MaterializedTable.create(log.db, 'totals', TABLE_COLUMNS, false);
    expect(counts2.get('a')).toBe(5);
    expect(counts2.get('unflushed')).toBeUndefined();
    expect(windows2.windows('a').map((w) => [w.start, w.end, w.value])).toEqual([
      [0, 1000, 'first'],
      [1000, 2000, 'second'],
    ]);
    expect(sessions2.sessions('a')).toEqual([{ key: 'a', start: 10, end: 20, value: 3 }]);
    expect(table2.get(['a'])).toEqual({ key: ['a'], value: [5], rowtime: 99, window: null });
  });
});
