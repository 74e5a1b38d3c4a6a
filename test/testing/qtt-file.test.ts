import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JsonDecimal } from '../../src/testing/json-value.js';
import { loadTestPaths, parseTestFile } from '../../src/testing/qtt-file.js';
import type { CaseVariant, TestCase } from '../../src/testing/qtt-model.js';

function only<T>(xs: readonly T[]): T {
  expect(xs).toHaveLength(1);
  return xs[0] as T;
}

function variant(tc: TestCase): CaseVariant {
  return only(tc.variants);
}

describe('parseTestFile', () => {
  it('reads a file with // comments and keeps case order and names', () => {
    const cases = parseTestFile(
      `{
        // file comment
        "comments": ["x"],
        "tests": [
          {"name": "first", "statements": ["CREATE STREAM A (K INT KEY) WITH (kafka_topic='a', value_format='JSON');"]},
          {"name": "second", "statements": []} // trailing comment
        ]
      }`,
      'f.json',
    );
    expect(cases.map((c) => [c.name, c.index, c.format, c.file])).toEqual([
      ['first', 0, null, 'f.json'],
      ['second', 1, null, 'f.json'],
    ]);
  });

  it('expands a format list into one case per format with {FORMAT} replaced everywhere', () => {
    const cases = parseTestFile(
      JSON.stringify({
        tests: [
          {
            name: 'fmt',
            format: ['AVRO', 'JSON'],
            statements: ["CREATE STREAM S (ID INT) WITH (kafka_topic='t', value_format='{FORMAT}');"],
            topics: [{ name: 't', valueFormat: '{FORMAT}' }],
            properties: { 'ksql.persistence.default.format.value': '{FORMAT}' },
          },
        ],
      }),
      'f.json',
    );
    expect(cases.map((c) => c.format)).toEqual(['AVRO', 'JSON']);
    const avro = variant(cases[0] as TestCase);
    expect(avro.statements[0]).toContain("value_format='AVRO'");
    expect(avro.topics[0]?.valueFormat).toBe('AVRO');
    expect(avro.properties['ksql.persistence.default.format.value']).toBe('AVRO');
    expect(variant(cases[1] as TestCase).statements[0]).toContain("value_format='JSON'");
  });

  it('turns a config list into variants of one case, with {CONFIG} replaced', () => {
    const tc = only(
      parseTestFile(
        JSON.stringify({ tests: [{ name: 'c', config: ['true', 'false'], properties: { 'ksql.new.query.planner.enabled': '{CONFIG}' }, statements: [] }] }),
        'f.json',
      ),
    );
    expect(tc.variants.map((v) => [v.config, v.properties['ksql.new.query.planner.enabled']])).toEqual([
      ['true', 'true'],
      ['false', 'false'],
    ]);
  });

  it('models records: missing key is a null key, window types upper-cased, headers kept', () => {
    const tc = only(
      parseTestFile(
        `{"tests": [{"name": "r", "statements": [],
          "inputs": [{"topic": "in", "value": {"V": 1.50}, "timestamp": 5,
                      "window": {"start": 0, "end": 10, "type": "session"},
                      "headers": [{"KEY": "h", "VALUE": "IQ=="}, {"KEY": "n", "VALUE": null}]}],
          "outputs": [{"topic": "OUT", "key": 9223372036854775807, "value": null}]}]}`,
        'f.json',
      ),
    );
    const v = variant(tc);
    const input = only(v.inputs);
    expect(input.key).toBeNull();
    expect((input.value as { V: JsonDecimal }).V.text).toBe('1.50');
    expect(input.window).toEqual({ start: 0, end: 10, type: 'SESSION' });
    expect(input.headers).toEqual([
      { KEY: 'h', VALUE: 'IQ==' },
      { KEY: 'n', VALUE: null },
    ]);
    const output = only(v.outputs ?? []);
    expect(output).toMatchObject({ topic: 'OUT', key: 9223372036854775807n, value: null, timestamp: null, headers: null, window: null });
  });

  it('lists the topics a case needs: declared ones with their settings, then those only named by records', () => {
    const tc = only(
      parseTestFile(
        JSON.stringify({
          tests: [
            {
              name: 't',
              statements: [],
              topics: [{ name: 'in', partitions: 4, format: 'AVRO', schema: { type: 'record', name: 'r', fields: [] }, valueSchemaId: 7 }],
              inputs: [
                { topic: 'in', value: {} },
                { topic: 'other', value: {} },
              ],
              outputs: [{ topic: 'OUT', value: {} }],
            },
          ],
        }),
        'f.json',
      ),
    );
    const topics = variant(tc).topics;
    expect(topics.map((t) => [t.name, t.origin, t.partitions, t.valueFormat, t.valueSchemaId])).toEqual([
      ['in', 'topics', 4, 'AVRO', 7],
      ['other', 'inputs', null, null, null],
      ['OUT', 'outputs', null, null, null],
    ]);
    expect(topics[0]?.valueSchema).toEqual({ type: 'record', name: 'r', fields: [] });
  });

  it('reads expectations: exceptions with causes, RQTT errors and responses, post conditions', () => {
    const tc = only(
      parseTestFile(
        JSON.stringify({
          tests: [
            {
              name: 'e',
              statements: ['SELECT * FROM T;'],
              expectedException: { type: 'org.apache.kafka.streams.errors.StreamsException', message: 'm', cause: 'C', causeMessage: 'cm' },
              expectedError: { type: 'io.confluent.ksql.rest.entity.KsqlStatementErrorMessage', message: 'x', status: 400 },
              responses: [{ admin: { '@type': 'currentStatus' } }],
              inputConditions: { waitForActivePushQuery: true },
              post: {
                sources: [{ name: 'OUTPUT', type: 'stream', schema: 'K INT KEY', keyFormat: { format: 'kafka', windowType: 'SESSION', windowSize: null }, valueFormat: 'JSON', keyFeatures: ['UNWRAP_SINGLES'] }],
                topics: { blacklist: '.*-repartition', topics: [{ name: 'OUTPUT', keyFormat: { format: 'JSON_SR', windowInfo: { type: 'HOPPING', size: 5 } }, partitions: 4 }] },
              },
            },
          ],
        }),
        'f.json',
      ),
    );
    expect(tc.rest).toBe(true);
    const v = variant(tc);
    expect(v.expectedException).toEqual({ type: 'org.apache.kafka.streams.errors.StreamsException', message: 'm', cause: 'C', causeMessage: 'cm' });
    expect(v.expectedError?.status).toBe(400);
    expect(v.waitForActivePushQuery).toBe(true);
    const src = only(v.post?.sources ?? []);
    expect(src).toMatchObject({ name: 'OUTPUT', type: 'STREAM', schema: 'K INT KEY', keyFeatures: ['UNWRAP_SINGLES'] });
    expect(src.keyFormat).toMatchObject({ format: 'KAFKA', windowType: 'SESSION', windowSize: null });
    expect(src.valueFormat).toEqual({ format: 'JSON', properties: undefined, features: undefined });
    expect(v.post?.blacklist).toBe('.*-repartition');
    expect(only(v.post?.topics ?? []).keyFormat?.windowInfo).toEqual({ type: 'HOPPING', sizeSeconds: 5 });
  });

  it('keeps a disabled case, marked as such', () => {
    const tc = only(parseTestFile('{"tests": [{"name": "off", "enabled": false, "statements": []}]}', 'f.json'));
    expect(tc.enabled).toBe(false);
  });

  it('marks a malformed case invalid with the reason, without losing the other cases', () => {
    const cases = parseTestFile('{"tests": [{"name": "bad", "statements": "not a list"}, {"name": "good", "statements": []}]}', 'f.json');
    expect(cases.map((c) => [c.name, c.invalid])).toEqual([
      ['bad', '"statements" must be a list'],
      ['good', null],
    ]);
  });

  it('refuses a file without a tests array', () => {
    expect(() => parseTestFile('{"cases": []}', 'f.json')).toThrow(/"tests" array/);
  });
});

describe('loadTestPaths', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ksqlite-qtt-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  const file = (name: string, caseName: string): void => {
    writeFileSync(join(dir, name), `{"tests": [{"name": "${caseName}", "statements": []}]}`);
  };

  it('loads the .json files of a folder recursively in name order, labelled relative to the folder', () => {
    mkdirSync(join(dir, 'sub'));
    file('b.json', 'B');
    file('a.json', 'A');
    file(join('sub', 'c.json'), 'C');
    writeFileSync(join(dir, 'notes.txt'), 'not a test');
    const r = loadTestPaths([dir]);
    expect(r.errors).toEqual([]);
    expect(r.cases.map((c) => [c.file, c.name])).toEqual([
      ['a.json', 'A'],
      ['b.json', 'B'],
      ['sub/c.json', 'C'],
    ]);
  });

  it('labels a file given directly by its name and loads it once', () => {
    file('a.json', 'A');
    const r = loadTestPaths([join(dir, 'a.json'), join(dir, 'a.json')]);
    expect(r.cases.map((c) => c.file)).toEqual(['a.json']);
  });

  it('reports unreadable paths and broken files as load errors and goes on', () => {
    file('good.json', 'G');
    writeFileSync(join(dir, 'broken.json'), '{"tests": [');
    const r = loadTestPaths([dir, join(dir, 'missing.json')]);
    expect(r.cases.map((c) => c.name)).toEqual(['G']);
    expect(r.errors.map((e) => e.file)).toEqual(['broken.json', join(dir, 'missing.json')]);
    expect(r.errors[0]?.message).toMatch(/line 1/);
  });
});

describe('RQTT detection', () => {
  it('runs every case of a file with REST responses the RQTT way, and plain QTT files the QTT way', () => {
    const rest = parseTestFile(
      JSON.stringify({ tests: [{ name: 'a', statements: [], responses: [] }, { name: 'b', statements: [], outputs: [] }] }),
      'r.json',
    );
    expect(rest.map((c) => c.rest)).toEqual([true, true]);
    expect(parseTestFile(JSON.stringify({ tests: [{ name: 'q', statements: ['CREATE STREAM X;'] }] }), 'q.json')[0]?.rest).toBe(false);
  });
});
