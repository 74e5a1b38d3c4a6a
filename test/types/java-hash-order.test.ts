import { describe, expect, it } from 'vitest';
import { javaHashMapOrder, javaStringHash } from '../../src/types/java-hash-order.js';

describe('javaHashMapOrder', () => {
  it('computes String.hashCode like Java', () => {
    expect(javaStringHash('foo')).toBe(101574);
    expect(javaStringHash('apple')).toBe(93029210);
    expect(javaStringHash('hello')).toBe(99162322);
    expect(javaStringHash('Aa')).toBe(javaStringHash('BB'));
    expect(javaStringHash('polygenelubricants')).toBe(-2147483648);
  });

  it('orders entries as a HashMap sized for them iterates, which REDUCE over a map observes', () => {
    const entries = [['yes, thanks', 3.5], ['nope', 7.3], ['sure, yeah', 2.1]] as const;
    expect(javaHashMapOrder(entries).map(([k]) => k)).toEqual(['yes, thanks', 'sure, yeah', 'nope']);
    expect(javaHashMapOrder([[1, 'a'], [0, 'b']]).map(([k]) => k)).toEqual([1, 0]);
  });
});
