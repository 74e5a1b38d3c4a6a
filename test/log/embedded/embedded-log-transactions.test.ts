// Atomic batches and wake-ups: produced records, consumer positions and the engine's own tables
// commit or roll back together, and consumers hear about appends only once they are committed.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EmbeddedLog } from '../../../src/log/embedded/embedded-log.js';
import { kv, rec } from './log-fixtures.js';

describe('embedded log transactions', () => {
  let log: EmbeddedLog;
  beforeEach(() => {
    log = EmbeddedLog.open(':memory:');
    log.createTopic('in', { partitions: 1 });
    log.createTopic('out', { partitions: 2 });
    log.db.exec('CREATE TABLE state (k TEXT PRIMARY KEY, v INTEGER)');
  });
  afterEach(() => log.close());

  it('commits outputs, state and input offsets of a batch together', () => {
    const result = log.transaction(() => {
      log.produce('out', [rec('k', 'v', 1, 0), rec('k2', 'v2', 1, 1)]);
      log.db.prepare("INSERT INTO state VALUES ('count', 2)").run();
      log.commitOffsets('q1', [{ topic: 'in', partition: 0, offset: 7 }]);
      return 'done';
    });
    expect(result).toBe('done');
    expect(log.endOffsets('out')).toEqual([1, 1]);
    expect(log.db.prepare('SELECT v FROM state').pluck().get()).toBe(2);
    expect(log.committedOffset('q1', 'in', 0)).toBe(7);
  });

  it('rolls back produced records, state and offsets when the batch throws', () => {
    log.produce('out', [rec('before', 'x', 1, 0)]);
    expect(() =>
      log.transaction(() => {
        log.produce('out', [rec('k', 'v', 1, 0), rec('k2', 'v2', 1, 1)]);
        log.db.prepare("INSERT INTO state VALUES ('count', 2)").run();
        log.commitOffsets('q1', [{ topic: 'in', partition: 0, offset: 7 }]);
        throw new Error('operator failed');
      }),
    ).toThrow('operator failed');
    expect(log.endOffsets('out')).toEqual([1, 0]);
    expect(kv(log.read('out', 0, 0, 10))).toEqual([[0, 'before', 'x']]);
    expect(log.db.prepare('SELECT count(*) FROM state').pluck().get()).toBe(0);
    expect(log.committedOffset('q1', 'in', 0)).toBeUndefined();
    // Offsets continue densely after the rollback.
    expect(log.produce('out', [rec('after', 'y', 1, 0)])).toEqual([{ partition: 0, offset: 1 }]);
  });

  it('rolls back only the inner work when a nested transaction fails and the caller recovers', () => {
    log.transaction(() => {
      log.produce('out', [rec('outer', '1', 1, 0)]);
      expect(() =>
        log.transaction(() => {
          log.produce('out', [rec('inner', '2', 1, 0)]);
          throw new Error('inner failed');
        }),
      ).toThrow('inner failed');
      log.produce('out', [rec('outer2', '3', 1, 0)]);
    });
    expect(kv(log.read('out', 0, 0, 10))).toEqual([
      [0, 'outer', '1'],
      [1, 'outer2', '3'],
    ]);
  });

  it('stays consistent inside a transaction begun directly on the shared database', () => {
    log.produce('out', [rec('a', '1', 1, 0)]);
    const direct = log.db.transaction((fail: boolean) => {
      const before = log.endOffset('out', 0);
      log.produce('out', [rec('b', '2', 1, 0)]);
      expect(log.endOffset('out', 0)).toBe(before + 1);
      if (fail) throw new Error('direct rollback');
    });
    expect(() => direct(true)).toThrow('direct rollback');
    expect(log.endOffset('out', 0)).toBe(1);
    expect(log.produce('out', [rec('c', '3', 1, 0)])).toEqual([{ partition: 0, offset: 1 }]);
    direct(false);
    expect(log.produce('out', [rec('d', '4', 1, 0)])).toEqual([{ partition: 0, offset: 3 }]);
    expect(kv(log.read('out', 0, 0, 10)).map((r) => r[1])).toEqual(['a', 'c', 'b', 'd']);
  });

  it('forgets a topic whose creation was rolled back', () => {
    expect(() =>
      log.transaction(() => {
        log.createTopic('temp', { partitions: 1 });
        log.produce('temp', [rec('k', 'v')]);
        throw new Error('abort');
      }),
    ).toThrow('abort');
    expect(log.hasTopic('temp')).toBe(false);
    expect(() => log.produce('temp', [rec('k', 'v')])).toThrow(/Topic 'temp' does not exist/);
    const direct = log.db.transaction(() => {
      log.createTopic('temp2', { partitions: 1 });
      log.produce('temp2', [rec('k', 'v')]);
      throw new Error('abort');
    });
    expect(() => direct()).toThrow('abort');
    expect(() => log.endOffset('temp2', 0)).toThrow(/Topic 'temp2' does not exist/);
  });

  it('produces all partitions of one call atomically: a bad record stores none of them', () => {
    expect(() => log.produce('out', [rec('a', '1', 1, 0), rec('b', '2', 1, 1), rec('c', '3', 1.5, 1)])).toThrow(/whole number/);
    expect(log.endOffsets('out')).toEqual([0, 0]);
  });

  it('commits several consumer positions at once and overwrites older ones', () => {
    log.commitOffsets('q1', [
      { topic: 'out', partition: 0, offset: 3 },
      { topic: 'out', partition: 1, offset: 5 },
      { topic: 'in', partition: 0, offset: 1 },
    ]);
    log.commitOffsets('q1', [{ topic: 'out', partition: 1, offset: 9 }]);
    log.commitOffsets('q2', [{ topic: 'out', partition: 1, offset: 1 }]);
    expect([log.committedOffset('q1', 'out', 0), log.committedOffset('q1', 'out', 1), log.committedOffset('q1', 'in', 0)]).toEqual([3, 9, 1]);
    expect(log.committedOffset('q2', 'out', 1)).toBe(1);
    log.deleteGroup('q1');
    expect(log.committedOffset('q1', 'out', 1)).toBeUndefined();
    expect(log.committedOffset('q2', 'out', 1)).toBe(1);
  });

  it('refuses to commit a position on a missing topic or partition, or a negative offset, storing none', () => {
    expect(() =>
      log.commitOffsets('q1', [
        { topic: 'in', partition: 0, offset: 1 },
        { topic: 'nope', partition: 0, offset: 1 },
      ]),
    ).toThrow(/Topic 'nope' does not exist/);
    expect(log.committedOffset('q1', 'in', 0)).toBeUndefined();
    expect(() => log.commitOffsets('q1', [{ topic: 'out', partition: 2, offset: 1 }])).toThrow(/partition 2 does not exist/);
    expect(() => log.commitOffsets('q1', [{ topic: 'out', partition: 0, offset: -1 }])).toThrow(/whole numbers >= 0/);
  });
});

describe('embedded log append notifications', () => {
  let log: EmbeddedLog;
  let heard: string[];
  beforeEach(() => {
    log = EmbeddedLog.open(':memory:');
    log.createTopic('a', { partitions: 1 });
    log.createTopic('b', { partitions: 1 });
    heard = [];
    log.onAppend((topic) => heard.push(topic));
  });
  afterEach(() => log.close());

  it('tells listeners after a produce outside any transaction', () => {
    log.produce('a', [rec('k', 'v')]);
    expect(heard).toEqual(['a']);
    log.produce('a', []);
    expect(heard).toEqual(['a']);
  });

  it('waits for the outermost transaction to commit, then names each topic once', () => {
    log.transaction(() => {
      log.produce('a', [rec('k', 'v')]);
      log.transaction(() => log.produce('b', [rec('k', 'v')]));
      log.produce('a', [rec('k2', 'v2')]);
      expect(heard).toEqual([]);
    });
    expect(heard.sort()).toEqual(['a', 'b']);
  });

  it('says nothing when the transaction rolls back', () => {
    expect(() =>
      log.transaction(() => {
        log.produce('a', [rec('k', 'v')]);
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(heard).toEqual([]);
    log.produce('b', [rec('k', 'v')]);
    expect(heard).toEqual(['b']);
  });

  it('lets a record written by a woken listener be read at once, and stops after unsubscribing', () => {
    const seen: string[] = [];
    const unsubscribe = log.onAppend((topic) => {
      seen.push(...log.read(topic, 0, 0, 10).map((r) => r.value!.toString()));
    });
    log.produce('a', [rec('k', 'first')]);
    expect(seen).toEqual(['first']);
    unsubscribe();
    log.produce('a', [rec('k', 'second')]);
    expect(seen).toEqual(['first']);
    expect(heard).toEqual(['a', 'a']);
  });

  it('still tells every listener when one throws, then reports the error after the commit', () => {
    log.onAppend(() => {
      throw new Error('listener broke');
    });
    const late: string[] = [];
    log.onAppend((t) => late.push(t));
    expect(() => log.produce('a', [rec('k', 'v')])).toThrow('listener broke');
    expect(heard).toEqual(['a']);
    expect(late).toEqual(['a']);
    expect(log.endOffset('a', 0)).toBe(1);
  });
});
