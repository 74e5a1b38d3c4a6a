// The change buffer of aggregations with the record cache on: each changed key emitted once per
// batch with its latest value, in the order keys last changed, early when it outgrows its size.

import { describe, expect, it } from 'vitest';
import { ChangeBuffer } from '../../src/runtime/change-buffer.js';

function buffer(maxBytes = 1_000_000): { b: ChangeBuffer<string, number>; out: [string, number, number][] } {
  const out: [string, number, number][] = [];
  const b = new ChangeBuffer<string, number>(maxBytes, () => 100, (k, v, ts) => out.push([k, v, ts]));
  return { b, out };
}

describe('the change buffer', () => {
  it('emits each changed key once, with its latest value and time, least recently changed first', () => {
    const { b, out } = buffer();
    b.set('a', 1, 10, []);
    b.set('b', 1, 11, []);
    b.set('a', 2, 12, []);
    b.set('c', 1, 13, []);
    expect(b.size).toBe(3);
    expect(out).toEqual([]);
    b.flush();
    expect(out).toEqual([
      ['b', 1, 11],
      ['a', 2, 12],
      ['c', 1, 13],
    ]);
    expect(b.size).toBe(0);
    b.flush();
    expect(out.length).toBe(3);
  });

  it('emits what it holds once a new key takes it past its size', () => {
    const { b, out } = buffer(250);
    b.set('a', 1, 1, []);
    b.set('b', 1, 2, []);
    b.set('a', 2, 3, []);
    expect(out).toEqual([]);
    b.set('c', 1, 4, []);
    expect(out).toEqual([
      ['b', 1, 2],
      ['a', 2, 3],
      ['c', 1, 4],
    ]);
  });

  it('forgets a rolled-back batch', () => {
    const { b, out } = buffer();
    b.set('a', 1, 1, []);
    b.discard();
    b.flush();
    expect(out).toEqual([]);
  });
});
