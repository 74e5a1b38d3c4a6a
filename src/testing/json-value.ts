// The JSON values of ksqlDB-format test files, read without losing what matters to the checks:
// `//` and `/* */` comments are allowed (as Jackson's ALLOW_COMMENTS does), integers too large for
// a double stay exact (bigint), and numbers with a fraction or exponent keep their text (scale).

/**
 * A JSON number with a fraction or an exponent, kept exactly as written ("1.50", "4.6E18"), like
 * Jackson's exact DecimalNode in ksqlDB's test runner: `1.50` and `1.5` are different decimals.
 * In records coming from the engine it stands for a DECIMAL value, written with its scale.
 */
export class JsonDecimal {
  readonly text: string;

  constructor(text: string) {
    if (!DECIMAL_TEXT.test(text)) throw new SyntaxError(`not a JSON number: ${text}`);
    this.text = text;
  }

  toNumber(): number {
    return Number(this.text);
  }

  toString(): string {
    return this.text;
  }
}

/**
 * A test-file JSON value. Integers are `number` when they are safe integers and `bigint` when
 * not; every other number is a JsonDecimal. Values the engine reports use the same model, with
 * one addition: a plain `number` may also be a DOUBLE (compared numerically, see value-compare.ts).
 */
export type JsonValue = null | boolean | string | number | bigint | JsonDecimal | readonly JsonValue[] | JsonObject;

export interface JsonObject {
  readonly [key: string]: JsonValue;
}

const DECIMAL_TEXT = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;
const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;

export function isJsonObject(v: JsonValue | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof JsonDecimal);
}

export function isJsonArray(v: JsonValue | undefined): v is readonly JsonValue[] {
  return Array.isArray(v);
}

/** Builds an object from entries, safe for keys such as `__proto__`. */
export function jsonObject(entries: Iterable<readonly [string, JsonValue]>): JsonObject {
  const out: Record<string, JsonValue> = {};
  for (const [k, v] of entries) {
    if (k === '__proto__') Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    else out[k] = v;
  }
  return out;
}

export class JsonSyntaxError extends Error {
  readonly line: number;
  readonly column: number;

  constructor(message: string, line: number, column: number) {
    super(`${message} at line ${line}, column ${column}`);
    this.name = 'JsonSyntaxError';
    this.line = line;
    this.column = column;
  }
}

/** Parses JSON text with comments into JsonValues (see JsonValue for how numbers are kept). */
export function parseJson(text: string): JsonValue {
  const p = new Parser(text);
  p.skipSpace();
  const v = p.value();
  p.skipSpace();
  if (p.pos < text.length) p.fail('unexpected text after the JSON value');
  return v;
}

class Parser {
  pos = 0;

  constructor(private readonly text: string) {}

  fail(message: string, at: number = this.pos): never {
    let line = 1;
    let lineStart = 0;
    for (let i = 0; i < at && i < this.text.length; i++) {
      if (this.text.charCodeAt(i) === 10) {
        line++;
        lineStart = i + 1;
      }
    }
    throw new JsonSyntaxError(message, line, at - lineStart + 1);
  }

  skipSpace(): void {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
        this.pos++;
      } else if (c === '/' && t[this.pos + 1] === '/') {
        const end = t.indexOf('\n', this.pos);
        this.pos = end < 0 ? t.length : end + 1;
      } else if (c === '/' && t[this.pos + 1] === '*') {
        const end = t.indexOf('*/', this.pos + 2);
        if (end < 0) this.fail('unterminated /* comment');
        this.pos = end + 2;
      } else {
        return;
      }
    }
  }

  value(): JsonValue {
    const c = this.text[this.pos];
    switch (c) {
      case '{':
        return this.object();
      case '[':
        return this.array();
      case '"':
        return this.string();
      case 't':
        return this.literal('true', true);
      case 'f':
        return this.literal('false', false);
      case 'n':
        return this.literal('null', null);
      default:
        if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
        return this.fail(c === undefined ? 'unexpected end of JSON' : `unexpected character '${c}'`);
    }
  }

  private literal<T extends JsonValue>(word: string, v: T): T {
    if (!this.text.startsWith(word, this.pos)) this.fail(`unexpected token, expected ${word}`);
    this.pos += word.length;
    return v;
  }

  private object(): JsonObject {
    this.pos++;
    const entries: [string, JsonValue][] = [];
    this.skipSpace();
    if (this.text[this.pos] === '}') {
      this.pos++;
      return jsonObject(entries);
    }
    for (;;) {
      this.skipSpace();
      if (this.text[this.pos] !== '"') this.fail('expected a property name in double quotes');
      const key = this.string();
      this.skipSpace();
      if (this.text[this.pos] !== ':') this.fail("expected ':' after a property name");
      this.pos++;
      this.skipSpace();
      entries.push([key, this.value()]);
      this.skipSpace();
      const c = this.text[this.pos];
      this.pos++;
      if (c === '}') return jsonObject(entries);
      if (c !== ',') this.fail("expected ',' or '}' in an object", this.pos - 1);
    }
  }

  private array(): JsonValue[] {
    this.pos++;
    const out: JsonValue[] = [];
    this.skipSpace();
    if (this.text[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      out.push(this.value());
      this.skipSpace();
      const c = this.text[this.pos];
      this.pos++;
      if (c === ']') return out;
      if (c !== ',') this.fail("expected ',' or ']' in an array", this.pos - 1);
    }
  }

  private string(): string {
    const t = this.text;
    const start = ++this.pos;
    let out = '';
    let chunk = start;
    for (;;) {
      if (this.pos >= t.length) this.fail('unterminated string', start - 1);
      const code = t.charCodeAt(this.pos);
      if (code === 34) break; // "
      if (code < 0x20) this.fail('control character in a string');
      if (code !== 92) {
        this.pos++;
        continue;
      }
      out += t.slice(chunk, this.pos);
      const e = t[this.pos + 1];
      this.pos += 2;
      switch (e) {
        case '"':
        case '\\':
        case '/':
          out += e;
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          const hex = t.slice(this.pos, this.pos + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('bad \\u escape');
          out += String.fromCharCode(parseInt(hex, 16));
          this.pos += 4;
          break;
        }
        default:
          this.fail(`bad escape \\${e ?? ''}`, this.pos - 2);
      }
      chunk = this.pos;
    }
    out += t.slice(chunk, this.pos);
    this.pos++;
    return out;
  }

  private number(): JsonValue {
    NUMBER.lastIndex = this.pos;
    const m = NUMBER.exec(this.text);
    if (m === null) return this.fail('bad number');
    const literal = m[0];
    this.pos += literal.length;
    if (m[2] !== undefined || m[3] !== undefined) return new JsonDecimal(literal);
    const n = Number(literal);
    return Number.isSafeInteger(n) ? n : BigInt(literal);
  }
}

/**
 * Writes JsonValues as JSON text: bigints as their digits, JsonDecimals as written, and the
 * doubles JSON cannot hold (NaN, Infinity) as the strings ksqlDB's JSON serializer writes.
 * `indent` pretty-prints nested values; 0 writes everything on one line.
 */
export function stringifyJson(v: JsonValue, indent = 0): string {
  return write(v, indent, '');
}

function write(v: JsonValue, indent: number, pad: string): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return v ? 'true' : 'false';
    case 'string':
      return JSON.stringify(v);
    case 'bigint':
      return v.toString();
    case 'number':
      return Number.isFinite(v) ? JSON.stringify(v) : JSON.stringify(String(v));
  }
  if (v instanceof JsonDecimal) return v.text;
  const inner = indent > 0 ? pad + ' '.repeat(indent) : '';
  const nl = indent > 0 ? '\n' : '';
  const sep = indent > 0 ? ': ' : ':';
  if (isJsonArray(v)) {
    if (v.length === 0) return '[]';
    return `[${nl}${v.map((x) => inner + write(x, indent, inner)).join(`,${nl}`)}${nl}${indent > 0 ? pad : ''}]`;
  }
  const keys = Object.keys(v);
  if (keys.length === 0) return '{}';
  const parts = keys.map((k) => `${inner}${JSON.stringify(k)}${sep}${write(v[k] as JsonValue, indent, inner)}`);
  return `{${nl}${parts.join(`,${nl}`)}${nl}${indent > 0 ? pad : ''}}`;
}

/** Replaces every occurrence of `from` in every string value (not keys) of a JSON tree. */
export function replaceInStrings(v: JsonValue, from: string, to: string): JsonValue {
  if (typeof v === 'string') return v.split(from).join(to);
  if (isJsonArray(v)) return v.map((x) => replaceInStrings(x, from, to));
  if (isJsonObject(v)) return jsonObject(Object.keys(v).map((k) => [k, replaceInStrings(v[k] as JsonValue, from, to)]));
  return v;
}
