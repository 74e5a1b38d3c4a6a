// The key-value store: reads its own writes, flushes only changed keys, survives a reopen, stays
// correct when its cache evicts, and lists every key whether flushed or not.

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EmbeddedLog } from '../../src/log/embedded/embedded-log.js';
import { KeyValueStore } from '../../src/state/key-value-store.js';
import { listStores } from '../../src/state/store-registry.js';
import { memoryLog } from './state-fixtures.js';

describe('key-value store', () => {
  let log: EmbeddedLog;
  beforeEach(() => {
    log = memoryLog();
  });
  afterEach(() => log.close());

  function stored(name: string): number {
    return log.db.prepare(`SELECT count(*) FROM "state_${name}_kv"`).pluck().get() as number;
  }

  it('reads its own writes before any flush', () => {
    const s = KeyValueStore.open<number>(log.db, 'counts');
    expect(s.get('a')).toBeUndefined();
    s.put('a', 1);
    s.put('a', 2);
    expect(s.get('a')).toBe(2);
    expect(stored('counts')).toBe(0);
  });

  it('writes only the keys changed since the last flush', () => {
    const s = KeyValueStore.open<number>(log.db, 'counts');
    for (let i = 0; i < 10; i++) s.put(`k${i}`, i);
    expect(log.transaction(() => s.flush())).toBe(10);
    s.put('k3', 33);
    s.get('k4');
    s.put('k3', 34);
    expect(log.transaction(() => s.flush())).toBe(1);
    expect(log.db.prepare(`SELECT count(*) FROM "state_counts_kv"`).pluck().get()).toBe(10);
  });

  it('deletes a key at flush, and a put then delete in one batch leaves nothing', () => {
    const s = KeyValueStore.open<string>(log.db, 'kv');
    s.put('a', 'x');
    s.put('b', 'y');
    s.flush();
    s.delete('a');
    s.put('c', 'z');
    s.delete('c');
    expect(s.get('a')).toBeUndefined();
    s.flush();
    expect(stored('kv')).toBe(1);
    const reopened = KeyValueStore.open<string>(log.db, 'kv');
    expect([reopened.get('a'), reopened.get('b'), reopened.get('c')]).toEqual([undefined, 'y', undefined]);
  });

  it('counts keys including changes not yet flushed', () => {
    const s = KeyValueStore.open<number>(log.db, 'kv');
    s.put('a', 1);
    s.put('b', 2);
    expect(s.size()).toBe(2);
    s.flush();
    s.delete('a');
    s.put('c', 3);
    s.put('b', 20);
    expect(s.size()).toBe(2);
    s.flush();
    expect(s.size()).toBe(2);
  });

  it('keeps correct values when the cache evicts keys beyond its size', () => {
    const s = KeyValueStore.open<number>(log.db, 'sums', { cacheSize: 10 });
    const expected = new Map<string, number>();
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 100; i++) {
        const key = `k${(i * 7 + round) % 40}`;
        const next = (s.get(key) ?? 0) + i;
        s.put(key, next);
        expected.set(key, next);
      }
      s.flush();
      expect(s.cachedKeys).toBeLessThanOrEqual(10);
    }
    for (const [k, v] of expected) expect(s.get(k)).toBe(v);
  });

  it('with a cache of zero still reads every flushed value back', () => {
    const s = KeyValueStore.open<number[]>(log.db, 'lists', { cacheSize: 0 });
    s.put('a', [1, 2]);
    s.flush();
    expect(s.cachedKeys).toBe(0);
    expect(s.get('a')).toEqual([1, 2]);
  });

  it('lists every key, flushed or pending, with the newest values', () => {
    const s = KeyValueStore.open<number>(log.db, 'kv', { cacheSize: 0 });
    for (let i = 0; i < 1200; i++) s.put(`k${String(i).padStart(4, '0')}`, i);
    s.put('', -1);
    s.flush();
    s.put('k0001', 100);
    s.delete('k0002');
    s.put('new', 7);
    const all = new Map(s.entries());
    expect(all.size).toBe(1201);
    expect(all.get('')).toBe(-1);
    expect(all.get('k0001')).toBe(100);
    expect(all.has('k0002')).toBe(false);
    expect(all.get('k1199')).toBe(1199);
    expect(all.get('new')).toBe(7);
  });

  it('keeps keys with NUL characters apart through SQLite', () => {
    const s = KeyValueStore.open<number>(log.db, 'nul', { cacheSize: 0 });
    const keys = ['\u0000', '\u0000\u0000', 'a\u0000b', 'a'];
    keys.forEach((k, i) => s.put(k, i));
    s.flush();
    expect(keys.map((k) => s.get(k))).toEqual([0, 1, 2, 3]);
    expect(new Map(s.entries())).toEqual(new Map(keys.map((k, i) => [k, i])));
  });

  it('refuses undefined as a value, pointing at delete', () => {
    const s = KeyValueStore.open<number | undefined>(log.db, 'kv');
    expect(() => s.put('a', undefined)).toThrow(/cannot hold undefined; use delete/);
  });

  it('stores scalar states as SQLite numbers and text, and -0 and NaN exactly', () => {
    const s = KeyValueStore.open<unknown>(log.db, 'scalars', { cacheSize: 0 });
    const values: [string, unknown][] = [
      ['count', 42],
      ['sum', 0.1],
      ['max', 'zebra'],
      ['neg0', -0],
      ['nan', NaN],
      ['inf', -Infinity],
      ['big', 2n ** 70n],
      ['obj', { n: 1 }],
    ];
    for (const [k, v] of values) s.put(k, v);
    s.flush();
    const types = Object.fromEntries(
      log.db.prepare(`SELECT key, typeof(value) FROM "state_scalars_kv"`).raw().all() as [string, string][],
    );
    expect(types).toEqual({ count: 'real', sum: 'real', max: 'text', neg0: 'blob', nan: 'blob', inf: 'real', big: 'blob', obj: 'blob' });
    for (const [k, v] of values) expect(s.get(k)).toStrictEqual(v);
  });

  it('uses a custom codec when given one', () => {
    const s = KeyValueStore.open<number>(log.db, 'raw', {
      codec: { encode: (v) => Buffer.from(String(v)), decode: (b) => Number(b.toString()) },
    });
    s.put('a', 12);
    s.flush();
    expect(log.db.prepare(`SELECT value FROM "state_raw_kv"`).pluck().get()).toEqual(Buffer.from('12'));
    expect(KeyValueStore.open<number>(log.db, 'raw', { codec: { encode: (v) => Buffer.from(String(v)), decode: (b) => Number(b.toString()) } }).get('a')).toBe(12);
  });

  it('refuses to reopen a store as another kind or with another schema', () => {
    KeyValueStore.open(log.db, 'agg', { schema: 'COUNT' });
    expect(() => KeyValueStore.open(log.db, 'agg', { schema: 'SUM' })).toThrow(/exists as a key-value store with schema COUNT/);
    expect(() => KeyValueStore.open(log.db, 'AGG', { schema: 'COUNT' })).toThrow(/case-insensitive/);
    expect(() => KeyValueStore.open(log.db, 'bad name')).toThrow(/Invalid state store name 'bad name'/);
  });

  it('drops its table and registration', () => {
    const s = KeyValueStore.open<number>(log.db, 'gone');
    s.put('a', 1);
    s.flush();
    s.drop();
    expect(listStores(log.db).map((i) => i.name)).not.toContain('gone');
    expect(() => s.get('a')).toThrow(/was dropped/);
    expect(KeyValueStore.open<number>(log.db, 'gone').get('a')).toBeUndefined();
  });
});
