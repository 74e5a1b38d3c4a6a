// The runner's flow and verdicts, driven by a scripted engine (test/testing/scripted-engine.ts):
// these tests check the runner, not any engine's conformance.

import { describe, expect, it } from 'vitest';
import { parseTestFile } from '../../src/testing/qtt-file.js';
import type { TestCase } from '../../src/testing/qtt-model.js';
import { runCase, runCases } from '../../src/testing/runner.js';
import type { TestEngineFactory } from '../../src/testing/test-engine.js';
import { BIGINT } from '../../src/types/sql-type.js';
import { scriptedFactory } from './scripted-engine.js';

function cases(tests: unknown[]): TestCase[] {
  return parseTestFile(JSON.stringify({ tests }), 'cases.json');
}

function one(test: Record<string, unknown>): TestCase {
  const c = cases([{ name: 'case', ...test }])[0];
  if (c === undefined) throw new Error('no case');
  return c;
}

const copyCase = {
  statements: ['COPY in TO OUT'],
  inputs: [
    { topic: 'in', key: 'a', value: { V: 1 }, timestamp: 10 },
    { topic: 'in', key: 'b', value: { V: 2 } },
  ],
  outputs: [
    { topic: 'OUT', key: 'a', value: { V: 1 }, timestamp: 10 },
    { topic: 'OUT', key: 'b', value: { V: 2 }, timestamp: 0 },
  ],
};

describe('running a QTT case', () => {
  it('passes when the outputs match, calling the engine in ksqlDB order and closing it', async () => {
    const factory = scriptedFactory();
    const r = await runCase(one(copyCase), factory);
    expect(r).toMatchObject({ status: 'passed', message: '', exception: null, responses: null });
    expect(factory.engines[0]?.log).toEqual([
      'execute 0@1: COPY in TO OUT',
      'runUntilIdle',
      'produce in @10',
      'runUntilIdle',
      'produce in @0',
      'runUntilIdle',
      'readTopic OUT',
      'close',
    ]);
  });

  it('gives the engine the case properties and the topics it needs', async () => {
    const factory = scriptedFactory();
    await runCase(one({ ...copyCase, properties: { 'ksql.x': 'y' }, topics: [{ name: 'in', partitions: 2 }] }), factory);
    const setup = factory.engines[0]?.setup;
    expect(setup?.properties).toEqual({ 'ksql.x': 'y' });
    expect(setup?.topics.map((t) => [t.name, t.origin, t.partitions])).toEqual([
      ['in', 'topics', 2],
      ['OUT', 'outputs', null],
    ]);
  });

  it('tells the engine on which line of the joined script each statement starts', async () => {
    const factory = scriptedFactory();
    await runCase(one({ statements: ['COPY a\nTO b', 'COPY b TO c'] }), factory);
    expect(factory.engines[0]?.log.slice(0, 3)).toEqual(['execute 0@1: COPY a\nTO b', 'execute 1@3: COPY b TO c', 'runUntilIdle']);
  });

  it('fails on the first differing record and still reports every record the engine wrote', async () => {
    const r = await runCase(one({ ...copyCase, outputs: [copyCase.outputs[0], { topic: 'OUT', key: 'b', value: { V: 3 } }] }), scriptedFactory());
    expect(r.status).toBe('failed');
    expect(r.message).toBe("topic 'OUT', record 2: value.V: expected 3 but was 2; expected <\"b\", {\"V\":3}> but was <\"b\", {\"V\":2}> @0");
    expect(r.outputs.map((o) => o.value)).toEqual([{ V: 1 }, { V: 2 }]);
  });

  it('does not check timestamps of a case without inputs, as ksqlDB does for INSERT VALUES', async () => {
    const r = await runCase(one({ statements: ['INSERT OUT {"V": 1}'], outputs: [{ topic: 'OUT', value: { V: 1 }, timestamp: 0 }] }), scriptedFactory());
    expect(r.status).toBe('passed');
  });

  it('passes post conditions that hold and fails on those that do not', async () => {
    const source = {
      name: 'OUT',
      type: 'STREAM' as const,
      isSource: false,
      topic: 'OUT',
      columns: [{ name: 'K', type: BIGINT, namespace: 'KEY' as const, headerKey: null }],
      keyFormat: { format: 'KAFKA', properties: {}, features: [] },
      valueFormat: { format: 'JSON', properties: {}, features: [] },
      windowType: null,
      windowSizeMs: null,
    };
    const factory = scriptedFactory({ sources: [source], topics: [] });
    expect((await runCase(one({ ...copyCase, post: { sources: [{ name: 'OUT', type: 'stream', schema: 'K BIGINT KEY' }] } }), factory)).status).toBe('passed');
    const bad = await runCase(one({ ...copyCase, post: { sources: [{ name: 'OUT', type: 'table' }] } }), factory);
    expect(bad).toMatchObject({ status: 'failed', message: 'post: source OUT: expected a TABLE but is a STREAM' });
  });
});

describe('expected exceptions', () => {
  it('passes when the last statement fails as expected, and reports the exception', async () => {
    const factory = scriptedFactory();
    const r = await runCase(
      one({
        statements: ['COPY in TO OUT', 'FAIL io.confluent.ksql.util.KsqlStatementException Cannot do that.'],
        inputs: [{ topic: 'in', value: { V: 1 } }],
        expectedException: { type: 'io.confluent.ksql.util.KsqlException', message: 'do that' },
      }),
      factory,
    );
    expect(r).toMatchObject({ status: 'passed', exception: { type: 'io.confluent.ksql.util.KsqlStatementException', message: 'Cannot do that.' } });
    expect(factory.engines[0]?.log.some((l) => l.startsWith('produce'))).toBe(false);
  });

  it('fails when the error is of another kind, saying what came instead', async () => {
    const r = await runCase(
      one({ statements: ['KSQLFAIL SYNTAX line 1:1: mismatched input'], expectedException: { type: 'io.confluent.ksql.util.KsqlException', message: 'Unknown' } }),
      scriptedFactory(),
    );
    expect(r.status).toBe('failed');
    expect(r.message).toBe(
      'expected exception message to contain "Unknown", got io.confluent.ksql.parser.exception.ParseFailedException: line 1:1: mismatched input\nStatement: KSQLFAIL SYNTAX line 1:1: mismatched input [statement 1]',
    );
  });

  it('fails when nothing fails, after checking the outputs first', async () => {
    const r = await runCase(one({ ...copyCase, expectedException: { type: 'io.confluent.ksql.util.KsqlException' } }), scriptedFactory());
    expect(r).toMatchObject({ status: 'failed', message: 'expected io.confluent.ksql.util.KsqlException but nothing failed' });
  });

  it('matches an error raised while processing inputs, with its cause', async () => {
    const r = await runCase(
      one({
        statements: ['OVERFLOW in TO OUT'],
        inputs: [
          { topic: 'in', value: { V: 1 } },
          { topic: 'in', value: { V: -1 } },
        ],
        outputs: [{ topic: 'OUT', value: { V: 1 } }],
        expectedException: {
          type: 'org.apache.kafka.streams.errors.StreamsException',
          message: 'Exception caught in process',
          cause: 'io.confluent.ksql.function.KsqlFunctionException',
          causeMessage: 'Numeric field overflow',
        },
      }),
      scriptedFactory(),
    );
    expect(r.status).toBe('passed');
    expect(r.outputs.map((o) => o.value)).toEqual([{ V: 1 }]);
  });

  it('fails a case that raises an error nobody expected, naming the statement', async () => {
    const r = await runCase(one({ statements: ['COPY a TO b', 'FAIL io.confluent.ksql.util.KsqlException nope'] }), scriptedFactory());
    expect(r).toMatchObject({ status: 'failed', message: 'unexpected error in statement 2: io.confluent.ksql.util.KsqlException: nope [statement 2]' });
  });
});

describe('skips, invalid cases, variants and timeouts', () => {
  it('skips a disabled case without creating an engine', async () => {
    const factory = scriptedFactory();
    expect(await runCase(one({ ...copyCase, enabled: false }), factory)).toMatchObject({ status: 'skipped', message: 'disabled in the test file (enabled: false)' });
    expect(factory.engines).toHaveLength(0);
  });

  it('fails a malformed case with the reason', async () => {
    expect(await runCase(one({ statements: 'x' }), scriptedFactory())).toMatchObject({ status: 'failed', message: 'invalid test case: "statements" must be a list' });
  });

  it('runs every config variant, and names the one that failed', async () => {
    const factory = scriptedFactory();
    const r = await runCase(one({ config: ['COPY', 'FAIL'], statements: ['{CONFIG} java.lang.RuntimeException bad'] }), factory);
    expect(factory.engines).toHaveLength(2);
    expect(r.status).toBe('failed');
    expect(r.message).toBe('[config FAIL] unexpected error in statement 1: java.lang.RuntimeException: bad [statement 1]');
  });

  it('fails a case that hangs once its time is up, closes its engine and goes on', async () => {
    const factory = scriptedFactory();
    const results = await runCases(cases([{ name: 'stuck', statements: ['COPY a TO b', 'HANG'] }, { name: 'next', ...copyCase }]), factory, { timeoutMs: 100 });
    expect(results.map((r) => [r.name, r.status, r.message])).toEqual([
      ['stuck', 'failed', 'timed out after 100 ms while running statement 2'],
      ['next', 'passed', ''],
    ]);
    expect(factory.engines[0]?.closed).toBe(true);
  });

  it('fails a case whose engine cannot be created, with the reason', async () => {
    const failing: TestEngineFactory = () => Promise.reject(new Error('no disk'));
    expect(await runCase(one(copyCase), failing)).toMatchObject({ status: 'failed', message: 'unexpected error in setting up the engine: ksqlite.InternalError: Error: no disk' });
  });

  it('reports results in case order through onResult', async () => {
    const seen: string[] = [];
    await runCases(cases([{ name: 'a', statements: [] }, { name: 'b', statements: [], enabled: false }]), scriptedFactory(), { onResult: (r) => seen.push(`${r.name}:${r.status}`) });
    expect(seen).toEqual(['a:passed', 'b:skipped']);
  });
});

describe('running an RQTT case', () => {
  it('runs /ksql statements, then inputs, then queries, and compares the responses', async () => {
    const factory = scriptedFactory();
    const r = await runCase(
      one({
        statements: ['COPY in TO OUT', 'SELECT OUT'],
        inputs: [{ topic: 'in', value: 7 }],
        responses: [{ admin: { '@type': 'currentStatus' } }, { query: [{ header: { schema: '`V` INTEGER' } }, { row: { columns: [7] } }] }],
      }),
      factory,
    );
    expect(r).toMatchObject({ status: 'passed', message: '' });
    expect(r.responses).toHaveLength(2);
    expect(factory.engines[0]?.log.slice(0, 5)).toEqual(['execute 0@1: COPY in TO OUT', 'runUntilIdle', 'produce in @0', 'runUntilIdle', 'query 1@1 JSON: SELECT OUT']);
  });

  it('fails when a response differs, and reports the responses received', async () => {
    const r = await runCase(one({ statements: ['SELECT OUT'], responses: [{ query: [{ header: { schema: '`V` STRING' } }] }] }), scriptedFactory());
    expect(r.status).toBe('failed');
    expect(r.message).toBe('response 1: query[0].header.schema: expected "`V` STRING" but was "`V` INTEGER"');
    expect(r.responses).toEqual([{ query: [{ header: { queryId: 'transient_1', schema: '`V` INTEGER' } }] }]);
  });

  it('produces the inputs only once a push query runs when the case waits for it', async () => {
    const factory = scriptedFactory();
    const r = await runCase(
      one({
        statements: ['SELECT in LIMIT 1'],
        inputs: [{ topic: 'in', value: 1 }],
        inputConditions: { waitForActivePushQuery: true },
        responses: [{ query: [{ header: { 'queryId|starts_with': 'transient' } }, { row: { columns: [1] } }, { finalMessage: 'Limit Reached' }] }],
      }),
      factory,
    );
    expect(r.status).toBe('passed');
    expect(factory.engines[0]?.log.slice(0, 4)).toEqual(['runUntilIdle', 'query 0@1 JSON: SELECT in LIMIT 1', 'produce in @0', 'runUntilIdle']);
  });

  it('runs each query a second time in PROTOBUF when the case asks', async () => {
    const factory = scriptedFactory();
    const r = await runCase(one({ statements: ['SELECT OUT'], testPullWithProtoFormat: true }), factory);
    expect(r.responses?.map((x) => Object.keys(x)[0])).toEqual(['query', 'queryProto']);
  });

  it('matches an expected REST error and reports it under its REST entity name', async () => {
    const r = await runCase(
      one({
        statements: ['COPY in TO OUT', 'SELECT'],
        expectedError: { type: 'io.confluent.ksql.rest.entity.KsqlStatementErrorMessage', message: 'cannot read', status: 400 },
      }),
      scriptedFactory(),
    );
    expect(r).toMatchObject({ status: 'passed', exception: { type: 'io.confluent.ksql.rest.entity.KsqlStatementErrorMessage', message: 'cannot read SELECT\nStatement: SELECT' } });
  });
});
