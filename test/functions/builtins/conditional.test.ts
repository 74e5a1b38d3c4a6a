import { describe, expect, it } from 'vitest';
import * as T from '../../../src/types/sql-type.js';
import { run } from '../../expr/helpers.js';

const cols = [
  { name: 'N', type: T.INTEGER },
  { name: 'I', type: T.INTEGER, value: 2 },
  { name: 'A', type: T.array(T.INTEGER), value: [1, 2, 3] },
];

describe('COALESCE, IFNULL, NULLIF, AS_VALUE', () => {
  it('returns the first non-null argument', () => {
    expect(run('COALESCE(N, I, N)', cols)).toBe(2);
    expect(run('COALESCE(N, N)', cols)).toBeNull();
    expect(run('COALESCE(N, ARRAY[10, 20])', [{ name: 'N', type: T.array(T.INTEGER) }])).toEqual([10, 20]);
  });

  it('substitutes a value for null', () => {
    expect(run('IFNULL(N, 10)', cols)).toBe(10);
    expect(run('IFNULL(I, 10)', cols)).toBe(2);
  });

  it('returns null when both arguments are equal, comparing arrays by content', () => {
    expect(run('NULLIF(I, 2)', cols)).toBeNull();
    expect(run('NULLIF(I, 3)', cols)).toBe(2);
    expect(run('NULLIF(A, ARRAY[1, 2, 3])', cols)).toBeNull();
    expect(run('NULLIF(N, 1)', cols)).toBeNull();
  });

  it('passes its argument through', () => {
    expect(run('AS_VALUE(I)', cols)).toBe(2);
  });
});
