// DECIMAL values as TEXT whose byte order is numeric order, so a materialized table's DECIMAL
// columns sort, compare and range-scan correctly in plain SQL (ORDER BY, <, BETWEEN, indexes)
// while staying exact. Equal numbers encode equally whatever their scale (1.0 and 1.00).

import { KsqlError } from '../../errors.js';
import type { DecimalValue } from '../../types/values.js';
import { DecimalContext } from '../../types/values.js';

/*
 * A number is d1.d2d3...dn x 10^e (d1 != 0, no trailing zeros):
 *   positive  'C' + (e + 50000, 5 digits) + digits
 *   zero      'B'
 *   negative  'A' + (49999 - e, 5 digits) + (9 - each digit) + '~'
 * Bigger exponents sort later for positives and earlier for negatives; among equal exponents the
 * digit strings compare as the numbers do ('12' < '123' as 1.2 < 1.23). For negatives, the
 * terminator '~' sorts after every digit, so -1.2 ('87~') > -1.23 ('876~').
 */
const EXPONENT_BIAS = 50000;

export function encodeDecimalOrder(v: DecimalValue): string {
  if (v.isZero()) return 'B';
  if (!v.isFinite()) throw new KsqlError('INTERNAL', `DECIMAL value ${v.toString()} is not a finite number`);
  const e = v.e;
  if (e <= -EXPONENT_BIAS || e >= EXPONENT_BIAS) {
    throw new KsqlError('INTERNAL', `DECIMAL value ${v.toString()} is too large or too small to store`);
  }
  const digits = mantissaDigits(v);
  if (v.isPositive()) return 'C' + String(e + EXPONENT_BIAS).padStart(5, '0') + digits;
  let complement = '';
  for (let i = 0; i < digits.length; i++) complement += String.fromCharCode(105 - digits.charCodeAt(i)); // '9' + '0' - c
  return 'A' + String(EXPONENT_BIAS - 1 - e).padStart(5, '0') + complement + '~';
}

export function decodeDecimalOrder(text: string): DecimalValue {
  const cls = text[0];
  if (cls === 'B' && text.length === 1) return new DecimalContext(0);
  if (cls === 'C') {
    const e = Number(text.slice(1, 6)) - EXPONENT_BIAS;
    return fromDigits('', text.slice(6), e);
  }
  if (cls === 'A' && text.endsWith('~')) {
    const e = EXPONENT_BIAS - 1 - Number(text.slice(1, 6));
    let digits = '';
    for (let i = 6; i < text.length - 1; i++) digits += String.fromCharCode(105 - text.charCodeAt(i));
    return fromDigits('-', digits, e);
  }
  throw new KsqlError('INTERNAL', `Corrupt DECIMAL cell '${text}' in a materialized table`);
}

/** The significant digits, without sign, point, leading or trailing zeros. */
function mantissaDigits(v: DecimalValue): string {
  const exp = v.abs().toExponential();
  const mantissa = exp.slice(0, exp.indexOf('e'));
  return mantissa.length === 1 ? mantissa : mantissa[0] + mantissa.slice(2);
}

function fromDigits(sign: string, digits: string, e: number): DecimalValue {
  if (!/^[1-9]\d*$/.test(digits) || Number.isNaN(e)) throw new KsqlError('INTERNAL', `Corrupt DECIMAL cell in a materialized table`);
  const mantissa = digits.length === 1 ? digits : `${digits[0]}.${digits.slice(1)}`;
  return new DecimalContext(`${sign}${mantissa}e${e}`);
}
