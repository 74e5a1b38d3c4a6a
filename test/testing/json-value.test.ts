import { describe, expect, it } from 'vitest';
import { JsonDecimal, JsonSyntaxError, parseJson, replaceInStrings, stringifyJson } from '../../src/testing/json-value.js';

describe('parseJson', () => {
  it('skips // and /* */ comments but keeps // inside strings', () => {
    const v = parseJson(`{
      // a comment with "quotes" and { braces
      "url": "http://example.com//path", /* block
      comment */ "n": 1 // trailing
    }`);
    expect(v).toEqual({ url: 'http://example.com//path', n: 1 });
  });

  it('keeps integers beyond 2^53 exact as bigint', () => {
    expect(parseJson('[9223372036854775807, -9223372036854775808, 42]')).toEqual([9223372036854775807n, -9223372036854775808n, 42]);
  });

  it('keeps numbers with a fraction or exponent as written, so the scale survives', () => {
    const v = parseJson('[1.0, 1.50, 4.6116860184273879E18]') as JsonDecimal[];
    expect(v.map((d) => d.text)).toEqual(['1.0', '1.50', '4.6116860184273879E18']);
    expect(v[0]).toBeInstanceOf(JsonDecimal);
  });

  it('decodes string escapes, including unicode escapes', () => {
    expect(parseJson('"a\\"b\\\\c\\n\\u00e9\\/"')).toBe('a"b\\c\né/');
  });

  it('keeps a "__proto__" key as data rather than changing the prototype', () => {
    const v = parseJson('{"__proto__": {"x": 1}}') as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
  });

  it('reports the line and column of a syntax error', () => {
    let err: unknown;
    try {
      parseJson('{\n  "a": 1,\n  "b" 2\n}');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(JsonSyntaxError);
    expect((err as JsonSyntaxError).line).toBe(3);
    expect((err as JsonSyntaxError).message).toContain("expected ':'");
  });

  it('rejects text after the value and unterminated comments', () => {
    expect(() => parseJson('{} x')).toThrow(/unexpected text/);
    expect(() => parseJson('{} /* open')).toThrow(/unterminated/);
  });
});

describe('stringifyJson', () => {
  it('writes bigints and decimals exactly as held', () => {
    expect(stringifyJson({ big: 9223372036854775807n, dec: new JsonDecimal('1.50'), d: 0.5 })).toBe('{"big":9223372036854775807,"dec":1.50,"d":0.5}');
  });

  it('writes NaN and infinities as the strings ksqlDB writes', () => {
    expect(stringifyJson([NaN, Infinity, -Infinity])).toBe('["NaN","Infinity","-Infinity"]');
  });

  it('round-trips what parseJson read', () => {
    const text = '{"a":[1,2.50,null,true,"x"],"b":{"c":-12345678901234567890}}';
    expect(stringifyJson(parseJson(text))).toBe(text);
  });

  it('pretty-prints with an indent', () => {
    expect(stringifyJson({ a: [1] }, 2)).toBe('{\n  "a": [\n    1\n  ]\n}');
  });
});

describe('replaceInStrings', () => {
  it('replaces a placeholder in every string value, at any depth', () => {
    const v = replaceInStrings({ s: ["WITH (value_format='{FORMAT}')"], t: { f: '{FORMAT}', n: 1 } }, '{FORMAT}', 'AVRO');
    expect(v).toEqual({ s: ["WITH (value_format='AVRO')"], t: { f: 'AVRO', n: 1 } });
  });
});
