// The record cache of aggregations: the latest change per row and window within a batch, sent on
// in the order rows last changed, early when the cache outgrows its size; and its size property.

import { describe, expect, it } from 'vitest';
import { DEFAULT_CACHE_BYTES, RecordCache, cacheBytes } from '../../src/runtime/record-cache.js';
import type { Rec } from '../../src/runtime/record.js';
import type { SqlType } from '../../src/types/sql-type.js';

const STRING: SqlType = { kind: 'STRING' };
const INT: SqlType = { kind: 'INTEGER' };

function rec(row: unknown[], window?: { start: number; end: number }): Rec {
  return { row, ts: 0, headers: [], ...(window ? { window } : {}) };
}

function collect(keyTypes: readonly SqlType[], maxBytes = DEFAULT_CACHE_BYTES): { cache: RecordCache; out: unknown[][] } {
  const out: unknown[][] = [];
  const cache = new RecordCache(keyTypes, maxBytes, (r) => out.push(r.window ? [...r.row, r.window.start] : r.row));
  return { cache, out };
}

describe('the record cache', () => {
  it('keeps the latest change of each key and sends them in the order keys last changed', () => {
    const { cache, out } = collect([STRING]);
    cache.push(rec(['a', 1]));
    cache.push(rec(['b', 1]));
    cache.push(rec(['a', 2]));
    cache.push(rec(['c', 1]));
    expect(out).toEqual([]);
    expect(cache.size).toBe(3);
    cache.flush();
    expect(out).toEqual([
      ['b', 1],
      ['a', 2],
      ['c', 1],
    ]);
    expect(cache.size).toBe(0);
  });

  it('tells windows of one key apart', () => {
    const { cache, out } = collect([STRING]);
    cache.push(rec(['a', 1], { start: 0, end: 10 }));
    cache.push(rec(['a', 1], { start: 10, end: 20 }));
    cache.push(rec(['a', 2], { start: 0, end: 10 }));
    cache.flush();
    expect(out).toEqual([
      ['a', 1, 10],
      ['a', 2, 0],
    ]);
  });

  it('tells multi-column keys apart, nulls included', () => {
    const { cache, out } = collect([STRING, INT]);
    cache.push(rec(['a', 1, 'x']));
    cache.push(rec(['a', null, 'y']));
    cache.push(rec([null, 1, 'z']));
    cache.push(rec(['a', 1, 'w']));
    cache.flush();
    expect(out).toEqual([
      ['a', null, 'y'],
      [null, 1, 'z'],
      ['a', 1, 'w'],
    ]);
  });

  it('sends what it holds early, least recently changed first, when a new row takes it past its size', () => {
    // Each entry counts 64 bytes plus its key and cells: two fit in 200 bytes, three do not.
    const { cache, out } = collect([STRING], 200);
    cache.push(rec(['a', 1]));
    cache.push(rec(['b', 1]));
    cache.push(rec(['a', 2]));
    expect(out).toEqual([]);
    cache.push(rec(['c', 1]));
    expect(out).toEqual([
      ['b', 1],
      ['a', 2],
      ['c', 1],
    ]);
    expect(cache.size).toBe(0);
    cache.push(rec(['a', 3]));
    cache.flush();
    expect(out.slice(3)).toEqual([['a', 3]]);
  });

  it('forgets a rolled-back batch', () => {
    const { cache, out } = collect([STRING]);
    cache.push(rec(['a', 1]));
    cache.discard();
    cache.flush();
    expect(out).toEqual([]);
  });

  it('reads its size from ksqlDB\'s property or Kafka\'s newer name, 10 MB by default', () => {
    expect(cacheBytes({})).toBe(10_000_000);
    expect(cacheBytes({ 'ksql.streams.cache.max.bytes.buffering': '0' })).toBe(0);
    expect(cacheBytes({ 'ksql.streams.statestore.cache.max.bytes': ' 2048 ' })).toBe(2048);
    expect(() => cacheBytes({ 'ksql.streams.cache.max.bytes.buffering': 'lots' })).toThrow(
      "Invalid value 'lots' for property ksql.streams.cache.max.bytes.buffering: give a whole number of bytes >= 0 (0 turns the cache off)",
    );
    expect(() => cacheBytes({ 'ksql.streams.cache.max.bytes.buffering': '-1' })).toThrow('Invalid value');
  });
});
