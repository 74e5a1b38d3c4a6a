import { describe, expect, it } from 'vitest';
import * as T from '../../../src/types/sql-type.js';
import { run, value } from '../../expr/helpers.js';

const s = (v: unknown) => [{ name: 'S', type: T.STRING, value: v }];

describe('ENCODE', () => {
  it('re-encodes hex text, accepting 0x and X\'..\' forms', () => {
    expect(run("ENCODE(S, 'hex', 'ascii')", s('4578616d706C6521'))).toBe('Example!');
    expect(run("ENCODE(S, 'hex', 'utf8')", s('ce95cebbcebbceacceb4ceb1'))).toBe('\u0395\u03bb\u03bb\u03ac\u03b4\u03b1');
    expect(run("ENCODE(S, 'hex', 'base64')", s('0x4578616d706C6521'))).toBe('RXhhbXBsZSE=');
    expect(run("ENCODE(S, 'hex', 'ascii')", s("X'4578616d706C6521'"))).toBe('Example!');
    expect(run("ENCODE(S, 'hex', 'ascii')", s('0x578616d706C6521'))).toBe('\u0005xample!');
    expect(run("ENCODE(S, 'hex', 'ascii')", s('0x'))).toBe('');
  });

  it('returns null for malformed hex', () => {
    for (const bad of ['0x0x', "X'", "x'4578616d706C6521", "x'578616d706C6521'", '578616d706C6521']) {
      expect(run("ENCODE(S, 'hex', 'ascii')", s(bad))).toBeNull();
    }
  });

  it('replaces what ASCII cannot hold: ? when encoding, U+FFFD when decoding', () => {
    expect(run("ENCODE(S, 'ascii', 'hex')", s('\u0395\u03bb'))).toBe('3f3f');
    expect(run("ENCODE(S, 'hex', 'ascii')", s('c39c'))).toBe('\ufffd\ufffd');
    expect(run("ENCODE(S, 'base64', 'utf8')", s('zpXOu867zqzOtM6x'))).toBe('\u0395\u03bb\u03bb\u03ac\u03b4\u03b1');
  });

  it('fails the call for an unknown encoding', () => {
    expect(value("ENCODE(S, 'base64', 'null')", s('RXhhbXBsZSE='))).toBeNull();
  });
});

describe('TO_BYTES, FROM_BYTES and number readers', () => {
  it('converts between strings and bytes', () => {
    expect((run("TO_BYTES('abc', 'utf8')") as Buffer).toString('hex')).toBe('616263');
    expect(run("FROM_BYTES(TO_BYTES('616263', 'hex'), 'utf8')")).toBe('abc');
    expect(run("FROM_BYTES(TO_BYTES('YWJj', 'base64'), 'hex')")).toBe('616263');
  });

  it('reads integers and doubles, big-endian by default', () => {
    expect(run("INT_FROM_BYTES(TO_BYTES('000001F4', 'hex'))")).toBe(500);
    expect(run("INT_FROM_BYTES(TO_BYTES('F4010000', 'hex'), 'LITTLE_ENDIAN')")).toBe(500);
    expect(run("BIGINT_FROM_BYTES(TO_BYTES('7FFFFFFFFFFFFFFF', 'hex'))")).toBe(9223372036854775807n);
    expect(run("DOUBLE_FROM_BYTES(TO_BYTES('3FF0000000000000', 'hex'))")).toBe(1);
    expect(value("INT_FROM_BYTES(TO_BYTES('0001', 'hex'))")).toBeNull();
  });
});
