// DECIMAL cells: exact round trips, and text order equal to numeric order so SQL sorts and
// range-scans them correctly.

import { describe, expect, it } from 'vitest';
import { decodeDecimalOrder, encodeDecimalOrder } from '../../../src/state/materialized/decimal-order.js';
import { Decimal, DecimalContext } from '../../../src/types/values.js';

const VALUES = [
  '-1e30', '-123.45', '-100', '-99.99', '-1.23', '-1.2', '-1', '-0.5', '-0.123', '-0.12', '-0.0001',
  '0', '0.0001', '0.12', '0.123', '0.5', '1', '1.2', '1.23', '9.99', '10', '99.99', '100', '123.45', '1e30',
];

describe('decimal order encoding', () => {
  it('round trips values exactly', () => {
    for (const v of [...VALUES, '12345678901234567890.123456789012345678', '-0.000000000000000000000000000001']) {
      expect(decodeDecimalOrder(encodeDecimalOrder(new DecimalContext(v))).equals(new Decimal(v))).toBe(true);
    }
  });

  it('sorts as text in numeric order', () => {
    const shuffled = [...VALUES].reverse();
    const byText = shuffled
      .map((v) => ({ v, text: encodeDecimalOrder(new DecimalContext(v)) }))
      .sort((a, b) => (a.text < b.text ? -1 : a.text > b.text ? 1 : 0))
      .map((x) => x.v);
    expect(byText).toEqual(VALUES);
  });

  it('encodes equal numbers equally whatever their scale', () => {
    expect(encodeDecimalOrder(new Decimal('1.0'))).toBe(encodeDecimalOrder(new Decimal('1.000')));
    expect(encodeDecimalOrder(new Decimal('-0'))).toBe(encodeDecimalOrder(new Decimal('0.00')));
  });

  it('reports a corrupt cell', () => {
    expect(() => decodeDecimalOrder('Zoops')).toThrow(/Corrupt DECIMAL cell/);
  });
});
