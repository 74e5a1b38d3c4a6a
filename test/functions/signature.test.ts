import { describe, expect, it } from 'vitest';
import { chooseSignature, formatPattern, implicitCost, parsePattern, sig, widenDecimals, widerNumeric } from '../../src/functions/signature.js';
import * as T from '../../src/types/sql-type.js';

const v = (type: T.SqlType | null) => ({ kind: 'value' as const, type });

describe('type patterns', () => {
  it('parse and print generics, collections and lambdas', () => {
    for (const text of ['ARRAY<T>', 'MAP<K, ARRAY<V>>', 'LAMBDA<S, K, V => S>', 'DECIMAL', 'INTERVALUNIT', 'STRUCT', 'ANY']) {
      expect(formatPattern(parsePattern(text))).toBe(text);
    }
    expect(formatPattern(parsePattern('VARCHAR'))).toBe('STRING');
    expect(() => parsePattern('ARRAY<')).toThrow('Bad type pattern');
  });

  it('read DECIMAL(p, s) and STRUCT<...> as concrete types, unquoted field names upper-cased', () => {
    expect(parsePattern('DECIMAL(30, 10)')).toEqual({ p: 'type', type: T.decimal(30, 10) });
    expect(parsePattern('STRUCT<a VARCHAR, `b` ARRAY<INT>>')).toEqual({
      p: 'type',
      type: T.struct([
        { name: 'A', type: T.STRING },
        { name: 'b', type: T.array(T.INTEGER) },
      ]),
    });
    expect(formatPattern(parsePattern('ARRAY<STRUCT<A INT>>'))).toBe('ARRAY<STRUCT<`A` INTEGER>>');
    expect(() => parsePattern('STRUCT<A T>')).toThrow('field A needs a concrete type, not T');
    expect(() => parsePattern('DECIMAL(2, 3)')).toThrow('DECIMAL needs 1 <= precision <= 38 and 0 <= scale <= precision');
  });
});

describe('numeric widening', () => {
  it('widens to the wider kind and to a decimal holding both', () => {
    expect(widerNumeric(T.INTEGER, T.DOUBLE)).toEqual(T.DOUBLE);
    expect(widerNumeric(T.BIGINT, T.decimal(4, 2))).toEqual(T.decimal(21, 2));
    expect(widenDecimals(T.decimal(4, 2), T.decimal(5, 3))).toEqual(T.decimal(5, 3));
    expect(widerNumeric(T.STRING, T.INTEGER)).toBeUndefined();
  });

  it('costs implicit conversions, refusing narrowing ones', () => {
    expect(implicitCost(T.INTEGER, T.INTEGER)).toBe(0);
    expect(implicitCost(T.INTEGER, T.BIGINT)).toBe(1);
    expect(implicitCost(T.INTEGER, T.DOUBLE)).toBe(3);
    expect(implicitCost(T.DOUBLE, T.BIGINT)).toBeUndefined();
    expect(implicitCost(T.BIGINT, T.decimal(10, 0))).toBeUndefined();
  });
});

describe('chooseSignature', () => {
  const signatures = [
    sig('a INTEGER, b STRING', 'STRING', () => 'int-string'),
    sig('a BIGINT, b STRING', 'STRING', () => 'long-string'),
    sig('...a BIGINT', 'STRING', () => 'long-varargs'),
  ];

  it('prefers exact matches and non-variadic signatures', () => {
    expect(chooseSignature(signatures, [v(T.BIGINT), v(null)])!.signature).toBe(signatures[1]);
    expect(chooseSignature(signatures, [v(T.INTEGER), v(T.STRING)])!.signature).toBe(signatures[0]);
    expect(chooseSignature(signatures, [v(T.BIGINT), v(T.BIGINT), v(T.BIGINT)])!.signature).toBe(signatures[2]);
  });

  it('falls back to widening casts, and fails when none applies', () => {
    expect(chooseSignature(signatures, [v(T.INTEGER), v(T.INTEGER)])!.signature).toBe(signatures[2]);
    expect(chooseSignature(signatures, [v(T.STRING)])).toBeUndefined();
  });

  it('types lambdas only for signatures whose arity matches', () => {
    const transform = [sig('a ARRAY<T>, f LAMBDA<T => U>', 'ARRAY<U>', () => null), sig('m MAP<K, V>, f LAMBDA<K, V => K1>, g LAMBDA<K, V => V1>', 'MAP<K1, V1>', () => null)];
    const seen: string[] = [];
    const lambda = (arity: number) => ({
      kind: 'lambda' as const,
      arity,
      bodyType: (params: readonly T.SqlType[]) => {
        seen.push(params.map(T.formatType).join(','));
        return T.BOOLEAN;
      },
    });
    const m = chooseSignature(transform, [v(T.array(T.STRING)), lambda(1)])!;
    expect(m.returnType).toEqual(T.array(T.BOOLEAN));
    expect(m.lambdaParams[1]).toEqual([T.STRING]);
    expect(chooseSignature(transform, [v(T.array(T.STRING)), lambda(2)])).toBeUndefined();
    expect(seen.every((s) => s === 'STRING')).toBe(true);
  });
});
