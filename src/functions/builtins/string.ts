// String functions (CONCAT ... UCASE, MASK family, CHR, ELT, FIELD) following ksqlDB's Java
// implementations, including their null handling and UTF-16 based lengths and positions.

import { createHash } from 'node:crypto';
import { sig, sigWith } from '../signature.js';
import type { ScalarFunction, ScalarImpl } from '../types.js';
import { javaTrim } from '../values/cast.js';
import { fail, scalar } from './define.js';

function substringStart(length: number, pos: number): number {
  return pos < 0 ? Math.max(length + pos, 0) : Math.max(Math.min(pos - 1, length), 0);
}

function substringEnd(length: number, start: number, len: number): number {
  return Math.max(Math.min(start + len, length), start);
}

function substring(s: string, pos: number, len?: number): string {
  const start = substringStart(s.length, pos);
  return len === undefined ? s.slice(start) : s.slice(start, substringEnd(s.length, start, len));
}

function substringBytes(b: Buffer, pos: number, len?: number): Buffer {
  const start = substringStart(b.length, pos);
  return Buffer.from(len === undefined ? b.subarray(start) : b.subarray(start, substringEnd(b.length, start, len)));
}

function instr(s: string, sub: string, position = 1, occurrence = 1): number {
  if (position < 0) {
    let idx = s.length + position;
    for (let k = 0; k < occurrence; k++) {
      const from = k === 0 ? idx : idx - 1;
      if (from < 0) return 0;
      idx = s.lastIndexOf(sub, from);
      if (idx < 0) return 0;
    }
    return idx + 1;
  }
  let idx = position - 1;
  for (let k = 0; k < occurrence; k++) {
    idx = s.indexOf(sub, k === 0 ? Math.max(idx, 0) : idx + 1);
    if (idx < 0) return 0;
  }
  return idx + 1;
}

function pad(left: boolean, input: string, len: number, padding: string): string | null {
  if (padding.length === 0 || len < 0) return null;
  const padUpTo = Math.max(len - input.length, 0);
  let fill = '';
  while (fill.length < padUpTo) fill += padding;
  fill = fill.slice(0, padUpTo);
  return (left ? fill + input : input + fill).slice(0, len);
}

function padBytes(left: boolean, input: Buffer, len: number, padding: Buffer): Buffer | null {
  if (padding.length === 0 || len < 0) return null;
  const padUpTo = Math.max(len - input.length, 0);
  const fill = Buffer.alloc(padUpTo);
  for (let i = 0; i < padUpTo; i++) fill[i] = padding[i % padding.length]!;
  return (left ? Buffer.concat([fill, input]) : Buffer.concat([input, fill])).subarray(0, len);
}

function initcap(s: string): string {
  let out = '';
  let capitalizeNext = true;
  for (const ch of s) {
    if (/\s/.test(ch)) {
      capitalizeNext = true;
      out += ch;
    } else if (capitalizeNext) {
      out += ch.toUpperCase();
      capitalizeNext = false;
    } else {
      out += ch.toLowerCase();
    }
  }
  return out;
}

/** Splitter.on(delimiter) semantics; an empty delimiter splits into UTF-16 units. */
function split(s: string, delim: string): string[] {
  if (delim.length === 0) return s.length === 0 ? [''] : s.split('');
  return s.split(delim);
}

function splitBytes(b: Buffer, delim: Buffer): Buffer[] {
  if (delim.length === 0) return b.length === 0 ? [Buffer.alloc(0)] : [...b].map((x) => Buffer.from([x]));
  const out: Buffer[] = [];
  let start = 0;
  for (;;) {
    const i = b.indexOf(delim, start);
    if (i < 0) break;
    out.push(Buffer.from(b.subarray(start, i)));
    start = i + delim.length;
  }
  out.push(Buffer.from(b.subarray(start)));
  return out;
}

function splitToMap(input: string, entryDelim: string, kvDelim: string): Map<string, string> | null {
  if (entryDelim.length === 0 || kvDelim.length === 0 || entryDelim === kvDelim) return null;
  const out = new Map<string, string>();
  for (const entry of input.split(entryDelim)) {
    if (entry.length === 0 || !entry.includes(kvDelim)) continue;
    const parts = entry.split(kvDelim);
    out.set(parts[0]!, parts[1]!);
  }
  return out;
}

interface MaskChars {
  readonly upper: string | null;
  readonly lower: string | null;
  readonly digit: string | null;
  readonly other: string | null;
}

const DEFAULT_MASK: MaskChars = { upper: 'X', lower: 'x', digit: 'n', other: '-' };

function maskChar(c: string, m: MaskChars): string {
  if (/\p{Lu}/u.test(c)) return m.upper === null ? c : m.upper;
  if (/\p{Ll}/u.test(c)) return m.lower === null ? c : m.lower;
  if (/\p{Nd}/u.test(c)) return m.digit === null ? c : m.digit;
  return m.other === null ? c : m.other;
}

function maskRange(s: string, from: number, to: number, m: MaskChars): string {
  let out = '';
  for (let i = 0; i < s.length; i++) out += i >= from && i < to ? maskChar(s[i]!, m) : s[i]!;
  return out;
}

function maskArg(c: string | null): string | null {
  return c === null ? null : c.length === 0 ? null : c[0]!;
}

function masks(upper?: string | null, lower?: string | null, digit?: string | null, other?: string | null): MaskChars {
  if (upper === undefined) return DEFAULT_MASK;
  return { upper: maskArg(upper), lower: maskArg(lower ?? null), digit: maskArg(digit ?? null), other: maskArg(other ?? null) };
}

function checkCount(name: string, n: number): number {
  if (n < 0) fail(`function ${name} requires a non-negative number of characters to mask or keep`);
  return n;
}

function maskFunction(name: string, description: string, range: (len: number, n: number) => [number, number]): ScalarFunction {
  const impl = (s: string | null, n: number | null, u?: string | null, l?: string | null, d?: string | null, o?: string | null): string | null => {
    if (s === null || n === null) return null;
    const [from, to] = range(s.length, checkCount(name.toLowerCase(), n));
    return maskRange(s, from, to, masks(u, l, d, o));
  };
  return scalar(name, 'STRING', description, [
    sig('input STRING, numChars INTEGER', 'STRING', impl),
    sig('input STRING, numChars INTEGER, upper STRING, lower STRING, digit STRING, other STRING', 'STRING', impl, { nulls: 'pass' }),
  ]);
}

/** CONCAT of strings, per record: one pass, no intermediate arrays. */
function concatStrings(...xs: (string | null)[]): string {
  let out = '';
  for (let i = 0; i < xs.length; i++) {
    const x = xs[i];
    if (x !== null && x !== undefined) out += x;
  }
  return out;
}

/** CONCAT of a fixed number of strings without a rest-argument array (two and three are usual). */
function concatOf(arity: number): ScalarImpl {
  if (arity === 2) return ((a: string | null, b: string | null) => (a ?? '') + (b ?? '')) as ScalarImpl;
  if (arity === 3) return ((a: string | null, b: string | null, c: string | null) => (a ?? '') + (b ?? '') + (c ?? '')) as ScalarImpl;
  return concatStrings as ScalarImpl;
}

function chrFromCode(code: number): string | null {
  if (code < 0 || code > 0x10ffff) return null;
  return String.fromCodePoint(code);
}

function chrFromText(text: string): string | null {
  if (text.length < 6 || !text.startsWith('\\u')) return null;
  return text.replace(/\\u([0-9a-fA-F]{4})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export function stringFunctions(): ScalarFunction[] {
  return [
    scalar('CONCAT', 'STRING', 'Concatenates its arguments, skipping nulls.', [
      sigWith('...inputs STRING', 'STRING', (ctx) => concatOf(ctx.argTypes.length), { nulls: 'pass' }),
      sig('...inputs BYTES', 'BYTES', (...xs: (Buffer | null)[]) => Buffer.concat(xs.filter((x): x is Buffer => x !== null)), { nulls: 'pass' }),
    ]),
    scalar('CONCAT_WS', 'STRING', 'Concatenates its arguments with a separator, skipping nulls; null if the separator is null.', [
      sig('separator STRING, ...inputs STRING', 'STRING', (sep: string | null, ...xs: (string | null)[]) =>
        sep === null ? null : xs.filter((x) => x !== null).join(sep), { nulls: 'pass' }),
      sig('separator BYTES, ...inputs BYTES', 'BYTES', (sep: Buffer | null, ...xs: (Buffer | null)[]) => {
        if (sep === null) return null;
        const parts = xs.filter((x): x is Buffer => x !== null);
        const out: Buffer[] = [];
        parts.forEach((p, i) => {
          if (i > 0) out.push(sep);
          out.push(p);
        });
        return Buffer.concat(out);
      }, { nulls: 'pass' }),
    ]),
    scalar('LEN', 'STRING', 'Returns the length of a string (UTF-16 units) or of a byte array.', [
      sig('input STRING', 'INTEGER', (s: string) => s.length),
      sig('input BYTES', 'INTEGER', (b: Buffer) => b.length),
    ]),
    scalar('LCASE', 'STRING', 'Converts a string to lower case.', [sig('input STRING', 'STRING', (s: string) => s.toLowerCase())]),
    scalar('UCASE', 'STRING', 'Converts a string to upper case.', [sig('input STRING', 'STRING', (s: string) => s.toUpperCase())]),
    scalar('TRIM', 'STRING', 'Removes leading and trailing whitespace and control characters.', [sig('input STRING', 'STRING', javaTrim)]),
    scalar('INITCAP', 'STRING', 'Capitalizes the first letter of each word and lower-cases the rest.', [sig('input STRING', 'STRING', initcap)]),
    scalar('SUBSTRING', 'STRING', 'Returns the part of a string or byte array from pos (1-based, negative from the end), for len characters.', [
      sig('str STRING, pos INTEGER', 'STRING', (s: string, p: number) => substring(s, p)),
      sig('str STRING, pos INTEGER, length INTEGER', 'STRING', (s: string, p: number, l: number) => substring(s, p, l)),
      sig('bytes BYTES, pos INTEGER', 'BYTES', (b: Buffer, p: number) => substringBytes(b, p)),
      sig('bytes BYTES, pos INTEGER, length INTEGER', 'BYTES', (b: Buffer, p: number, l: number) => substringBytes(b, p, l)),
    ]),
    scalar('INSTR', 'STRING', 'Returns the 1-based position of the n-th occurrence of substring, searching from position (backwards when negative); 0 if not found.', [
      sig('str STRING, substring STRING', 'INTEGER', (s: string, sub: string) => instr(s, sub)),
      sig('str STRING, substring STRING, position INTEGER', 'INTEGER', (s: string, sub: string, p: number) => instr(s, sub, p)),
      sig('str STRING, substring STRING, position INTEGER, occurrence INTEGER', 'INTEGER', instr),
    ]),
    scalar('LPAD', 'STRING', 'Pads the input on the left with padding up to length; truncates longer input.', [
      sig('input STRING, length INTEGER, padding STRING', 'STRING', (s: string, n: number, p: string) => pad(true, s, n, p)),
      sig('input BYTES, length INTEGER, padding BYTES', 'BYTES', (s: Buffer, n: number, p: Buffer) => padBytes(true, s, n, p)),
    ]),
    scalar('RPAD', 'STRING', 'Pads the input on the right with padding up to length; truncates longer input.', [
      sig('input STRING, length INTEGER, padding STRING', 'STRING', (s: string, n: number, p: string) => pad(false, s, n, p)),
      sig('input BYTES, length INTEGER, padding BYTES', 'BYTES', (s: Buffer, n: number, p: Buffer) => padBytes(false, s, n, p)),
    ]),
    scalar('REPLACE', 'STRING', 'Replaces every occurrence of a substring.', [
      sig('str STRING, target STRING, replacement STRING', 'STRING', (s: string, t: string, r: string) => s.split(t).join(r)),
    ]),
    scalar('SPLIT', 'STRING', 'Splits a string or byte array on a delimiter; an empty delimiter splits into characters.', [
      sig('str STRING, delimiter STRING', 'ARRAY<STRING>', split),
      sig('bytes BYTES, delimiter BYTES', 'ARRAY<BYTES>', splitBytes),
    ]),
    scalar('SPLIT_TO_MAP', 'STRING', 'Splits a string into key-value pairs.', [
      sig('input STRING, entryDelimiter STRING, kvDelimiter STRING', 'MAP<STRING, STRING>', splitToMap),
    ]),
    scalar('MASK', 'STRING', 'Masks upper-case (X), lower-case (x), digit (n) and other (-) characters.', [
      sig('input STRING', 'STRING', (s: string) => maskRange(s, 0, s.length, DEFAULT_MASK)),
      sig('input STRING, upper STRING, lower STRING, digit STRING, other STRING', 'STRING', (s: string | null, u: string | null, l: string | null, d: string | null, o: string | null) =>
        s === null ? null : maskRange(s, 0, s.length, masks(u, l, d, o)), { nulls: 'pass' }),
    ]),
    maskFunction('MASK_LEFT', 'Masks the first numChars characters.', (_len, n) => [0, n]),
    maskFunction('MASK_RIGHT', 'Masks the last numChars characters.', (len, n) => [Math.max(len - n, 0), len]),
    maskFunction('MASK_KEEP_LEFT', 'Masks all but the first numChars characters.', (len, n) => [n, len]),
    maskFunction('MASK_KEEP_RIGHT', 'Masks all but the last numChars characters.', (len, n) => [0, Math.max(len - n, 0)]),
    scalar('CHR', 'STRING', 'Returns the character of a Unicode code point, given as a number or as a \\uXXXX escape.', [
      sig('code INTEGER', 'STRING', chrFromCode),
      sig('code STRING', 'STRING', chrFromText),
    ]),
    scalar('MD5', 'STRING', 'Returns the hex-encoded MD5 digest of a string.', [
      sig('input STRING', 'STRING', (s: string) => createHash('md5').update(s, 'utf8').digest('hex')),
    ]),
    scalar('ELT', 'STRING', 'Returns the n-th (1-based) of its string arguments, or null.', [
      sig('n INTEGER, ...args STRING', 'STRING', (n: number | null, ...xs: (string | null)[]) =>
        n === null || n < 1 || n > xs.length ? null : xs[n - 1], { nulls: 'pass' }),
    ]),
    scalar('FIELD', 'STRING', 'Returns the 1-based position of str among the arguments, 0 if absent.', [
      sig('str STRING, ...args STRING', 'INTEGER', (s: string | null, ...xs: (string | null)[]) => (s === null ? 0 : xs.indexOf(s) + 1), { nulls: 'pass' }),
    ]),
  ];
}
