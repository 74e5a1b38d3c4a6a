// The test cases of ksqlDB-format test files (QTT and RQTT) as typed, normalized data: what
// qtt-file.ts produces and the runner consumes. Absent optional parts are null, never undefined,
// except in expectations where "not given" (undefined) differs from "given as null".

import type { JsonObject, JsonValue } from './json-value.js';
import type { TestHeader, TestTopicSpec, TestWindow } from './test-engine.js';

/** A record as a test file writes it (an input, or an expected output). */
export interface RecordSpec {
  readonly topic: string;
  /** null when the file gives no key: a null key. */
  readonly key: JsonValue;
  readonly value: JsonValue;
  /** null when not given: inputs are then produced at 0 and outputs' timestamps are not checked. */
  readonly timestamp: number | null;
  /** null when not given: inputs get none, outputs are expected to have none. */
  readonly headers: readonly TestHeader[] | null;
  readonly window: TestWindow | null;
}

/** expectedException of QTT: `type` is a Java class name, `message` and `causeMessage` match as "contains". */
export interface ExpectedException {
  readonly type: string | null;
  readonly message: string | null;
  readonly cause: string | null;
  readonly causeMessage: string | null;
}

/** expectedError of RQTT: `type` is a REST error entity class, `status` the HTTP status. */
export interface ExpectedError {
  readonly type: string | null;
  readonly message: string | null;
  readonly status: number | null;
}

/** A format expectation; fields left undefined were not given and are not checked. */
export interface FormatExpectation {
  readonly format: string | undefined;
  readonly properties: Readonly<Record<string, string>> | undefined;
  readonly features: readonly string[] | undefined;
}

/** `post.sources[].keyFormat`: ksqlDB's KeyFormatNode (window size in ms; null for none). */
export interface SourceKeyFormatExpectation extends FormatExpectation {
  readonly windowType: string | null | undefined;
  readonly windowSize: number | null | undefined;
}

/** `post.topics.topics[].keyFormat`: ksqlDB's KeyFormat JSON, where windowInfo.size is in seconds. */
export interface TopicKeyFormatExpectation extends FormatExpectation {
  readonly windowInfo: { readonly type: string; readonly sizeSeconds: number | null | undefined } | null | undefined;
}

export interface SourceExpectation {
  readonly name: string;
  readonly type: 'STREAM' | 'TABLE' | undefined;
  /** Schema text like "K STRING KEY, V INT" (compared after parsing, see schema-text.ts). */
  readonly schema: string | undefined;
  readonly keyFormat: SourceKeyFormatExpectation | undefined;
  readonly valueFormat: FormatExpectation | undefined;
  readonly keyFeatures: readonly string[] | undefined;
  readonly valueFeatures: readonly string[] | undefined;
  readonly isSource: boolean | undefined;
}

export interface TopicExpectation {
  readonly name: string;
  readonly keyFormat: TopicKeyFormatExpectation | undefined;
  readonly valueFormat: FormatExpectation | undefined;
  readonly keySchema: JsonValue | undefined;
  readonly valueSchema: JsonValue | undefined;
  readonly partitions: number | undefined;
}

export interface PostConditions {
  readonly sources: readonly SourceExpectation[];
  /** A regular expression no topic name may match in full (e.g. ".*-repartition"). */
  readonly blacklist: string | null;
  readonly topics: readonly TopicExpectation[];
}

/** One runnable body of a case: a case with a `config` list has one per config value. */
export interface CaseVariant {
  /** The `config` value substituted for `{CONFIG}`, or null. */
  readonly config: string | null;
  readonly statements: readonly string[];
  readonly properties: Readonly<Record<string, JsonValue>>;
  readonly topics: readonly TestTopicSpec[];
  readonly inputs: readonly RecordSpec[];
  /** null when the case has no `outputs` (nothing is compared). */
  readonly outputs: readonly RecordSpec[] | null;
  readonly expectedException: ExpectedException | null;
  readonly expectedError: ExpectedError | null;
  /** RQTT expected responses, each an object with one key: admin, query or queryProto. */
  readonly responses: readonly JsonObject[] | null;
  /** RQTT: produce the inputs only once the (first) push query runs. */
  readonly waitForActivePushQuery: boolean;
  /** RQTT: run each query a second time answering in PROTOBUF (`queryProto` responses). */
  readonly testPullWithProtoFormat: boolean;
  readonly post: PostConditions | null;
}

export interface TestCase {
  /** The file as reported: its path relative to the folder given (or its name when a file was given). */
  readonly file: string;
  /** Absolute path of the file. */
  readonly path: string;
  readonly name: string;
  /** The entry of the case's `format` list this case runs with, or null for cases without one. */
  readonly format: string | null;
  /** 0-based position of the case in its file (before format expansion). */
  readonly index: number;
  readonly enabled: boolean;
  /** RQTT semantics, as ksqlDB's RestTestExecutor runs them: the case, or another case of its file, has responses, expectedError or SELECT statements. */
  readonly rest: boolean;
  /** Why the case cannot run (malformed in the file), or null. Such cases are reported as failed. */
  readonly invalid: string | null;
  readonly variants: readonly CaseVariant[];
}

/** A file that could not be read or parsed at all. */
export interface LoadError {
  readonly file: string;
  readonly message: string;
}
