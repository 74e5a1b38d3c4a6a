import { describe, expect, it } from 'vitest';
import { parseJson } from '../../src/testing/json-value.js';
import { compareOutputs, compareRecord, compareTopic, outputTopics } from '../../src/testing/record-compare.js';
import type { RecordSpec } from '../../src/testing/qtt-model.js';
import type { TestRecord } from '../../src/testing/test-engine.js';

const spec = (over: Partial<RecordSpec>): RecordSpec => ({ topic: 'OUT', key: null, value: null, timestamp: null, headers: null, window: null, ...over });
const rec = (over: Partial<TestRecord>): TestRecord => ({ topic: 'OUT', key: null, value: null, timestamp: 0, headers: [], window: null, ...over });
const withTs = { checkTimestamps: true };

describe('compareRecord', () => {
  it('accepts a record equal in key, value and timestamp', () => {
    expect(compareRecord(spec({ key: 1, value: parseJson('{"A": 1.0}'), timestamp: 5 }), rec({ key: 1, value: { A: 1 }, timestamp: 5 }), withTs)).toBeNull();
  });

  it('ignores the timestamp when the file gives none', () => {
    expect(compareRecord(spec({ value: 1 }), rec({ value: 1, timestamp: 123 }), withTs)).toBeNull();
  });

  it('reports a different timestamp, unless timestamps are not checked', () => {
    expect(compareRecord(spec({ value: 1, timestamp: 5 }), rec({ value: 1, timestamp: 6 }), withTs)).toBe('timestamp: expected 5 but was 6');
    expect(compareRecord(spec({ value: 1, timestamp: 5 }), rec({ value: 1, timestamp: 6 }), { checkTimestamps: false })).toBeNull();
  });

  it('expects a null key when the file gives no key', () => {
    expect(compareRecord(spec({ value: 1 }), rec({ key: 'k', value: 1 }), withTs)).toBe('key: expected null but was "k"');
  });

  it('compares a tombstone value with null', () => {
    expect(compareRecord(spec({ key: 'k', value: null }), rec({ key: 'k', value: null }), withTs)).toBeNull();
    expect(compareRecord(spec({ key: 'k', value: null }), rec({ key: 'k', value: {} }), withTs)).toContain('value: expected null');
  });

  it('compares windows: bounds and type, where the file may write the type in lower case', () => {
    const window = { start: 0, end: 1000, type: 'TIME' as const };
    expect(compareRecord(spec({ key: 'a', value: 1, window }), rec({ key: 'a', value: 1, window }), withTs)).toBeNull();
    expect(compareRecord(spec({ key: 'a', value: 1, window }), rec({ key: 'a', value: 1, window: { ...window, end: 2000 } }), withTs)).toContain('window: expected TIME [0, 1000)');
    expect(compareRecord(spec({ key: 'a', value: 1, window }), rec({ key: 'a', value: 1 }), withTs)).toContain('not windowed');
    expect(compareRecord(spec({ key: 'a', value: 1 }), rec({ key: 'a', value: 1, window }), withTs)).toContain('expected an unwindowed key');
  });

  it('expects no headers when the file gives none, and the given headers in order otherwise', () => {
    const h = [{ KEY: 'a', VALUE: 'IQ==' }];
    expect(compareRecord(spec({ value: 1 }), rec({ value: 1, headers: h }), withTs)).toContain('headers');
    expect(compareRecord(spec({ value: 1, headers: h }), rec({ value: 1, headers: h }), withTs)).toBeNull();
    expect(compareRecord(spec({ value: 1, headers: [{ KEY: 'a', VALUE: null }] }), rec({ value: 1, headers: h }), withTs)).toContain('headers[0].VALUE');
  });
});

describe('compareTopic', () => {
  it('reports the first differing record with both sides and the count difference', () => {
    const d = compareTopic('OUT', [spec({ key: 1, value: 1 }), spec({ key: 2, value: 2 })], [rec({ key: 1, value: 1 }), rec({ key: 2, value: 3 }), rec({ key: 3, value: 3 })], withTs);
    expect(d).toBe("topic 'OUT', record 2 (expected 2 records, got 3): value: expected 2 but was 3; expected <2, 2> but was <2, 3> @0");
  });

  it('reports missing and unexpected records when the common ones match', () => {
    expect(compareTopic('OUT', [spec({ value: 1 }), spec({ value: 2 })], [rec({ value: 1 })], withTs)).toBe("topic 'OUT': expected 2 records but got 1; first missing: <null, 2>");
    expect(compareTopic('OUT', [spec({ value: 1 })], [rec({ value: 1 }), rec({ value: 2 })], withTs)).toBe("topic 'OUT': expected 1 records but got 2; unexpected: <null, 2> @0");
  });
});

describe('compareOutputs', () => {
  it('compares each output topic separately, in the order the file first names them', () => {
    const expected = [spec({ topic: 'B', value: 1 }), spec({ topic: 'A', value: 2 }), spec({ topic: 'B', value: 3 })];
    expect(outputTopics(expected)).toEqual(['B', 'A']);
    const actual = new Map([
      ['A', [rec({ topic: 'A', value: 2 })]],
      ['B', [rec({ topic: 'B', value: 1 }), rec({ topic: 'B', value: 3 })]],
    ]);
    expect(compareOutputs(expected, actual, withTs)).toBeNull();
    expect(compareOutputs(expected, new Map([['B', actual.get('B') ?? []]]), withTs)).toBe("topic 'A': expected 1 records but got 0; first missing: <null, 2>");
  });
});
