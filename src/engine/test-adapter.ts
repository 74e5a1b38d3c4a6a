// The engine side of the ksqlDB-format test runner: implements src/testing's TestEngine over a
// real in-memory Engine, converting records between the test files' JSON form and topic bytes
// with the formats and schemas of the sources on each topic.

import { appendWindow, splitWindow } from '../serde/windowed-key.js';
import type { DataSource } from '../catalog/types.js';
import { KsqlError } from '../errors.js';
import type { LogRecord } from '../log/types.js';
import { createSerde, isUnwrapped, rowFromJsonForm } from '../serde/index.js';
import type { FormatInfo, SerdeColumn } from '../serde/types.js';
import { rowToTestJson } from '../testing/sql-json.js';
import { JsonDecimal, isJsonObject, jsonObject, stringifyJson } from '../testing/json-value.js';
import type { JsonValue } from '../testing/json-value.js';
import type {
  StatementPosition,
  TestEngine,
  TestEngineSetup,
  TestFormat,
  TestQuery,
  TestRecord,
  TestResponse,
  TestSourceInfo,
  TestTopicInfo,
  TestTopicSpec,
  TestWindow,
} from '../testing/test-engine.js';
import { EXTENSION_DIR_PROPERTY } from '../functions/extensions/loader.js';
import { Engine } from './engine.js';
import type { StatementResult } from './results.js';

function columnsOf(s: DataSource, ns: 'KEY' | 'VALUE'): SerdeColumn[] {
  return s.columns.filter((c) => c.namespace === ns).map((c) => ({ name: c.name, type: c.type }));
}

/** Test-file JSON to the plain JSON values the serde's JSON-form reader takes. */
function plain(v: JsonValue): unknown {
  if (v instanceof JsonDecimal) return v.toNumber();
  if (Array.isArray(v)) return v.map((x: JsonValue) => plain(x));
  if (isJsonObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

function textBytes(v: JsonValue): Buffer {
  return Buffer.from(typeof v === 'string' ? v : stringifyJson(v), 'utf8');
}

function toBytes(info: FormatInfo | undefined, columns: readonly SerdeColumn[], isKey: boolean, v: JsonValue): Buffer | null {
  if (v === null) return null;
  if (!info || columns.length === 0) return textBytes(v);
  switch (info.format) {
    case 'JSON':
      return Buffer.from(stringifyJson(v), 'utf8');
    case 'DELIMITED':
    case 'NONE':
      return textBytes(v);
    default: {
      const serde = createSerde(info, columns, isKey);
      const unwrapped = isUnwrapped(info, columns, isKey);
      return serde.serialize(rowFromJsonForm(plain(v), columns, unwrapped || info.format === 'KAFKA'));
    }
  }
}

function fromBytes(info: FormatInfo, columns: readonly SerdeColumn[], isKey: boolean, bytes: Buffer | null): JsonValue {
  if (bytes === null) return null;
  if (columns.length === 0 || info.format === 'NONE') return isKey ? null : bytes.toString('utf8');
  if (info.format === 'DELIMITED') return bytes.toString('utf8');
  const row = createSerde(info, columns, isKey).deserialize(bytes);
  const unwrapped = isUnwrapped(info, columns, isKey) || (info.format === 'KAFKA' && columns.length === 1);
  return rowToTestJson(columns, row, unwrapped);
}

function formatInfoOf(name: string | null): FormatInfo | undefined {
  return name === null ? undefined : { format: name.toUpperCase() as FormatInfo['format'], options: {} };
}

function testFormat(info: FormatInfo, isKey: boolean): TestFormat {
  const properties: Record<string, string> = {};
  if (info.options.delimiter !== undefined) properties['delimiter'] = info.options.delimiter;
  const features: TestFormat['features'] =
    isKey || info.options.wrapSingleValue === undefined ? [] : info.options.wrapSingleValue ? ['WRAP_SINGLES'] : ['UNWRAP_SINGLES'];
  return { format: info.format, properties, features };
}

/** REST form of a result: ksqlDB's entity with `@type`. */
function adminOf(r: StatementResult): TestResponse {
  const { type, ...rest } = r as StatementResult & Record<string, unknown>;
  const entity: Record<string, JsonValue> = { '@type': type };
  for (const [k, v] of Object.entries(rest)) entity[k === 'type_' ? 'type' : k] = JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x))) as JsonValue;
  return { admin: jsonObject(Object.entries(entity)) };
}

class EngineTestAdapter implements TestEngine {
  constructor(
    private readonly engine: Engine,
    private readonly specs: readonly TestTopicSpec[],
  ) {}

  async execute(statement: string, at: StatementPosition): Promise<readonly TestResponse[]> {
    try {
      return (await this.engine.execute(statement)).map(adminOf);
    } catch (e) {
      if (e instanceof KsqlError && at.line > 1) {
        // Positions count from the statement; ksqlDB's count from the script ("line 2:47", "Line: 2, Col: 13:").
        const shifted =
          e.code === 'SYNTAX'
            ? e.message.replace(/^line (\d+):/, (_m, l: string) => `line ${Number(l) + at.line - 1}:`)
            : e.message.replace(/^Line: (\d+), Col:/, (_m, l: string) => `Line: ${Number(l) + at.line - 1}, Col:`);
        throw new KsqlError(e.code, shifted, e.loc);
      }
      throw e;
    }
  }

  async query(_statement: string, _at: StatementPosition): Promise<TestQuery> {
    throw new KsqlError('UNSUPPORTED', 'Queries over the REST API are not supported by the test adapter yet.');
  }

  private sourceFor(topic: string, preferSink: boolean): DataSource | undefined {
    const on = this.engine.catalog.sourcesOnTopic(topic);
    if (on.length <= 1) return on[0];
    const sinks = on.filter((s) => s.createdByQuery !== undefined);
    const rest = on.filter((s) => s.createdByQuery === undefined);
    return (preferSink ? sinks[0] ?? rest[0] : rest[0] ?? sinks[0])!;
  }

  async produce(record: TestRecord): Promise<void> {
    const log = this.engine.log;
    if (!log.hasTopic(record.topic)) log.createTopic(record.topic, { partitions: 1 });
    const source = this.sourceFor(record.topic, false);
    const spec = this.specs.find((s) => s.name === record.topic);
    let key: Buffer | null;
    let value: Buffer | null;
    if (source) {
      key = toBytes(source.keyFormat, columnsOf(source, 'KEY'), true, record.key);
      value = toBytes(source.valueFormat, columnsOf(source, 'VALUE'), false, record.value);
      if (source.window !== undefined && record.window !== null) key = appendWindow(source.window, key, record.window);
    } else {
      key = toBytes(formatInfoOf(spec?.keyFormat ?? null), [], true, record.key);
      value = toBytes(formatInfoOf(spec?.valueFormat ?? null), [], false, record.value);
    }
    log.produce(record.topic, [
      {
        key,
        value,
        timestamp: record.timestamp,
        headers: record.headers.map((h) => ({ key: h.KEY, value: h.VALUE === null ? null : Buffer.from(h.VALUE, 'base64') })),
      },
    ]);
  }

  async runUntilIdle(): Promise<void> {
    this.engine.runUntilIdle();
  }

  async readTopic(topic: string): Promise<readonly TestRecord[]> {
    const log = this.engine.log;
    if (!log.hasTopic(topic)) return [];
    const records: LogRecord[] = [];
    const ends = log.endOffsets(topic);
    ends.forEach((end, p) => {
      let from = log.startOffset(topic, p);
      while (from < end) {
        const batch = log.read(topic, p, from, 10_000);
        if (batch.length === 0) break;
        records.push(...batch);
        from = batch[batch.length - 1]!.offset + 1;
      }
    });
    const source = this.sourceFor(topic, true);
    return records.map((r) => {
      let key: JsonValue;
      let value: JsonValue;
      let window: TestWindow | null = null;
      if (source) {
        let keyBytes = r.key;
        if (source.window !== undefined && keyBytes !== null) {
          const split = splitWindow(source.window, keyBytes);
          keyBytes = split.inner;
          window = { start: split.window.start, end: split.window.end, type: source.window.type === 'SESSION' ? 'SESSION' : 'TIME' };
        }
        key = fromBytes(source.keyFormat, columnsOf(source, 'KEY'), true, keyBytes);
        value = fromBytes(source.valueFormat, columnsOf(source, 'VALUE'), false, r.value);
      } else {
        key = r.key === null ? null : r.key.toString('utf8');
        value = r.value === null ? null : r.value.toString('utf8');
      }
      return {
        topic,
        key,
        value,
        timestamp: r.timestamp,
        headers: r.headers.map((h) => ({ KEY: h.key, VALUE: h.value === null ? null : h.value.toString('base64') })),
        window,
      };
    });
  }

  async sources(): Promise<readonly TestSourceInfo[]> {
    return [...this.engine.catalog.sources.values()].map((s) => ({
      name: s.name,
      type: s.sourceType,
      isSource: s.isSource,
      topic: s.topic,
      columns: s.columns.map((c) => ({ name: c.name, type: c.type, namespace: c.namespace, headerKey: c.headerKey ?? null })),
      keyFormat: testFormat(s.keyFormat, true),
      valueFormat: testFormat(s.valueFormat, false),
      windowType: s.window?.type ?? null,
      windowSizeMs: s.window?.sizeMs ?? null,
    }));
  }

  async topics(): Promise<readonly TestTopicInfo[]> {
    return this.engine.log.listTopics().map((t) => {
      const s = this.sourceFor(t.name, true);
      return {
        name: t.name,
        partitions: t.partitions,
        replicas: t.replicas,
        keyFormat: s ? { ...testFormat(s.keyFormat, true), windowType: s.window?.type ?? null, windowSizeMs: s.window?.sizeMs ?? null } : null,
        valueFormat: s ? testFormat(s.valueFormat, false) : null,
        keySchema: null,
        valueSchema: null,
      };
    });
  }

  async close(): Promise<void> {
    await this.engine.close();
  }
}

export async function engineTestFactory(setup: TestEngineSetup): Promise<TestEngine> {
  const properties: Record<string, string> = { 'auto.offset.reset': 'earliest', 'ksqlite.auto.create.topics': 'true' };
  // ksqlDB's test runners turn the record cache off: every change of an aggregation is expected.
  properties['ksql.streams.cache.max.bytes.buffering'] = '0';
  // ksqlDB's REST test runner creates the topics of statements without PARTITIONS with 4 partitions,
  // which shows in the order pull queries list rows (partition by partition).
  if (setup.rest) properties['ksqlite.auto.create.partitions'] = '4';
  for (const [k, v] of Object.entries(setup.properties)) properties[k] = typeof v === 'string' ? v : stringifyJson(v);
  // ksqlDB's test-only UDFs, which its conformance files call, come from the extension folder
  // in `ksql.extension.dir` (`ksqlite test --extension-dir test/fixtures/ext`); never built in.
  const engine = new Engine({ inMemory: true, processingLogStream: false, properties });
  for (const t of setup.topics) {
    // In RQTT cases the statements create the topics the records name, with their PARTITIONS.
    if (setup.rest && t.origin !== 'topics') continue;
    if (!engine.log.hasTopic(t.name)) engine.log.createTopic(t.name, { partitions: t.partitions ?? 1, replicas: t.replicas ?? 1 });
  }
  const adapter = new EngineTestAdapter(engine, setup.topics);
  if (!setup.rest) return adapter;
  // RQTT cases run through the real HTTP server over the same engine.
  const { withRestApi } = await import('../server/rest-test-engine.js');
  // The extension folder is the engine's own configuration, not a request override (which the server refuses).
  const { [EXTENSION_DIR_PROPERTY]: _extensionDir, ...overrides } = properties;
  return withRestApi(adapter, engine, overrides);
}
