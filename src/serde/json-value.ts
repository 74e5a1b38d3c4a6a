// JSON values that keep every number exact: an exact parser (used when a record holds numbers a
// double cannot carry), a stringifier for the same values, and a numeric-aware deep equality.
// JSON.parse stays the fast path; this module is the precise one.

/**
 * A JSON number kept as its literal text, for numbers a JS number cannot hold exactly:
 * non-integers with more than 15 significant digits, and DECIMAL values (which keep their scale,
 * `10.50`). Integers beyond 2^53 are bigints instead.
 */
export class JsonNumber {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

/**
 * A JSON value as this project holds it: JSON.parse's output, plus `bigint` for integers beyond
 * Number.MAX_SAFE_INTEGER and JsonNumber for other numbers that must stay exact.
 */
export type JsonValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | JsonNumber
  | JsonValue[]
  | { [key: string]: JsonValue };

/**
 * True when `text` may hold a number JSON.parse would round: a run of 16+ characters of digits
 * and dots. False positives (long digit runs inside strings) only cost a slower, exact parse.
 */
export function mayHoldLongNumber(text: string): boolean {
  // A plain loop: about twice as fast as the equivalent regular expression.
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 48 && c <= 57) || c === 46) {
      if (++run >= 16) return true;
    } else run = 0;
  }
  return false;
}

/** Parses JSON text, keeping numbers exact (see JsonValue). Throws SyntaxError like JSON.parse. */
export function parseJsonExact(text: string): JsonValue {
  const p = new ExactParser(text);
  p.skipWs();
  const v = p.value();
  p.skipWs();
  if (p.pos < text.length) p.fail();
  return v;
}

/** Writes a JsonValue as compact JSON text; bigints and JsonNumbers are written as raw numbers. */
export function stringifyJson(value: JsonValue): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? String(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    default:
      break;
  }
  if (value instanceof JsonNumber) return value.text;
  if (Array.isArray(value)) return '[' + value.map(stringifyJson).join(',') + ']';
  let out = '{';
  let first = true;
  for (const k of Object.keys(value)) {
    const v = value[k];
    if (v === undefined) continue;
    out += (first ? '' : ',') + JSON.stringify(k) + ':' + stringifyJson(v);
    first = false;
  }
  return out + '}';
}

/**
 * Deep equality of JSON values where numbers compare by value across representations
 * (`10.5`, `10.50` as JsonNumber, `10n`, `10`), the way ksqlDB's test files compare records.
 */
export function jsonValuesEqual(a: JsonValue, b: JsonValue): boolean {
  if (a === b) return true;
  if (isJsonNumeric(a) && isJsonNumeric(b)) return compareNumeric(a, b);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (a instanceof JsonNumber || b instanceof JsonNumber) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((v, i) => jsonValuesEqual(v, b[i]!));
  }
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && jsonValuesEqual(a[k]!, b[k]!));
}

function isJsonNumeric(v: JsonValue): v is number | bigint | JsonNumber {
  return typeof v === 'number' || typeof v === 'bigint' || v instanceof JsonNumber;
}

function compareNumeric(a: number | bigint | JsonNumber, b: number | bigint | JsonNumber): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b;
  return canonicalDecimal(a.toString()) === canonicalDecimal(b.toString());
}

/** Canonical form of a decimal literal: sign, significant digits, exponent of the last digit. */
function canonicalDecimal(text: string): string {
  const m = /^(-?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text);
  if (!m) return text;
  const digits = (m[2] ?? '') + (m[3] ?? '');
  let exp = Number(m[4] ?? 0) - (m[3] ?? '').length;
  let d = digits.replace(/^0+/, '');
  if (d === '') return '0';
  const trimmed = d.replace(/0+$/, '');
  exp += d.length - trimmed.length;
  d = trimmed;
  return `${m[1]}${d}e${exp}`;
}

class ExactParser {
  pos = 0;
  constructor(private readonly s: string) {}

  fail(): never {
    const at = this.pos < this.s.length ? `token '${this.s[this.pos]}'` : 'end of JSON input';
    throw new SyntaxError(`Unexpected ${at} at position ${this.pos}`);
  }

  skipWs(): void {
    const s = this.s;
    let c = s.charCodeAt(this.pos);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = s.charCodeAt(++this.pos);
  }

  value(): JsonValue {
    const s = this.s;
    const c = s.charCodeAt(this.pos);
    switch (c) {
      case 123: // {
        return this.object();
      case 91: // [
        return this.array();
      case 34: // "
        return this.string();
      case 116: // t
        return this.literal('true', true);
      case 102: // f
        return this.literal('false', false);
      case 110: // n
        return this.literal('null', null);
      default:
        if (c === 45 || (c >= 48 && c <= 57)) return this.number();
        return this.fail();
    }
  }

  private literal<T extends JsonValue>(word: string, v: T): T {
    if (!this.s.startsWith(word, this.pos)) this.fail();
    this.pos += word.length;
    return v;
  }

  private object(): JsonValue {
    const out: { [key: string]: JsonValue } = {};
    this.pos++;
    this.skipWs();
    if (this.s.charCodeAt(this.pos) === 125) {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWs();
      if (this.s.charCodeAt(this.pos) !== 34) this.fail();
      const key = this.string();
      this.skipWs();
      if (this.s.charCodeAt(this.pos) !== 58) this.fail();
      this.pos++;
      this.skipWs();
      const v = this.value();
      // An own "__proto__" property, as JSON.parse makes it, not a prototype change.
      if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
      else out[key] = v;
      this.skipWs();
      const c = this.s.charCodeAt(this.pos++);
      if (c === 125) return out;
      if (c !== 44) {
        this.pos--;
        this.fail();
      }
    }
  }

  private array(): JsonValue {
    const out: JsonValue[] = [];
    this.pos++;
    this.skipWs();
    if (this.s.charCodeAt(this.pos) === 93) {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipWs();
      out.push(this.value());
      this.skipWs();
      const c = this.s.charCodeAt(this.pos++);
      if (c === 93) return out;
      if (c !== 44) {
        this.pos--;
        this.fail();
      }
    }
  }

  private string(): string {
    const s = this.s;
    const start = this.pos;
    let end = start + 1;
    // Find the closing quote; strings without escapes (the common case) are sliced in one go.
    let escaped = false;
    for (;;) {
      const c = s.charCodeAt(end);
      if (Number.isNaN(c)) {
        this.pos = end;
        this.fail();
      }
      if (c === 34) break;
      if (c === 92) {
        escaped = true;
        end += 2;
        continue;
      }
      if (c < 32) {
        this.pos = end;
        this.fail();
      }
      end++;
    }
    this.pos = end + 1;
    if (!escaped) return s.slice(start + 1, end);
    return JSON.parse(s.slice(start, end + 1)) as string;
  }

  private number(): JsonValue {
    const s = this.s;
    const start = this.pos;
    const m = NUMBER.exec(s.slice(start, start + 400));
    if (!m || m[0].length === 0) return this.fail();
    let text = m[0];
    if (text.length === 400) {
      // Absurdly long literal: take it whole rather than truncating it.
      NUMBER_STICKY.lastIndex = start;
      text = NUMBER_STICKY.exec(s)![0];
    }
    this.pos = start + text.length;
    const isInteger = m[2] === undefined && m[3] === undefined;
    if (isInteger) {
      if (text.length < 16) return Number(text);
      const big = BigInt(text);
      return big >= -9007199254740991n && big <= 9007199254740991n ? Number(big) : big;
    }
    if (significantDigits(text) <= 15) return Number(text);
    return new JsonNumber(text);
  }
}

const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/;
const NUMBER_STICKY = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

function significantDigits(literal: string): number {
  let n = 0;
  let leading = true;
  for (let i = 0; i < literal.length; i++) {
    const c = literal.charCodeAt(i);
    if (c === 101 || c === 69) break; // e, E
    if (c < 48 || c > 57) continue;
    if (leading && c === 48) continue;
    leading = false;
    n++;
  }
  return n;
}
