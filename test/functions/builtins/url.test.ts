import { describe, expect, it } from 'vitest';
import * as T from '../../../src/types/sql-type.js';
import { run, value } from '../../expr/helpers.js';

const u = (v: unknown) => [{ name: 'U', type: T.STRING, value: v }];

describe('URL parameter encoding', () => {
  it('encodes and decodes like Java URLEncoder and URLDecoder', () => {
    expect(run('URL_ENCODE_PARAM(U)', u('?foo $bar'))).toBe('%3Ffoo+%24bar');
    expect(run('URL_ENCODE_PARAM(U)', u('hello&world'))).toBe('hello%26world');
    expect(run('URL_ENCODE_PARAM(U)', u('é'))).toBe('%C3%A9');
    expect(run('URL_DECODE_PARAM(U)', u('%3Ffoo+%24bar'))).toBe('?foo $bar');
    expect(value('URL_DECODE_PARAM(U)', u('%zz'))).toBeNull();
  });
});

describe('URL parts', () => {
  it('extracts the parts of a URL, null when absent', () => {
    const url = 'http://test@confluent.io:8080/nested/path?q1&q2=x#frag';
    expect(run('URL_EXTRACT_PROTOCOL(U)', u(url))).toBe('http');
    expect(run('URL_EXTRACT_HOST(U)', u(url))).toBe('confluent.io');
    expect(run('URL_EXTRACT_PORT(U)', u(url))).toBe(8080);
    expect(run('URL_EXTRACT_PATH(U)', u(url))).toBe('/nested/path');
    expect(run('URL_EXTRACT_QUERY(U)', u(url))).toBe('q1&q2=x');
    expect(run('URL_EXTRACT_FRAGMENT(U)', u(url))).toBe('frag');
    expect(run('URL_EXTRACT_PORT(U)', u('http://test@confluent.io'))).toBeNull();
    expect(run('URL_EXTRACT_PROTOCOL(U)', u('www.confluent.io'))).toBeNull();
    expect(run('URL_EXTRACT_PATH(U)', u('http://www.test.com?query#fragment'))).toBe('');
    expect(run('URL_EXTRACT_FRAGMENT(U)', u('http://www.nofragment.com'))).toBeNull();
  });

  it('extracts query parameters still encoded', () => {
    expect(run("URL_EXTRACT_PARAMETER(U, 'one')", u('http://www.test.com/?one=a&two=b&three'))).toBe('a');
    expect(run("URL_EXTRACT_PARAMETER(U, 'three')", u('http://www.test.com/?one=a&two=b&three'))).toBe('');
    expect(run("URL_EXTRACT_PARAMETER(U, 'four')", u('http://www.test.com/?one=a'))).toBeNull();
    expect(run("URL_DECODE_PARAM(URL_EXTRACT_PARAMETER(U, 'two'))", u('http://www.test.com/?one=a&two=url%20encoded'))).toBe('url encoded');
  });

  it('returns null for text that is not a URI', () => {
    expect(run('URL_EXTRACT_HOST(U)', u('http://bad host/'))).toBeNull();
  });
});
