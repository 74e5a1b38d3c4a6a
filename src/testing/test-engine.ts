// The contract between the test runner and the engine under test. The runner drives a TestEngine
// through these calls only; the lead implements it over the real Engine. Everything crossing it is
// plain data in the JSON form the test files use (see json-value.ts), so results can be reported.

import type { JsonObject, JsonValue } from './json-value.js';
import type { SqlType } from '../types/sql-type.js';

// ---------------------------------------------------------------------------------------------
// Records

/** A record header; VALUE is the bytes in base64, null for a header without a value. */
export interface TestHeader {
  readonly KEY: string;
  readonly VALUE: string | null;
}

/** The window of a windowed key. TIME covers tumbling and hopping windows, where end = start + size. */
export interface TestWindow {
  readonly start: number;
  readonly end: number;
  readonly type: 'TIME' | 'SESSION';
}

/**
 * A record on a topic, in the test files' JSON form:
 * - key: the key column's value for a single-column key (unwrapped), an object for a multi-column
 *   key (or a wrapped single key), null for a null key. Without the window: that is in `window`.
 * - value: an object for wrapped values, a plain value for unwrapped single values, null for a
 *   tombstone.
 * - DELIMITED keys and values are the raw text ("1,abc"), as ksqlDB's runner reads them.
 * - Other formats: the decoded values, one JSON value per column: BOOLEAN, STRING as is;
 *   INTEGER, BIGINT, DATE (days), TIME (ms of day), TIMESTAMP (epoch ms) as integers (number, or
 *   bigint beyond 2^53); DOUBLE as number; DECIMAL as a JsonDecimal written with the column's
 *   scale ("1.50"); BYTES as base64 strings; ARRAY as arrays; MAP and STRUCT as objects.
 *   Do not re-parse JSON text for JSON-format topics: decode it with the topic's schema, so a
 *   DOUBLE stays a double and a DECIMAL keeps its scale (sql-json.ts converts engine values).
 */
export interface TestRecord {
  readonly topic: string;
  readonly key: JsonValue;
  readonly value: JsonValue;
  /** Epoch ms. Inputs without a timestamp in the file are produced at 0, as ksqlDB's runner does. */
  readonly timestamp: number;
  readonly headers: readonly TestHeader[];
  readonly window: TestWindow | null;
}

// ---------------------------------------------------------------------------------------------
// Set-up

/** A schema another registered schema imports (PROTOBUF `import "event.proto"`). */
export interface TestSchemaReference {
  readonly name: string;
  readonly format: string;
  readonly schema: JsonValue;
}

/**
 * A topic the case needs before its statements run. `origin` says why it is listed:
 * - 'topics': declared in the case's `topics`, with whatever settings and schemas it gives (the
 *   schemas are to be registered in the schema registry under `<topic>-key` / `<topic>-value`,
 *   with the given ids when there are);
 * - 'inputs' / 'outputs': only named by an input or expected output record.
 * ksqlDB's runner also creates, before the statements run, the topic of every CREATE STREAM/TABLE
 * statement (with its PARTITIONS, default 1) and registers the schema the statement implies for
 * schema-registry formats; the runner does not parse SQL, so that part belongs to the engine side.
 */
export interface TestTopicSpec {
  readonly name: string;
  readonly origin: 'topics' | 'inputs' | 'outputs';
  /** null: not given (1 is ksqlDB's default). */
  readonly partitions: number | null;
  readonly replicas: number | null;
  readonly keyFormat: string | null;
  readonly valueFormat: string | null;
  /** Object for AVRO and JSON_SR schemas, string for PROTOBUF ones; null when not given. */
  readonly keySchema: JsonValue;
  readonly valueSchema: JsonValue;
  readonly keySchemaId: number | null;
  readonly valueSchemaId: number | null;
  readonly keySchemaReferences: readonly TestSchemaReference[];
  readonly valueSchemaReferences: readonly TestSchemaReference[];
}

export interface TestEngineSetup {
  /** The case's `properties` (config overrides such as `ksql.persistence.wrap.single.values`). */
  readonly properties: Readonly<Record<string, JsonValue>>;
  readonly topics: readonly TestTopicSpec[];
  /** An RQTT case: statements and queries go through the REST API and their answers are checked. */
  readonly rest?: boolean;
}

export type TestEngineFactory = (setup: TestEngineSetup) => Promise<TestEngine>;

// ---------------------------------------------------------------------------------------------
// Statements, queries and errors

/** Where a statement sits in the case's script: the statements joined with "\n", as ksqlDB parses them. */
export interface StatementPosition {
  /** 0-based index in the case's `statements`. */
  readonly index: number;
  /** 1-based line of the script on which the statement starts: error positions add `line - 1`. */
  readonly line: number;
}

/**
 * A REST answer in the form RQTT files write them: `{admin: entity}` for a /ksql result (for
 * example `{"@type": "currentStatus", "commandStatus": {...}}`), `{query: [...]}` for a /query
 * stream (elements `{"header": {"queryId", "schema"}}`, `{"row": {"columns": [...]}}`,
 * `{"finalMessage": "..."}`, `{"errorMessage": {...}}`), `{queryProto: [...]}` for the same query
 * answered in PROTOBUF (`{"header": {"protoSchema"}}`, `{"row": "<protobuf text format>"}`).
 */
export type TestResponse =
  | { readonly admin: JsonObject }
  | { readonly query: readonly JsonValue[] }
  | { readonly queryProto: readonly JsonValue[] };

/** A running SELECT or PRINT. */
export interface TestQuery {
  /** The whole answer once the query ends: at once for pull queries, at LIMIT or completion for push queries. */
  readonly done: Promise<readonly JsonValue[]>;
  /** Stops the query (used when a case times out or fails first). */
  close(): Promise<void>;
}

/**
 * What an engine throws to refuse a statement or to fail processing, named like ksqlDB's
 * exceptions so expectedException can match it:
 * - type: the Java class name, e.g. 'io.confluent.ksql.util.KsqlStatementException',
 *   'io.confluent.ksql.parser.exception.ParseFailedException' (syntax errors),
 *   'org.apache.kafka.streams.errors.StreamsException' (a query failed while processing);
 * - message: the full message; for KsqlStatementException and subclasses ksqlDB appends
 *   "\nStatement: <statement text>";
 * - cause: the underlying exception, if any (expectedException `cause` / `causeMessage`);
 * - status: the HTTP status the REST API would answer (RQTT `expectedError.status`), default 400.
 * Engines may also throw plain KsqlErrors (src/errors.ts): the runner then names them itself
 * (see exceptions.ts: toTestException).
 */
export class TestEngineError extends Error {
  readonly type: string;
  override readonly cause: TestEngineError | undefined;
  readonly status: number | undefined;

  constructor(type: string, message: string, options: { cause?: TestEngineError; status?: number } = {}) {
    super(message);
    this.name = 'TestEngineError';
    this.type = type;
    this.cause = options.cause;
    this.status = options.status;
  }
}

// ---------------------------------------------------------------------------------------------
// Catalog and topics, for `post` checks

export type TestSerdeFeature = 'WRAP_SINGLES' | 'UNWRAP_SINGLES';

export interface TestFormat {
  /** Format name, upper case: JSON, DELIMITED, KAFKA, NONE, AVRO, PROTOBUF, PROTOBUF_NOSR, JSON_SR. */
  readonly format: string;
  /** Format properties as ksqlDB names them: delimiter, fullSchemaName, unwrapPrimitives, ... */
  readonly properties: Readonly<Record<string, string>>;
  /** Serde features explicitly set on the source (as ksqlDB records them), in any order. */
  readonly features: readonly TestSerdeFeature[];
}

export interface TestColumn {
  /** As stored: unquoted names upper-cased, quoted names as written. */
  readonly name: string;
  readonly type: SqlType;
  readonly namespace: 'KEY' | 'VALUE' | 'HEADERS';
  /** For a HEADER('k') column: 'k'. Null for a HEADERS column holding all headers. */
  readonly headerKey: string | null;
}

export interface TestSourceInfo {
  readonly name: string;
  readonly type: 'STREAM' | 'TABLE';
  /** True for CREATE SOURCE STREAM/TABLE (read-only sources). */
  readonly isSource: boolean;
  readonly topic: string;
  /** Key columns then value (and header) columns, each group in schema order. */
  readonly columns: readonly TestColumn[];
  readonly keyFormat: TestFormat;
  readonly valueFormat: TestFormat;
  readonly windowType: 'TUMBLING' | 'HOPPING' | 'SESSION' | null;
  /** Window size in ms for TUMBLING and HOPPING keys; null otherwise. */
  readonly windowSizeMs: number | null;
}

export interface TestTopicInfo {
  readonly name: string;
  readonly partitions: number;
  readonly replicas: number;
  /** The key format the topic is written with (by a source or an internal topic); null if unknown. */
  readonly keyFormat: (TestFormat & { readonly windowType: string | null; readonly windowSizeMs: number | null }) | null;
  readonly valueFormat: TestFormat | null;
  /** Schemas registered for the topic's key and value (object for AVRO/JSON_SR, string for PROTOBUF); null if none. */
  readonly keySchema: JsonValue;
  readonly valueSchema: JsonValue;
}

// ---------------------------------------------------------------------------------------------
// The engine

/**
 * One fresh engine per test case. Calls come in this order: execute() for each statement (RQTT:
 * query() for SELECT/PRINT), produce() + runUntilIdle() for each input, then readTopic(),
 * sources(), topics(), and finally close() (always, also after a failure or a timeout).
 */
export interface TestEngine {
  /**
   * Runs one statement text (normally one statement). Resolves with one REST-form response per
   * statement run (only RQTT cases compare them; an engine without them may answer []); throws
   * TestEngineError (or KsqlError) when refused, changing nothing. Error positions should count
   * lines from `at.line`, as ksqlDB's messages do ("line 2:47" for the second statement).
   */
  execute(statement: string, at: StatementPosition): Promise<readonly TestResponse[]>;
  /**
   * Starts a SELECT or PRINT as POST /query would (RQTT only); resolves once it is running, so a
   * push query sees inputs produced afterwards. `format` PROTOBUF answers in `queryProto` form.
   * Rejecting (e.g. with a TestEngineError "not supported yet") fails just the RQTT cases.
   */
  query(statement: string, at: StatementPosition, options: { readonly format: 'JSON' | 'PROTOBUF' }): Promise<TestQuery>;
  /**
   * Appends a record, serializing key and value with the formats and schemas of the source(s) on
   * the topic, or of its declared TestTopicSpec; JSON-format topics get the JSON text as given.
   * A record that cannot be serialized that way is written as best it can (ksqlDB's runner would
   * write the JSON bytes) so the query meets it as a bad record.
   */
  produce(record: TestRecord): Promise<void>;
  /** Processes everything pending, through every query and their outputs, until all are idle. */
  runUntilIdle(): Promise<void>;
  /** Every record on the topic in append order (inputs included), decoded; [] if the topic does not exist. */
  readTopic(topic: string): Promise<readonly TestRecord[]>;
  /** Every source in the catalog. */
  sources(): Promise<readonly TestSourceInfo[]>;
  /** Every topic that exists, internal (repartition, changelog) topics included. */
  topics(): Promise<readonly TestTopicInfo[]>;
  close(): Promise<void>;
}
