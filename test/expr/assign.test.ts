import { describe, expect, it } from 'vitest';
import { assignValue, isAssignable } from '../../src/expr/index.js';
import * as T from '../../src/types/sql-type.js';
import type { DecimalContext } from '../../src/types/values.js';

describe('isAssignable', () => {
  it('accepts equal types, NULL, and the widenings INTEGER -> BIGINT -> DECIMAL -> DOUBLE', () => {
    expect(isAssignable(T.STRING, T.STRING)).toBe(true);
    expect(isAssignable(null, T.array(T.INTEGER))).toBe(true);
    expect(isAssignable(T.INTEGER, T.BIGINT)).toBe(true);
    expect(isAssignable(T.BIGINT, T.DOUBLE)).toBe(true);
    expect(isAssignable(T.INTEGER, T.decimal(12, 2))).toBe(true);
    expect(isAssignable(T.decimal(4, 2), T.decimal(6, 3))).toBe(true);
  });

  it('rejects narrowing and unrelated types', () => {
    expect(isAssignable(T.BIGINT, T.INTEGER)).toBe(false);
    expect(isAssignable(T.DOUBLE, T.decimal(10, 2))).toBe(false);
    expect(isAssignable(T.INTEGER, T.decimal(5, 2))).toBe(false);
    expect(isAssignable(T.decimal(6, 3), T.decimal(4, 2))).toBe(false);
    expect(isAssignable(T.STRING, T.INTEGER)).toBe(false);
  });

  it('checks collections element-wise and structs field-wise', () => {
    expect(isAssignable(T.array(T.INTEGER), T.array(T.BIGINT))).toBe(true);
    expect(isAssignable(T.map(T.STRING, T.BIGINT), T.map(T.STRING, T.INTEGER))).toBe(false);
    const small = T.struct([{ name: 'A', type: T.INTEGER }]);
    const big = T.struct([{ name: 'A', type: T.BIGINT }, { name: 'B', type: T.STRING }]);
    expect(isAssignable(small, big)).toBe(true);
    expect(isAssignable(big, small)).toBe(false);
  });
});

describe('assignValue', () => {
  it('converts values for the target type', () => {
    expect((assignValue(5, T.INTEGER, T.decimal(4, 2)) as InstanceType<typeof DecimalContext>).toFixed(2)).toBe('5.00');
    expect(assignValue({ A: 1 }, T.struct([{ name: 'A', type: T.INTEGER }]), T.struct([{ name: 'A', type: T.BIGINT }, { name: 'B', type: T.STRING }]))).toEqual({
      A: 1,
      B: null,
    });
    expect(assignValue(null, T.INTEGER, T.BIGINT)).toBeNull();
  });
});
