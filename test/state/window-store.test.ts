// The window store: per-key windows of one size for tumbling and hopping aggregations, range
// fetches, closed-window scans for EMIT FINAL, and retention by window end.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EmbeddedLog } from '../../src/log/embedded/embedded-log.js';
import { WindowStore } from '../../src/state/window-store.js';
import { memoryLog } from './state-fixtures.js';

describe('window store', () => {
  let log: EmbeddedLog;
  beforeEach(() => {
    log = memoryLog();
  });
  afterEach(() => log.close());

  /** [key, start, end] of the rows in SQLite, for a store of windows of `size`. */
  function rows(name: string, size: number): [string, number, number][] {
    const stored = log.db.prepare(`SELECT key, win_start FROM "state_${name}_win" ORDER BY key, win_start`).raw().all() as [string, number][];
    return stored.map(([key, start]) => [key, start, start + size]);
  }

  it('keeps one state per key and window start, ending at start + size', () => {
    const s = WindowStore.open<number>(log.db, 'w', { windowSize: 100 });
    s.put('a', 0, 1);
    s.put('a', 100, 2);
    s.put('b', 0, 3);
    s.put('a', 0, 10);
    expect([s.get('a', 0), s.get('a', 100), s.get('b', 0), s.get('b', 100)]).toEqual([10, 2, 3, undefined]);
    s.flush();
    expect(rows('w', 100)).toEqual([
      ['a', 0, 100],
      ['a', 100, 200],
      ['b', 0, 100],
    ]);
  });

  it('fetches the windows of a key whose start is in a range, in start order, hopping windows included', () => {
    const s = WindowStore.open<string>(log.db, 'hop', { windowSize: 60, cacheSize: 0 });
    for (const start of [40, 0, 20, 60]) s.put('k', start, `w${start}`);
    s.put('other', 20, 'x');
    s.flush();
    expect(s.fetch('k', 10, 45).map((w) => [w.start, w.end, w.value])).toEqual([
      [20, 80, 'w20'],
      [40, 100, 'w40'],
    ]);
    expect(s.windows('k').map((w) => w.start)).toEqual([0, 20, 40, 60]);
  });

  it('deletes a window at flush', () => {
    const s = WindowStore.open<number>(log.db, 'w', { windowSize: 10 });
    s.put('a', 0, 1);
    s.put('a', 10, 2);
    s.flush();
    s.delete('a', 0);
    expect(s.get('a', 0)).toBeUndefined();
    s.flush();
    expect(rows('w', 10)).toEqual([['a', 10, 20]]);
  });

  it('expires windows whose end is before the cutoff, in memory at once and in SQLite at flush', () => {
    const s = WindowStore.open<number>(log.db, 'w', { windowSize: 100 });
    for (const start of [0, 100, 200]) s.put('a', start, start);
    s.put('b', 0, 0);
    s.flush();
    s.expire(200); // windows ending before 200: [0, 100)
    expect(s.get('a', 0)).toBeUndefined();
    expect(s.get('a', 100)).toBe(100); // ends at 200, not before it
    expect(s.windows('a').map((w) => w.start)).toEqual([100, 200]);
    s.flush();
    expect(rows('w', 100)).toEqual([
      ['a', 100, 200],
      ['a', 200, 300],
    ]);
  });

  it('ignores a put into a window already expired, as Kafka Streams does', () => {
    const s = WindowStore.open<number>(log.db, 'w', { windowSize: 10 });
    s.expire(50);
    s.put('a', 30, 1);
    s.put('a', 40, 2);
    s.flush();
    expect(rows('w', 10)).toEqual([['a', 40, 50]]);
  });

  it('keeps the committed cutoff across a reopen, so expired windows stay gone', () => {
    const s = WindowStore.open<number>(log.db, 'w', { windowSize: 10 });
    s.put('a', 0, 1);
    s.put('a', 100, 2);
    s.expire(50);
    s.flush();
    const reopened = WindowStore.open<number>(log.db, 'w', { windowSize: 10 });
    reopened.put('a', 20, 3);
    expect(reopened.windows('a').map((w) => w.start)).toEqual([100]);
  });

  it('lists windows ending in a range across keys, flushed and pending, ordered by end, start and key', () => {
    const s = WindowStore.open<number>(log.db, 'w', { windowSize: 10, cacheSize: 0 });
    s.put('b', 0, 1);
    s.put('a', 0, 2);
    s.put('a', 10, 3);
    s.put('c', 30, 4);
    s.flush();
    s.put('a', 0, 20); // pending change of a flushed window
    s.delete('b', 0);
    s.put('d', 5, 5);
    const closed = s.windowsEndingIn(10, 21).map((w) => [w.key, w.start, w.end, w.value]);
    expect(closed).toEqual([
      ['a', 0, 10, 20],
      ['d', 5, 15, 5],
      ['a', 10, 20, 3],
    ]);
  });

  it('stays correct when the cache evicts keys', () => {
    const s = WindowStore.open<number>(log.db, 'w', { windowSize: 10, cacheSize: 3 });
    const expected = new Map<string, number>();
    for (let i = 0; i < 300; i++) {
      const key = `k${i % 17}`;
      const start = (i % 5) * 10;
      const next = (s.get(key, start) ?? 0) + 1;
      s.put(key, start, next);
      expected.set(`${key}@${start}`, next);
      if (i % 20 === 19) {
        s.flush();
        expect(s.cachedKeys).toBeLessThanOrEqual(3);
      }
    }
    s.flush();
    for (const [k, v] of expected) {
      const [key, start] = k.split('@');
      expect(s.get(key!, Number(start))).toBe(v);
    }
  });

  it('keeps the state of windows a key has moved past, for late records after a flush', () => {
    const s = WindowStore.open<number>(log.db, 'w', { windowSize: 10 });
    s.put('a', 0, 1);
    s.put('b', 0, 5);
    s.flush();
    s.put('a', 10, 2);
    s.put('a', 20, 3);
    s.flush();
    // A late record for a's first window, and a key that never moved on.
    s.put('a', 0, s.get('a', 0)! + 1);
    s.put('b', 0, s.get('b', 0)! + 1);
    expect([s.get('a', 0), s.get('a', 10), s.get('a', 20), s.get('b', 0)]).toEqual([2, 2, 3, 6]);
    expect(s.windows('a').map((w) => [w.start, w.value])).toEqual([
      [0, 2],
      [10, 2],
      [20, 3],
    ]);
    s.flush();
    expect(WindowStore.open<number>(log.db, 'w', { windowSize: 10 }).windows('a').map((w) => w.value)).toEqual([2, 2, 3]);
  });

  it('reads windows flushed by an earlier store object once reopened cold', () => {
    const s = WindowStore.open<number>(log.db, 'w', { windowSize: 100 });
    s.put('a', 100, 1);
    s.put('b', 200, 2);
    s.flush();
    const cold = WindowStore.open<number>(log.db, 'w', { windowSize: 100 });
    expect([cold.get('a', 100), cold.get('b', 200), cold.get('a', 200), cold.get('a', 50)]).toEqual([1, 2, undefined, undefined]);
    cold.put('a', 100, cold.get('a', 100)! + 1);
    cold.flush();
    expect(WindowStore.open<number>(log.db, 'w', { windowSize: 100 }).get('a', 100)).toBe(2);
  });

  it('refuses to reopen with another window size', () => {
    WindowStore.open(log.db, 'w', { windowSize: 10 });
    expect(() => WindowStore.open(log.db, 'w', { windowSize: 20 })).toThrow(/cannot be opened as a window store/);
    expect(() => WindowStore.open(log.db, 'z', { windowSize: 0 })).toThrow(/window size in whole ms > 0/);
  });
});
