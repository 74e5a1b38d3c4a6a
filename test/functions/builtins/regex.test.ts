import { describe, expect, it } from 'vitest';
import * as T from '../../../src/types/sql-type.js';
import { run, value } from '../../expr/helpers.js';

const s = (v: unknown) => [{ name: 'S', type: T.STRING, value: v }];

describe('REGEXP_EXTRACT and REGEXP_EXTRACT_ALL', () => {
  it('extracts the first match or a group, null when nothing matches', () => {
    expect(run("REGEXP_EXTRACT('test.', S)", s('some_test_string'))).toBe('test_');
    expect(run("REGEXP_EXTRACT('test.', S)", s('anothertest'))).toBeNull();
    expect(run("REGEXP_EXTRACT('(.*) (.*)', S, 2)", s('steven zhang'))).toBe('zhang');
    expect(run("REGEXP_EXTRACT('.*', REGEXP_EXTRACT('(.*) (.*)', S, 2))", s('agavra'))).toBeNull();
  });

  it('extracts every match, empty matches included', () => {
    expect(run("REGEXP_EXTRACT_ALL('test.', S)", s('some_test_string_testabab'))).toEqual(['test_', 'testa']);
    expect(run("REGEXP_EXTRACT_ALL('test.', S)", s('nothing'))).toEqual([]);
    expect(run("REGEXP_EXTRACT_ALL('(\\w+) (\\w*)', S, 2)", s('apurva mehta agavra '))).toEqual(['mehta', '']);
  });

  it('fails the call for a group that does not exist', () => {
    expect(value("REGEXP_EXTRACT('(a)', S, 3)", s('a'))).toBeNull();
  });
});

describe('REGEXP_REPLACE and REGEXP_SPLIT_TO_ARRAY', () => {
  it('replaces every match, with Java $n group references', () => {
    expect(run("REGEXP_REPLACE(S, '(ab)+', 'cat')", s('baababaa'))).toBe('bacataa');
    expect(run("REGEXP_REPLACE(S, '(ab)+', 'cat')", s('baabbabaa'))).toBe('bacatbcataa');
    expect(run("REGEXP_REPLACE(S, '(\\w+)@(\\w+)', '$2 at $1')", s('joe@example'))).toBe('example at joe');
    expect(run("REGEXP_REPLACE(S, 'a', '\\$')", s('banana'))).toBe('b$n$n$');
  });

  it('splits around matches like Java, keeping trailing empty strings', () => {
    expect(run("REGEXP_SPLIT_TO_ARRAY(S, '(ab|cd)')", s('aabcda'))).toEqual(['a', '', 'a']);
    expect(run("REGEXP_SPLIT_TO_ARRAY(S, '(ab|cd)')", s('zxy'))).toEqual(['zxy']);
    expect(run("REGEXP_SPLIT_TO_ARRAY(S, ',')", s('a,b,'))).toEqual(['a', 'b', '']);
    expect(run("REGEXP_SPLIT_TO_ARRAY(S, '')", s('abc'))).toEqual(['a', 'b', 'c', '']);
    expect(run('REGEXP_SPLIT_TO_ARRAY(S, NULL)', s('zxy'))).toBeNull();
  });

  it('accepts Java-only syntax such as a leading (?i) flag and \\A', () => {
    expect(run("REGEXP_EXTRACT('(?i)hello', S)", s('say HeLLo'))).toBe('HeLLo');
    expect(run("REGEXP_EXTRACT('\\Aab', S)", s('abab'))).toBe('ab');
  });
});
