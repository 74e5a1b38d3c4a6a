// The session store: the sessions a record merges with, merging by remove + put, retention by
// session end, and closed-session scans.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EmbeddedLog } from '../../src/log/embedded/embedded-log.js';
import { SessionStore } from '../../src/state/session-store.js';
import { memoryLog } from './state-fixtures.js';

describe('session store', () => {
  let log: EmbeddedLog;
  beforeEach(() => {
    log = memoryLog();
  });
  afterEach(() => log.close());

  function rows(): [string, number, number, Buffer][] {
    return log.db.prepare(`SELECT key, ses_start, ses_end, value FROM "state_s_ses" ORDER BY key, ses_start`).raw().all() as [string, number, number, Buffer][];
  }

  function spans(s: SessionStore<number>, key: string): [number, number, number][] {
    return s.sessions(key).map((x) => [x.start, x.end, x.value]);
  }

  it('finds the sessions overlapping [t - gap, t + gap]', () => {
    const s = SessionStore.open<number>(log.db, 's');
    s.put('k', 0, 10, 1);
    s.put('k', 100, 120, 2);
    s.put('k', 300, 300, 3);
    s.put('other', 50, 60, 9);
    const gap = 30;
    expect(s.findSessions('k', 60 - gap, 60 + gap)).toEqual([]);
    expect(s.findSessions('k', 40 - gap, 40 + gap).map((x) => x.start)).toEqual([0]);
    expect(s.findSessions('k', 70 - gap, 70 + gap).map((x) => x.start)).toEqual([100]);
    expect(s.findSessions('k', 55 - 50, 55 + 50).map((x) => x.start)).toEqual([0, 100]);
  });

  it('merges sessions by removing them and putting the merged one, also after a flush', () => {
    const s = SessionStore.open<number>(log.db, 's', { cacheSize: 0 });
    s.put('k', 0, 10, 1);
    s.put('k', 40, 50, 2);
    s.flush();
    const found = s.findSessions('k', 25 - 20, 25 + 20);
    let total = 1;
    for (const x of found) {
      s.remove('k', x.start, x.end);
      total += x.value;
    }
    s.put('k', 0, 50, total);
    expect(spans(s, 'k')).toEqual([[0, 50, 4]]);
    s.flush();
    expect(rows().map((r) => [r[0], r[1], r[2]])).toEqual([['k', 0, 50]]);
    expect(spans(SessionStore.open<number>(log.db, 's'), 'k')).toEqual([[0, 50, 4]]);
  });

  it('replaces a session with the same bounds and keeps sessions sorted by start', () => {
    const s = SessionStore.open<number>(log.db, 's');
    s.put('k', 50, 60, 1);
    s.put('k', 10, 20, 2);
    s.put('k', 10, 15, 3);
    s.put('k', 50, 60, 4);
    expect(spans(s, 'k')).toEqual([
      [10, 15, 3],
      [10, 20, 2],
      [50, 60, 4],
    ]);
  });

  it('a removed then re-put session survives the flush', () => {
    const s = SessionStore.open<number>(log.db, 's');
    s.put('k', 0, 5, 1);
    s.flush();
    s.remove('k', 0, 5);
    s.put('k', 0, 5, 2);
    s.flush();
    expect(spans(SessionStore.open<number>(log.db, 's'), 'k')).toEqual([[0, 5, 2]]);
  });

  it('expires sessions that ended before the cutoff', () => {
    const s = SessionStore.open<number>(log.db, 's');
    s.put('k', 0, 10, 1);
    s.put('k', 20, 30, 2);
    s.flush();
    s.expire(20);
    expect(spans(s, 'k')).toEqual([[20, 30, 2]]);
    s.put('k', 5, 15, 7); // already expired: ignored
    s.flush();
    expect(rows().map((r) => [r[1], r[2]])).toEqual([[20, 30]]);
  });

  it('lists sessions ending in a range across keys, flushed and pending', () => {
    const s = SessionStore.open<number>(log.db, 's', { cacheSize: 0 });
    s.put('a', 0, 10, 1);
    s.put('b', 5, 12, 2);
    s.flush();
    s.remove('b', 5, 12);
    s.put('b', 5, 14, 3);
    s.put('c', 11, 11, 4);
    expect(s.sessionsEndingIn(10, 15).map((x) => [x.key, x.start, x.end, x.value])).toEqual([
      ['a', 0, 10, 1],
      ['c', 11, 11, 4],
      ['b', 5, 14, 3],
    ]);
  });

  it('rejects a session that ends before it starts', () => {
    const s = SessionStore.open<number>(log.db, 's');
    expect(() => s.put('k', 10, 5, 1)).toThrow(/ends before it starts/);
  });
});
