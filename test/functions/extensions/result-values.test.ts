import { describe, expect, it } from 'vitest';
import { resultConverter } from '../../../src/functions/extensions/result-values.js';
import * as T from '../../../src/types/sql-type.js';
import { DecimalContext } from '../../../src/types/values.js';

const convert = (type: T.SqlType, v: unknown) => resultConverter(type, 'F')(v);

describe('results of JavaScript functions', () => {
  it('keep BIGINT normalized: safe numbers stay numbers, larger bigints stay bigints, overflow wraps like Java', () => {
    expect(convert(T.BIGINT, 5n)).toBe(5);
    expect(convert(T.BIGINT, 2n ** 60n)).toBe(2n ** 60n);
    expect(convert(T.BIGINT, 2n ** 63n)).toBe(-(2n ** 63n));
    expect(() => convert(T.BIGINT, 1.5)).toThrow('F returned number 1.5 where BIGINT was declared');
  });

  it('accept the JavaScript forms of dates, bytes and decimals', () => {
    expect(convert(T.DATE, new Date(Date.UTC(1970, 0, 11)))).toBe(10);
    expect(convert(T.BYTES, new Uint8Array([1, 2]))).toEqual(Buffer.from([1, 2]));
    expect(convert(T.decimal(4, 2), 1.005)).toEqual(new DecimalContext('1.01'));
    expect(convert(T.DOUBLE, new DecimalContext('2.5'))).toBe(2.5);
  });

  it('refuse INT values outside 32 bits and TIME values outside a day', () => {
    expect(() => convert(T.INTEGER, 2 ** 31)).toThrow('where INTEGER was declared');
    expect(() => convert(T.TIME, 86_400_000)).toThrow('where TIME was declared');
  });

  it('copy arrays, so the engine never shares one the function keeps changing', () => {
    const kept = [1, 2];
    const out = convert(T.array(T.INTEGER), kept) as number[];
    kept.push(3);
    expect(out).toEqual([1, 2]);
  });

  it('convert nested values by their declared types', () => {
    const type = T.array(T.struct([{ name: 'AT', type: T.TIMESTAMP }]));
    expect(convert(type, [{ at: new Date(5) }, null])).toEqual([{ AT: 5 }, null]);
  });
});
