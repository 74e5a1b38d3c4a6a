import { describe, expect, it } from 'vitest';
import * as T from '../../../src/types/sql-type.js';
import { run, value } from '../../expr/helpers.js';

const s = (v: unknown) => [{ name: 'S', type: T.STRING, value: v }];
const b = (v: string | null) => [{ name: 'B', type: T.BYTES, value: v === null ? null : Buffer.from(v, 'base64') }];
const b64 = (v: unknown) => (v as Buffer).toString('base64');

describe('CONCAT and CONCAT_WS', () => {
  it('joins strings, skipping nulls', () => {
    expect(run("CONCAT('prefix-', S, '-postfix')", s('s1'))).toBe('prefix-s1-postfix');
    expect(run("CONCAT('a', S, 'b')", s(null))).toBe('ab');
    expect(run("'prefix-' + S + '-postfix'", s('s2'))).toBe('prefix-s2-postfix');
    expect(run("CONCAT('''', CONCAT(S, ''''))", s('foo'))).toBe("'foo'");
  });

  it('joins any number of strings, skipping nulls wherever they are', () => {
    expect(run('CONCAT(S, S)', s('ab'))).toBe('abab');
    expect(run('CONCAT(S, NULL)', s(null))).toBe('');
    expect(run("CONCAT(S, '/', S)", s(null))).toBe('/');
    expect(run("CONCAT(NULL, S, 'x', S)", s('y'))).toBe('yxy');
    expect(run("CONCAT('a', 'b', 'c', 'd', 'e')")).toBe('abcde');
  });

  it('joins with a separator, skipping nulls, null when the separator is null', () => {
    expect(run("CONCAT_WS('SEP', 'foo', S, 'baz', NULL, 'literal')", s(null))).toBe('fooSEPbazSEPliteral');
    expect(run("CONCAT_WS(S, 'a', 'b')", s(null))).toBeNull();
  });

  it('joins bytes', () => {
    expect(b64(run("CONCAT(B, NULL, TO_BYTES('no', 'utf8'))", b('eWVz')))).toBe('eWVzbm8=');
    expect(b64(run("CONCAT_WS(TO_BYTES('a', 'utf8'), B, TO_BYTES('no', 'utf8'))", b('Yg==')))).toBe('YmFubw==');
  });
});

describe('SUBSTRING', () => {
  it('takes 1-based positions, negative from the end, clamping to the string', () => {
    expect(run('SUBSTRING(S, 6)', s('some_string'))).toBe('string');
    expect(run('SUBSTRING(S, 6)', s('short'))).toBe('');
    expect(run('SUBSTRING(S, 6, 3)', s('some_string'))).toBe('str');
    expect(run('SUBSTRING(S, 2, 5)', s('long enough'))).toBe('ong e');
    expect(run('SUBSTRING(S, 0, 2)', s('some string'))).toBe('so');
    expect(run('SUBSTRING(S, -3)', s('abcdef'))).toBe('def');
    expect(run('SUBSTRING(S, -10, 2)', s('abc'))).toBe('ab');
    expect(run('SUBSTRING(S, NULL)', s('abc'))).toBeNull();
  });

  it('works on bytes', () => {
    expect(b64(run('SUBSTRING(B, 6, 3)', b('c29tZV9zdHJpbmc=')))).toBe('c3Ry');
  });
});

describe('case, trim and length', () => {
  it('changes case, trims Java whitespace and control characters', () => {
    expect(run('LCASE(S)', s('MiXeD'))).toBe('mixed');
    expect(run('UCASE(S)', s('MiXeD'))).toBe('MIXED');
    expect(run('TRIM(S)', s(' \t with white space \t'))).toBe('with white space');
    expect(run('TRIM(S)', s('\u0001x\u0000'))).toBe('x');
  });

  it('capitalizes each word', () => {
    expect(run('INITCAP(S)', s('the man WHO'))).toBe('The Man Who');
    expect(run('INITCAP(S)', s('  teen  spirit'))).toBe('  Teen  Spirit');
  });

  it('counts UTF-16 units of strings and bytes of byte arrays', () => {
    expect(run('LEN(S)', s('ABC'))).toBe(3);
    expect(run('LEN(S)', s(''))).toBe(0);
    expect(run('LEN(B)', b('YWJj'))).toBe(3);
    expect(run('LEN(S)', s(null))).toBeNull();
  });
});

describe('INSTR', () => {
  it('finds the n-th occurrence from a position, searching backwards for negative positions', () => {
    expect(run("INSTR(S, 'or')", s('corporate floor'))).toBe(2);
    expect(run("INSTR(S, 'or', 4)", s('corporate floor'))).toBe(5);
    expect(run("INSTR(S, 'or', 4, 2)", s('corporate floor'))).toBe(14);
    expect(run("INSTR(S, 'or', -4)", s('corporate floor'))).toBe(5);
    expect(run("INSTR(S, 'or', -4, 2)", s('corporate floor'))).toBe(2);
    expect(run("INSTR(S, 'or')", s('short'))).toBe(3);
    expect(run("INSTR(S, 'or', 4)", s('short'))).toBe(0);
  });
});

describe('padding, replacing, splitting', () => {
  it('pads and truncates to a length', () => {
    expect(run("LPAD(S, 4, 'a')", s('bcd'))).toBe('abcd');
    expect(run("LPAD(S, 1, 'a')", s('wow'))).toBe('w');
    expect(run("RPAD(S, 7, 'xy')", s('ab'))).toBe('abxyxyx');
    expect(run("LPAD(S, 5, '')", s('ab'))).toBeNull();
    expect(run("LPAD(S, -1, 'x')", s('ab'))).toBeNull();
  });

  it('replaces every occurrence literally', () => {
    expect(run("REPLACE(S, 'a', 'o')", s('anaconda'))).toBe('onocondo');
    expect(run("REPLACE(S, '$', '$$')", s('a$b'))).toBe('a$$b');
    expect(run("REPLACE(S, NULL, 'o')", s('x'))).toBeNull();
  });

  it('splits on a delimiter, keeping empty parts; an empty delimiter splits into characters', () => {
    expect(run("SPLIT(S, '.')", s('.abc.'))).toEqual(['', 'abc', '']);
    expect(run("SPLIT(S, '$$')", s('a$$b.c'))).toEqual(['a', 'b.c']);
    expect(run("SPLIT(S, '')", s('abc'))).toEqual(['a', 'b', 'c']);
    expect(run("SPLIT(S, '')", s(''))).toEqual(['']);
    expect(run("SPLIT(S, ',')[3]", s('a,b,c'))).toBe('c');
  });

  it('splits bytes on a byte delimiter', () => {
    expect((run("SPLIT(B, TO_BYTES('.', 'utf8'))", b('LmFiYy4=')) as Buffer[]).map(b64)).toEqual(['', 'YWJj', '']);
    expect((run("SPLIT(B, TO_BYTES('', 'utf8'))", b('YWJj')) as Buffer[]).map(b64)).toEqual(['YQ==', 'Yg==', 'Yw==']);
  });

  it('splits into a map', () => {
    expect(run("SPLIT_TO_MAP(S, '/', ':=')", s('apple:=green/cherry:=red/x'))).toEqual(new Map([['apple', 'green'], ['cherry', 'red']]));
    expect(run("SPLIT_TO_MAP(S, '', ':')", s('a:b'))).toBeNull();
  });
});

describe('masking', () => {
  it('masks upper, lower, digit and other characters', () => {
    expect(run('MASK(S)', s('AbC-12 z'))).toBe('XxX-nn-x');
    expect(run("MASK(S, '*', NULL, '#', NULL)", s('AbC-12'))).toBe('*b*-##');
  });

  it('masks or keeps the left or right characters', () => {
    expect(run('MASK_LEFT(S, 2)', s('AbCd'))).toBe('XxCd');
    expect(run('MASK_RIGHT(S, 2)', s('AbCd'))).toBe('AbXx');
    expect(run('MASK_KEEP_LEFT(S, 2)', s('AbCd'))).toBe('AbXx');
    expect(run('MASK_KEEP_RIGHT(S, 2)', s('AbCd'))).toBe('XxCd');
    expect(value('MASK_LEFT(S, -1)', s('AbCd'))).toBeNull();
  });
});

describe('CHR, MD5, ELT, FIELD, UUID', () => {
  it('turns code points and \\u escapes into characters', () => {
    expect(run('CHR(75)')).toBe('K');
    expect(run('CHR(22909)')).toBe('\u597d');
    expect(run('CHR(99000)')).toBe('\ud820\udeb8');
    expect(run('CHR(-1)')).toBeNull();
    expect(run('CHR(S)', s('\\u004b'))).toBe('K');
    expect(run('CHR(S)', s('\\ud820\\udeb8'))).toBe('\ud820\udeb8');
    expect(run('CHR(S)', s('75'))).toBeNull();
    expect(run('CHR(S)', s(''))).toBeNull();
  });

  it('hashes with MD5 to lower-case hex', () => {
    expect(run('MD5(S)', s('r1'))).toBe('7c92cf1eee8d99cc85f8355a3d6e4b86');
    expect(run('MD5(S)', s(''))).toBe('d41d8cd98f00b204e9800998ecf8427e');
  });

  it('picks the n-th argument and finds the position of a value', () => {
    expect(run("ELT(2, 'a', 'b', 'c')")).toBe('b');
    expect(run("ELT(4, 'a', 'b', 'c')")).toBeNull();
    expect(run("FIELD('b', 'a', 'b', 'c')")).toBe(2);
    expect(run("FIELD('z', 'a', 'b')")).toBe(0);
    expect(run("FIELD(S, 'a')", s(null))).toBe(0);
  });

  it('makes random UUIDs and reads UUIDs from 16 bytes', () => {
    expect(run('UUID()')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(run("UUID(TO_BYTES('000102030405060708090a0b0c0d0e0f', 'hex'))")).toBe('00010203-0405-0607-0809-0a0b0c0d0e0f');
  });
});
