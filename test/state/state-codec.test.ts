// The aggregate state codec: every kind of state the aggregate functions keep comes back exactly,
// including types JSON loses (bigint, Decimal, Buffer, Map, Set, -0, NaN).

import { describe, expect, it } from 'vitest';
import { deserializeState, serializeState } from '../../src/state/state-codec.js';
import { Decimal, DecimalContext } from '../../src/types/values.js';

function roundTrip(v: unknown): unknown {
  return deserializeState(serializeState(v));
}

describe('state codec', () => {
  it('round trips scalars exactly', () => {
    for (const v of [null, undefined, true, false, 0, 1, -1, 2 ** 31, -(2 ** 31) - 1, 0.1, Infinity, -Infinity, '', 'héllo ✓', 'x'.repeat(500)]) {
      expect(roundTrip(v)).toStrictEqual(v);
    }
    expect(Object.is(roundTrip(-0), -0)).toBe(true);
    expect(Number.isNaN(roundTrip(NaN))).toBe(true);
  });

  it('keeps bigints as bigints, beyond 64 bits too', () => {
    expect(roundTrip(5n)).toBe(5n);
    expect(roundTrip(-(2n ** 63n))).toBe(-(2n ** 63n));
    expect(roundTrip(2n ** 100n + 1n)).toBe(2n ** 100n + 1n);
  });

  it('keeps Decimals exact and usable with the engine decimal context', () => {
    const d = roundTrip(new DecimalContext('12345678901234567890.123456789012345678')) as Decimal;
    expect(d).toBeInstanceOf(Decimal);
    expect(d.toFixed()).toBe('12345678901234567890.123456789012345678');
    expect((roundTrip(new Decimal('-0.5')) as Decimal).toFixed()).toBe('-0.5');
  });

  it('round trips Buffers, arrays, Maps, Sets and plain objects, nested', () => {
    const state = {
      count: 3,
      sum: new DecimalContext('10.50'),
      seen: new Set(['a', 'b']),
      latest: new Map<unknown, unknown>([
        [1, { at: 100n, bytes: Buffer.from('xyz') }],
        ['k', [null, [1, 2], 'deep']],
      ]),
      list: [1.5, 'two', false, undefined],
    };
    const back = roundTrip(state) as typeof state;
    expect(back).toEqual(state);
    expect(back.latest.get(1)).toEqual({ at: 100n, bytes: Buffer.from('xyz') });
    expect(Buffer.isBuffer((back.latest.get(1) as { bytes: Buffer }).bytes)).toBe(true);
    expect(back.seen).toBeInstanceOf(Set);
  });

  it('keeps a field named __proto__ as a field', () => {
    const o = JSON.parse('{"__proto__": 1, "a": 2}') as Record<string, unknown>;
    const back = roundTrip(o) as Record<string, unknown>;
    expect(Object.keys(back)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
  });

  it('is more compact than JSON for a typical aggregate state', () => {
    const state = [12345, 678.5, 'customer-1234'];
    expect(serializeState(state).length).toBeLessThan(Buffer.byteLength(JSON.stringify(state)) + 8);
    expect(serializeState(42).length).toBe(5);
  });

  it('refuses class instances and functions with a message naming the allowed kinds', () => {
    expect(() => serializeState(new Date(0))).toThrow(/cannot hold a Date: use numbers, bigints, Decimals/);
    expect(() => serializeState(() => 1)).toThrow(/cannot hold a function/);
  });

  it('reports corrupt bytes instead of returning garbage', () => {
    expect(() => deserializeState(Buffer.from([0x63]))).toThrow(/Corrupt state value/);
    expect(() => deserializeState(Buffer.from([0x0c, 5, 0, 0, 0]))).toThrow(/Corrupt state value/);
    expect(() => deserializeState(Buffer.concat([serializeState(1), Buffer.from([0])]))).toThrow(/Corrupt state value/);
  });

  it('serializes a state larger than its scratch buffer', () => {
    const big = Array.from({ length: 50_000 }, (_, i) => `item-${i}`);
    expect(roundTrip(big)).toEqual(big);
    expect(roundTrip([1, 2])).toEqual([1, 2]);
  });
});
