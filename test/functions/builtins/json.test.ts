import { describe, expect, it } from 'vitest';
import * as T from '../../../src/types/sql-type.js';
import { DecimalContext } from '../../../src/types/values.js';
import { run } from '../../expr/helpers.js';

const s = (v: unknown) => [{ name: 'S', type: T.STRING, value: v }];

describe('EXTRACTJSONFIELD', () => {
  it('returns text for strings and JSON for other values', () => {
    expect(run("EXTRACTJSONFIELD(S, '$.name')", s('{"name":"fred","value":1}'))).toBe('fred');
    expect(run("EXTRACTJSONFIELD(S, '$.value')", s('{"name":"fred","value":1}'))).toBe('1');
    expect(run("EXTRACTJSONFIELD(S, '$.a.b[1]')", s('{"a": {"b": [1, {"c": true}]}}'))).toBe('{"c":true}');
    expect(run("EXTRACTJSONFIELD(S, '$[''odd key'']')", s('{"odd key": 1.50}'))).toBe('1.50');
  });

  it('returns null for missing paths and invalid JSON', () => {
    expect(run("EXTRACTJSONFIELD(S, '$.missing')", s('{"a": 1}'))).toBeNull();
    expect(run("EXTRACTJSONFIELD(S, '$.a')", s('not json'))).toBeNull();
    expect(run("EXTRACTJSONFIELD(S, '$.a')", s('{"a": null}'))).toBeNull();
  });
});

describe('JSON inspection functions', () => {
  it('tells valid JSON from the rest', () => {
    expect(run('IS_JSON_STRING(S)', s('1'))).toBe(true);
    expect(run('IS_JSON_STRING(S)', s('"abc"'))).toBe(true);
    expect(run('IS_JSON_STRING(S)', s('[1, 2, 3]'))).toBe(true);
    expect(run('IS_JSON_STRING(S)', s('abc'))).toBe(false);
    expect(run('IS_JSON_STRING(S)', s(''))).toBe(false);
    expect(run('IS_JSON_STRING(S)', s(null))).toBe(false);
  });

  it('measures arrays and lists object keys in document order', () => {
    expect(run('JSON_ARRAY_LENGTH(S)', s('["a", "b"]'))).toBe(2);
    expect(run('JSON_ARRAY_LENGTH(S)', s('{}'))).toBeNull();
    expect(run('JSON_KEYS(S)', s('{"Red": 3, "2": 5, "Green": 5}'))).toEqual(['Red', '2', 'Green']);
    expect(run('JSON_KEYS(S)', s(''))).toBeNull();
  });

  it('turns objects into maps of strings and arrays into items', () => {
    expect(run('JSON_RECORDS(S)', s('{"Red": 3, "White": "Seven", "X": [1]}'))).toEqual(new Map([['Red', '3'], ['White', 'Seven'], ['X', '[1]']]));
    expect(run('JSON_ITEMS(S)', s('[{"type": "A"}, 2, "x"]'))).toEqual(['{"type":"A"}', '2', '"x"']);
  });

  it('finds values in JSON arrays by type', () => {
    expect(run("JSON_ARRAY_CONTAINS(S, 'Pink')", s('["Pink", null]'))).toBe(true);
    expect(run('JSON_ARRAY_CONTAINS(S, 2)', s('[1, 2.0, 2]'))).toBe(true);
    expect(run('JSON_ARRAY_CONTAINS(S, 2)', s('[1, 2.0]'))).toBe(false);
    expect(run('JSON_ARRAY_CONTAINS(S, 2.0e0)', s('[1, 2.0]'))).toBe(true);
    expect(run('JSON_ARRAY_CONTAINS(S, true)', s('[false]'))).toBe(false);
    expect(run("JSON_ARRAY_CONTAINS(S, 'x')", s(null))).toBe(false);
  });

  it('merges objects and concatenates arrays', () => {
    expect(run('JSON_CONCAT(\'{"a": 1}\', \'{"b": 2, "a": 3}\')')).toBe('{"a":3,"b":2}');
    expect(run("JSON_CONCAT('[1, 2]', '3', '[4]')")).toBe('[1,2,3,4]');
    expect(run("JSON_CONCAT('[1]', 'oops')")).toBeNull();
  });
});

describe('TO_JSON_STRING', () => {
  it('prints every type as ksqlDB does', () => {
    expect(run('TO_JSON_STRING(1)')).toBe('1');
    expect(run("TO_JSON_STRING('abc')")).toBe('"abc"');
    expect(run('TO_JSON_STRING(V)', [{ name: 'V', type: T.decimal(6, 3), value: new DecimalContext('123.456') }])).toBe('123.456');
    expect(run('TO_JSON_STRING(V)', [{ name: 'V', type: T.TIME, value: 60220000 }])).toBe('"16:43:40"');
    expect(run('TO_JSON_STRING(V)', [{ name: 'V', type: T.DATE, value: 1000 }])).toBe('"1972-09-27"');
    expect(run('TO_JSON_STRING(V)', [{ name: 'V', type: T.TIMESTAMP, value: 60220000000 }])).toBe('"1971-11-28T23:46:40.000"');
    expect(run('TO_JSON_STRING(V)', [{ name: 'V', type: T.BYTES, value: Buffer.from('!') }])).toBe('"IQ=="');
    expect(run("TO_JSON_STRING(STRUCT(ID := 1, NAME := 'Alice'))")).toBe('{"ID":1,"NAME":"Alice"}');
    expect(run("TO_JSON_STRING(MAP('id' := ARRAY[1, 2, 3]))")).toBe('{"id":[1,2,3]}');
  });

  it('prints null as the text null', () => {
    expect(run('TO_JSON_STRING(V)', [{ name: 'V', type: T.INTEGER }])).toBe('null');
  });
});
