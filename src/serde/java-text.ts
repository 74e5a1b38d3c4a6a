// Text <-> value rules of the Java library calls ksqlDB's serdes make (Integer.parseInt,
// Long.parseLong, Double.parseDouble, Double.toString, new BigDecimal, Base64), so values read
// from and written to text match ksqlDB's byte for byte. Each parser returns undefined on bad input.

import { normalizeLong } from '../types/values.js';

const INTEGER_TEXT = /^[+-]?\d+$/;

/** Integer.parseInt: optional sign, ASCII digits, within 32 bits. */
export function parseJavaInt(s: string): number | undefined {
  if (!INTEGER_TEXT.test(s)) return undefined;
  const n = Number(s);
  return n >= -2147483648 && n <= 2147483647 ? n : undefined;
}

/** Long.parseLong: optional sign, ASCII digits, within 64 bits; returns a normalized BIGINT. */
export function parseJavaLong(s: string): number | bigint | undefined {
  if (!INTEGER_TEXT.test(s)) return undefined;
  if (s.length <= 15) return Number(s);
  const b = BigInt(s);
  if (b < -(2n ** 63n) || b > 2n ** 63n - 1n) return undefined;
  return normalizeLong(b);
}

// Java's floating literal grammar (decimal only): digits, optional fraction, exponent, f/d suffix.
const JAVA_DOUBLE = /^[+-]?(?:NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?[fFdD]?)$/;

/** Double.parseDouble: surrounding whitespace ignored, NaN/Infinity, optional f/d suffix. */
export function parseJavaDouble(s: string): number | undefined {
  const t = trimJava(s);
  if (!JAVA_DOUBLE.test(t)) return undefined;
  const last = t.charCodeAt(t.length - 1);
  const body = last === 102 || last === 70 || last === 100 || last === 68 ? t.slice(0, -1) : t;
  return Number(body.replace(/^\+/, ''));
}

const BIG_DECIMAL_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** True when `new BigDecimal(s)` accepts s. */
export function isBigDecimalText(s: string): boolean {
  return BIG_DECIMAL_TEXT.test(s);
}

/** String.trim(): drops leading and trailing chars <= U+0020. */
function trimJava(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) <= 32) a++;
  while (b > a && s.charCodeAt(b - 1) <= 32) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/**
 * Double.toString: `1.0`, `123.456`, `1.0E10`, `1.234E-5`, `NaN`, `Infinity`. The digits are the
 * shortest that round-trip (as JS and JDK 19+ both produce); the layout is Java's.
 */
export function javaDoubleToString(d: number): string {
  if (Number.isNaN(d)) return 'NaN';
  if (d === Infinity) return 'Infinity';
  if (d === -Infinity) return '-Infinity';
  if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
  const abs = Math.abs(d);
  if (abs >= 1e-3 && abs < 1e7) {
    const s = String(d);
    return s.includes('.') ? s : s + '.0';
  }
  // Scientific: JS gives "1.234e-5" / "1e+21"; Java wants "1.234E-5" / "1.0E21".
  const [mantissa, exp] = d.toExponential().split('e') as [string, string];
  const m = mantissa.includes('.') ? mantissa : mantissa + '.0';
  return `${m}E${exp.startsWith('+') ? exp.slice(1) : exp}`;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict (RFC 4648) base64 decoding, as java.util.Base64 and Jackson do; undefined when invalid. */
export function decodeBase64(s: string): Buffer | undefined {
  if (!BASE64.test(s)) return undefined;
  return Buffer.from(s, 'base64');
}
