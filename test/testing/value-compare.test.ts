import { describe, expect, it } from 'vitest';
import { JsonDecimal, parseJson } from '../../src/testing/json-value.js';
import type { JsonValue } from '../../src/testing/json-value.js';
import { findMismatch, parseDecimal, valuesMatch } from '../../src/testing/value-compare.js';

/** Expected values come from test-file text, as the runner reads them. */
const exp = (text: string): JsonValue => parseJson(text);
const dec = (text: string): JsonDecimal => new JsonDecimal(text);

describe('numbers', () => {
  it('matches an integer literal with an integer or a whole double of the same value', () => {
    expect(valuesMatch(1, exp('1'))).toBe(true);
    expect(valuesMatch(1, exp('2'))).toBe(false);
  });

  it('matches a fractional literal with a double numerically (1.0 is 1)', () => {
    expect(valuesMatch(1, exp('1.0'))).toBe(true);
    expect(valuesMatch(1.6666666666666667, exp('1.6666666666666667'))).toBe(true);
    expect(valuesMatch(1.5, exp('1.50'))).toBe(true);
  });

  it('matches a double written with more digits than JavaScript prints, when it is the same double', () => {
    expect(valuesMatch(4611686018427387904, exp('4.6116860184273879E18'))).toBe(true);
  });

  it('does not let an integer match a fractional literal by truncation', () => {
    expect(valuesMatch(1, exp('1.9'))).toBe(false);
  });

  it('compares BIGINTs beyond 2^53 exactly', () => {
    expect(valuesMatch(9223372036854775807n, exp('9223372036854775807'))).toBe(true);
    expect(valuesMatch(9223372036854775806n, exp('9223372036854775807'))).toBe(false);
  });

  it('compares decimals with their scale: 1.50 is not 1.5', () => {
    expect(valuesMatch(dec('1.50'), exp('1.50'))).toBe(true);
    expect(valuesMatch(dec('1.5'), exp('1.50'))).toBe(false);
  });

  it('matches a decimal with an integer literal only when it has no fraction digits', () => {
    expect(valuesMatch(dec('10'), exp('10'))).toBe(true);
    expect(valuesMatch(dec('10.0'), exp('10'))).toBe(false);
  });

  it('matches a decimal with a string holding the same decimal, leading zeros allowed', () => {
    expect(valuesMatch(dec('5.4'), exp('"005.4"'))).toBe(true);
    expect(valuesMatch(dec('5.40'), exp('"5.4"'))).toBe(false);
    expect(valuesMatch(dec('5.4'), exp('"abc"'))).toBe(false);
  });

  it('matches NaN and infinite doubles with the strings ksqlDB writes for them', () => {
    expect(valuesMatch(NaN, exp('"NaN"'))).toBe(true);
    expect(valuesMatch(-Infinity, exp('"-Infinity"'))).toBe(true);
    expect(valuesMatch(Infinity, exp('"NaN"'))).toBe(false);
  });

  it('does not match a number with a string of its digits', () => {
    expect(valuesMatch(1, exp('"1"'))).toBe(false);
    expect(valuesMatch('1', exp('1'))).toBe(false);
  });
});

describe('nulls, objects and arrays', () => {
  it('matches null only with null', () => {
    expect(valuesMatch(null, exp('null'))).toBe(true);
    expect(valuesMatch(0, exp('null'))).toBe(false);
    expect(valuesMatch(null, exp('0'))).toBe(false);
  });

  it('tells a missing field from a null field', () => {
    expect(valuesMatch({ A: 1, B: null }, exp('{"A": 1}'))).toBe(false);
    expect(valuesMatch({ A: 1 }, exp('{"A": 1, "B": null}'))).toBe(false);
    expect(valuesMatch({ A: 1, B: null }, exp('{"A": 1, "B": null}'))).toBe(true);
  });

  it('compares nested nulls inside structs and arrays', () => {
    expect(valuesMatch({ S: { F: null }, L: [null, 1] }, exp('{"S": {"F": null}, "L": [null, 1]}'))).toBe(true);
    expect(valuesMatch({ S: { F: 0 }, L: [null, 1] }, exp('{"S": {"F": null}, "L": [null, 1]}'))).toBe(false);
  });

  it('finds a field whose name differs only in case, as the test files rely on', () => {
    expect(valuesMatch({ COLORS: 'red' }, exp('{"colors": "red"}'))).toBe(true);
  });

  it('prefers the exact field when names differ only in case', () => {
    expect(valuesMatch({ foo: 1, FOO: 2 }, exp('{"foo": 1, "FOO": 2}'))).toBe(true);
    expect(valuesMatch({ foo: 1, FOO: 2 }, exp('{"foo": 2, "FOO": 1}'))).toBe(false);
  });

  it('compares arrays in order and by length', () => {
    expect(valuesMatch([1, 2], exp('[1, 2]'))).toBe(true);
    expect(valuesMatch([2, 1], exp('[1, 2]'))).toBe(false);
    expect(valuesMatch([1, 2, 3], exp('[1, 2]'))).toBe(false);
  });
});

describe('findMismatch', () => {
  it('names the path of the first difference', () => {
    expect(findMismatch({ A: { B: [1, 2] } }, exp('{"A": {"B": [1, 3]}}'), 'value')).toBe('value.A.B[1]: expected 3 but was 2');
  });

  it('names a missing field and unexpected fields', () => {
    expect(findMismatch({ A: 1 }, exp('{"A": 1, "B": 2}'), 'value')).toContain('value.B: expected field "B" is missing');
    expect(findMismatch({ A: 1, C: 2 }, exp('{"A": 1}'), 'value')).toContain('unexpected field(s) "C"');
  });
});

describe('parseDecimal', () => {
  it('reads unscaled value and scale like BigDecimal', () => {
    expect(parseDecimal('1.50')).toEqual({ unscaled: 150n, scale: 2 });
    expect(parseDecimal('-0.001')).toEqual({ unscaled: -1n, scale: 3 });
    expect(parseDecimal('1.0E20')).toEqual({ unscaled: 10n, scale: -19 });
    expect(parseDecimal('x')).toBeNull();
  });
});
