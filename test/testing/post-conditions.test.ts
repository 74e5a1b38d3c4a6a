import { describe, expect, it } from 'vitest';
import { parseJson } from '../../src/testing/json-value.js';
import { postMismatches, schemasEqual } from '../../src/testing/post-conditions.js';
import { parseTestFile } from '../../src/testing/qtt-file.js';
import type { PostConditions } from '../../src/testing/qtt-model.js';
import type { TestFormat, TestSourceInfo, TestTopicInfo } from '../../src/testing/test-engine.js';
import { BIGINT, INTEGER, STRING } from '../../src/types/sql-type.js';

/** Post conditions as a test file writes them, read by the real loader. */
function post(json: unknown): PostConditions {
  const tc = parseTestFile(JSON.stringify({ tests: [{ name: 'p', statements: [], post: json }] }), 'f.json')[0];
  const p = tc?.variants[0]?.post;
  if (p === undefined || p === null) throw new Error(tc?.invalid ?? 'no post conditions');
  return p;
}

const fmt = (format: string, features: TestFormat['features'] = [], properties: Record<string, string> = {}): TestFormat => ({ format, features, properties });

const output: TestSourceInfo = {
  name: 'OUTPUT',
  type: 'TABLE',
  isSource: false,
  topic: 'OUTPUT',
  columns: [
    { name: 'ID', type: BIGINT, namespace: 'KEY', headerKey: null },
    { name: 'NAME', type: STRING, namespace: 'VALUE', headerKey: null },
  ],
  keyFormat: fmt('KAFKA'),
  valueFormat: fmt('JSON', ['UNWRAP_SINGLES']),
  windowType: 'TUMBLING',
  windowSizeMs: 30000,
};

const topic = (name: string, over: Partial<TestTopicInfo> = {}): TestTopicInfo => ({
  name,
  partitions: 1,
  replicas: 1,
  keyFormat: { ...fmt('KAFKA'), windowType: null, windowSizeMs: null },
  valueFormat: fmt('JSON'),
  keySchema: null,
  valueSchema: null,
  ...over,
});

describe('post sources', () => {
  it('passes when the source has the given type, schema, formats, window and features', () => {
    const p = post({
      sources: [
        {
          name: 'OUTPUT',
          type: 'table',
          schema: 'ID BIGINT KEY, NAME STRING',
          keyFormat: { format: 'KAFKA', windowType: 'TUMBLING', windowSize: 30000 },
          valueFormat: 'JSON',
          valueFeatures: ['UNWRAP_SINGLES'],
          isSource: false,
        },
      ],
    });
    expect(postMismatches(p, [output], [])).toEqual([]);
  });

  it('names a missing source and lists the ones there are', () => {
    expect(postMismatches(post({ sources: [{ name: 'OTHER', type: 'stream' }] }), [output], [])).toEqual(['source OTHER not found (sources: OUTPUT)']);
  });

  it('reports every difference, not only the first', () => {
    const p = post({ sources: [{ name: 'OUTPUT', type: 'stream', schema: 'ID INT KEY, NAME STRING', keyFormat: { format: 'JSON', windowType: 'SESSION' }, keyFeatures: ['UNWRAP_SINGLES'] }] });
    const problems = postMismatches(p, [output], []);
    expect(problems).toEqual([
      'source OUTPUT: expected a STREAM but is a TABLE',
      'source OUTPUT: expected schema `ID` INTEGER KEY, `NAME` STRING but was `ID` BIGINT KEY, `NAME` STRING',
      'source OUTPUT key format: expected JSON but was KAFKA',
      'source OUTPUT: expected window type SESSION but was TUMBLING',
      'source OUTPUT: expected key features [UNWRAP_SINGLES] but were []',
    ]);
  });

  it('checks only what the expectation gives', () => {
    expect(postMismatches(post({ sources: [{ name: 'OUTPUT', type: 'table', keyFormat: { format: 'KAFKA' } }] }), [output], [])).toEqual([]);
  });
});

describe('post topics', () => {
  it('fails when a topic matches the blacklist in full', () => {
    const p = post({ topics: { blacklist: '.*-repartition' } });
    expect(postMismatches(p, [], [topic('OUTPUT'), topic('q1-Aggregate-repartition')])).toEqual(['blacklisted topics found: q1-Aggregate-repartition']);
    expect(postMismatches(p, [], [topic('repartition-topic')])).toEqual([]);
  });

  it('checks a listed topic: formats, window info in seconds, partitions and schemas', () => {
    const schema = { type: 'record', name: 'KsqlDataSourceSchema', fields: [{ name: 'FOO', type: ['null', 'int'], default: null }] };
    const actual = topic('OUTPUT', {
      partitions: 4,
      keyFormat: { ...fmt('JSON_SR', ['UNWRAP_SINGLES']), windowType: 'HOPPING', windowSizeMs: 5000 },
      valueFormat: fmt('AVRO'),
      valueSchema: parseJson(JSON.stringify(schema)),
    });
    const good = post({
      topics: {
        topics: [{ name: 'OUTPUT', keyFormat: { format: 'JSON_SR', features: ['UNWRAP_SINGLES'], windowInfo: { type: 'HOPPING', size: 5 } }, valueFormat: { format: 'AVRO' }, partitions: 4, valueSchema: schema }],
      },
    });
    expect(postMismatches(good, [], [actual])).toEqual([]);
    const bad = post({ topics: { topics: [{ name: 'OUTPUT', keyFormat: { format: 'JSON_SR', windowInfo: { type: 'HOPPING', size: 2 } }, partitions: 1 }] } });
    expect(postMismatches(bad, [], [actual])).toEqual(['topic OUTPUT: expected window size 2000 ms but was 5000', 'topic OUTPUT: expected 1 partitions but has 4']);
  });

  it('names a missing topic', () => {
    expect(postMismatches(post({ topics: { topics: [{ name: 'X', keyFormat: { format: 'KAFKA' } }] } }), [], [topic('OUTPUT')])).toEqual(['topic X not found (topics: OUTPUT)']);
  });
});

describe('schemasEqual', () => {
  it('compares JSON schemas as data, whatever the field order of objects', () => {
    expect(schemasEqual(parseJson('{"type": "int", "name": "x"}'), parseJson('{"name": "x", "type": "int"}'))).toBe(true);
    expect(schemasEqual(parseJson('{"fields": [1, 2]}'), parseJson('{"fields": [2, 1]}'))).toBe(false);
  });

  it('compares PROTOBUF schema text ignoring whitespace', () => {
    expect(schemasEqual('syntax = "proto3";\n\nmessage M {\n  int32 A = 1;\n}\n', 'syntax="proto3"; message M { int32 A = 1; }')).toBe(true);
    expect(schemasEqual('message M { int32 A = 1; }', 'message M { int64 A = 1; }')).toBe(false);
  });

  it('accepts a schema given as JSON text for a schema held as an object', () => {
    expect(schemasEqual('{"type": "string"}', parseJson('{"type": "string"}'))).toBe(true);
  });
});

describe('source lookup', () => {
  it('finds a source whose name differs only in case', () => {
    expect(postMismatches(post({ sources: [{ name: 'output', type: 'table' }] }), [output], [])).toEqual([]);
  });

  it('compares INTEGER columns written as INT', () => {
    const s: TestSourceInfo = { ...output, columns: [{ name: 'K', type: INTEGER, namespace: 'KEY', headerKey: null }] };
    expect(postMismatches(post({ sources: [{ name: 'OUTPUT', type: 'table', schema: 'K INT KEY' }] }), [s], [])).toEqual([]);
  });
});
