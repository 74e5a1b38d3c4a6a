// Loads ksqlDB-format test files (QTT and RQTT) from files and folders: parses JSON with comments,
// expands `format` lists into one case per format with `{FORMAT}` replaced everywhere, and turns
// each case into the typed model of qtt-model.ts. A malformed case is kept, marked invalid.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve, sep } from 'node:path';
import { isJsonArray, isJsonObject, JsonDecimal, parseJson, replaceInStrings } from './json-value.js';
import type { JsonObject, JsonValue } from './json-value.js';
import type {
  CaseVariant,
  ExpectedError,
  ExpectedException,
  FormatExpectation,
  LoadError,
  PostConditions,
  RecordSpec,
  SourceExpectation,
  SourceKeyFormatExpectation,
  TestCase,
  TopicExpectation,
  TopicKeyFormatExpectation,
} from './qtt-model.js';
import type { TestHeader, TestSchemaReference, TestTopicSpec, TestWindow } from './test-engine.js';

export interface LoadResult {
  readonly cases: readonly TestCase[];
  readonly errors: readonly LoadError[];
}

/** Loads every `.json` file of the given files and folders (folders recursively, in name order). */
export function loadTestPaths(paths: readonly string[]): LoadResult {
  const cases: TestCase[] = [];
  const errors: LoadError[] = [];
  const seen = new Set<string>();
  for (const p of paths) {
    const abs = resolve(p);
    let isDir: boolean;
    try {
      isDir = statSync(abs).isDirectory();
    } catch {
      errors.push({ file: p, message: `no such file or folder: ${p}` });
      continue;
    }
    const files = isDir ? listJsonFiles(abs) : [abs];
    for (const f of files) {
      if (seen.has(f)) continue;
      seen.add(f);
      const label = isDir ? relative(abs, f).split(sep).join('/') : basename(f);
      try {
        cases.push(...parseTestFile(readFileSync(f, 'utf8'), label, f));
      } catch (e) {
        errors.push({ file: label, message: e instanceof Error ? e.message : String(e) });
      }
    }
  }
  return { cases, errors };
}

function listJsonFiles(dir: string): string[] {
  const out: string[] = [];
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...listJsonFiles(full));
    else if (e.isFile() && e.name.endsWith('.json')) out.push(full);
  }
  return out;
}

/** Parses one test file's text into cases; throws when the file is not a test file at all. */
export function parseTestFile(text: string, file: string, path: string = file): TestCase[] {
  const root = parseJson(text);
  if (!isJsonObject(root) || !isJsonArray(root['tests'])) {
    throw new Error(`${file}: not a test file: expected an object with a "tests" array`);
  }
  // A file is RQTT when any of its cases is: its other cases then report REST answers too.
  const tests = root['tests'];
  const restFile = tests.some((t) => isJsonObject(t) && isRest(t));
  const out: TestCase[] = [];
  tests.forEach((raw, index) => out.push(...expandCase(raw, file, path, index, restFile)));
  return out;
}

/** One case per entry of the case's `format` list (or one case without a format). */
function expandCase(raw: JsonValue, file: string, path: string, index: number, restFile: boolean): TestCase[] {
  const base = { file, path, index };
  if (!isJsonObject(raw)) {
    return [{ ...base, name: `#${index + 1}`, format: null, enabled: true, rest: false, invalid: 'a test case must be an object', variants: [] }];
  }
  const name = typeof raw['name'] === 'string' ? raw['name'] : `#${index + 1}`;
  const enabled = raw['enabled'] !== false;
  const rest = restFile || isRest(raw);
  let formats: (string | null)[] = [null];
  let configs: (string | null)[] = [null];
  try {
    if (typeof raw['name'] !== 'string') throw new CaseError('"name" must be a string');
    if (raw['format'] !== undefined) formats = stringList(raw['format'], 'format');
    if (raw['config'] !== undefined) configs = stringList(raw['config'], 'config');
    if (formats.length === 0 || configs.length === 0) throw new CaseError('"format" and "config" lists must not be empty');
  } catch (e) {
    return [{ ...base, name, format: null, enabled, rest, invalid: messageOf(e), variants: [] }];
  }
  return formats.map((format) => {
    const withFormat = format === null ? raw : replaceInStrings(raw, '{FORMAT}', format);
    try {
      const variants = configs.map((config) =>
        buildVariant(config === null ? withFormat : replaceInStrings(withFormat, '{CONFIG}', config), config),
      );
      return { ...base, name, format, enabled, rest, invalid: null, variants };
    } catch (e) {
      return { ...base, name, format, enabled, rest, invalid: messageOf(e), variants: [] };
    }
  });
}

function isRest(raw: JsonObject): boolean {
  if (raw['responses'] !== undefined || raw['expectedError'] !== undefined) return true;
  if (raw['inputConditions'] !== undefined || raw['testPullWithProtoFormat'] !== undefined) return true;
  const statements = raw['statements'];
  return isJsonArray(statements) && statements.some((s) => typeof s === 'string' && isQueryStatement(s));
}

/** SELECT and PRINT go to /query in RQTT; everything else to /ksql. */
export function isQueryStatement(statement: string): boolean {
  return /^\s*(SELECT|PRINT)\b/i.test(statement);
}

class CaseError extends Error {}

function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function buildVariant(raw: JsonValue, config: string | null): CaseVariant {
  if (!isJsonObject(raw)) throw new CaseError('a test case must be an object');
  const statements = stringList(raw['statements'], 'statements');
  const properties = raw['properties'] === undefined ? {} : object(raw['properties'], 'properties');
  const declared = raw['topics'] === undefined ? [] : list(raw['topics'], 'topics').map((t, i) => topicSpec(t, `topics[${i}]`));
  const inputs = raw['inputs'] === undefined ? [] : list(raw['inputs'], 'inputs').map((r, i) => recordSpec(r, `inputs[${i}]`));
  const outputs = raw['outputs'] === undefined ? null : list(raw['outputs'], 'outputs').map((r, i) => recordSpec(r, `outputs[${i}]`));
  const ii = raw['inputConditions'];
  return {
    config,
    statements,
    properties,
    topics: withRecordTopics(declared, inputs, outputs ?? []),
    inputs,
    outputs,
    expectedException: raw['expectedException'] === undefined ? null : expectedException(raw['expectedException']),
    expectedError: raw['expectedError'] === undefined ? null : expectedError(raw['expectedError']),
    responses: raw['responses'] === undefined ? null : list(raw['responses'], 'responses').map((r, i) => object(r, `responses[${i}]`)),
    waitForActivePushQuery: isJsonObject(ii) && ii['waitForActivePushQuery'] === true,
    testPullWithProtoFormat: raw['testPullWithProtoFormat'] === true,
    post: raw['post'] === undefined ? null : postConditions(raw['post']),
  };
}

function withRecordTopics(declared: TestTopicSpec[], inputs: readonly RecordSpec[], outputs: readonly RecordSpec[]): TestTopicSpec[] {
  const names = new Set(declared.map((t) => t.name));
  const out = [...declared];
  const add = (topic: string, origin: 'inputs' | 'outputs'): void => {
    if (names.has(topic)) return;
    names.add(topic);
    out.push({ ...EMPTY_TOPIC, name: topic, origin });
  };
  for (const r of inputs) add(r.topic, 'inputs');
  for (const r of outputs) add(r.topic, 'outputs');
  return out;
}

const EMPTY_TOPIC: TestTopicSpec = {
  name: '',
  origin: 'topics',
  partitions: null,
  replicas: null,
  keyFormat: null,
  valueFormat: null,
  keySchema: null,
  valueSchema: null,
  keySchemaId: null,
  valueSchemaId: null,
  keySchemaReferences: [],
  valueSchemaReferences: [],
};

function topicSpec(raw: JsonValue, where: string): TestTopicSpec {
  const t = object(raw, where);
  return {
    name: str(t['name'], `${where}.name`),
    origin: 'topics',
    partitions: optInt(t['partitions'], `${where}.partitions`) ?? null,
    replicas: optInt(t['replicas'], `${where}.replicas`) ?? null,
    keyFormat: optStr(t['keyFormat'], `${where}.keyFormat`) ?? null,
    // `format` and `schema` are the older names of valueFormat and valueSchema.
    valueFormat: optStr(t['valueFormat'] ?? t['format'], `${where}.valueFormat`) ?? null,
    keySchema: t['keySchema'] ?? null,
    valueSchema: t['valueSchema'] ?? t['schema'] ?? null,
    keySchemaId: optInt(t['keySchemaId'], `${where}.keySchemaId`) ?? null,
    valueSchemaId: optInt(t['valueSchemaId'], `${where}.valueSchemaId`) ?? null,
    keySchemaReferences: schemaReferences(t['keySchemaReferences'], `${where}.keySchemaReferences`),
    valueSchemaReferences: schemaReferences(t['valueSchemaReferences'], `${where}.valueSchemaReferences`),
  };
}

function schemaReferences(raw: JsonValue | undefined, where: string): TestSchemaReference[] {
  if (raw === undefined || raw === null) return [];
  return list(raw, where).map((r, i) => {
    const o = object(r, `${where}[${i}]`);
    return { name: str(o['name'], `${where}[${i}].name`), format: str(o['format'], `${where}[${i}].format`), schema: o['schema'] ?? null };
  });
}

function recordSpec(raw: JsonValue, where: string): RecordSpec {
  const r = object(raw, where);
  return {
    topic: str(r['topic'], `${where}.topic`),
    key: r['key'] ?? null,
    value: r['value'] ?? null,
    timestamp: optInt(r['timestamp'], `${where}.timestamp`) ?? null,
    headers: r['headers'] === undefined || r['headers'] === null ? null : headers(r['headers'], `${where}.headers`),
    window: r['window'] === undefined || r['window'] === null ? null : windowSpec(r['window'], `${where}.window`),
  };
}

function headers(raw: JsonValue, where: string): TestHeader[] {
  return list(raw, where).map((h, i) => {
    const o = object(h, `${where}[${i}]`);
    const value = o['VALUE'];
    if (value !== null && value !== undefined && typeof value !== 'string') throw new CaseError(`${where}[${i}].VALUE must be a base64 string or null`);
    return { KEY: str(o['KEY'], `${where}[${i}].KEY`), VALUE: value ?? null };
  });
}

function windowSpec(raw: JsonValue, where: string): TestWindow {
  const o = object(raw, where);
  const type = str(o['type'], `${where}.type`).toUpperCase();
  if (type !== 'TIME' && type !== 'SESSION') throw new CaseError(`${where}.type must be "time" or "session"`);
  return { start: int(o['start'], `${where}.start`), end: int(o['end'], `${where}.end`), type };
}

function expectedException(raw: JsonValue): ExpectedException {
  const o = object(raw, 'expectedException');
  return {
    type: optStr(o['type'], 'expectedException.type') ?? null,
    message: optStr(o['message'], 'expectedException.message') ?? null,
    cause: optStr(o['cause'], 'expectedException.cause') ?? null,
    causeMessage: optStr(o['causeMessage'], 'expectedException.causeMessage') ?? null,
  };
}

function expectedError(raw: JsonValue): ExpectedError {
  const o = object(raw, 'expectedError');
  return {
    type: optStr(o['type'], 'expectedError.type') ?? null,
    message: optStr(o['message'], 'expectedError.message') ?? null,
    status: optInt(o['status'], 'expectedError.status') ?? null,
  };
}

function postConditions(raw: JsonValue): PostConditions {
  const o = object(raw, 'post');
  const sources = o['sources'] === undefined ? [] : list(o['sources'], 'post.sources').map((s, i) => sourceExpectation(s, `post.sources[${i}]`));
  let blacklist: string | null = null;
  let topics: TopicExpectation[] = [];
  if (o['topics'] !== undefined) {
    const t = object(o['topics'], 'post.topics');
    blacklist = optStr(t['blacklist'], 'post.topics.blacklist') ?? null;
    if (t['topics'] !== undefined) topics = list(t['topics'], 'post.topics.topics').map((x, i) => topicExpectation(x, `post.topics.topics[${i}]`));
  }
  return { sources, blacklist, topics };
}

function sourceExpectation(raw: JsonValue, where: string): SourceExpectation {
  const o = object(raw, where);
  const type = optStr(o['type'], `${where}.type`)?.toUpperCase();
  if (type !== undefined && type !== 'STREAM' && type !== 'TABLE') throw new CaseError(`${where}.type must be "stream" or "table"`);
  let keyFormat: SourceKeyFormatExpectation | undefined;
  if (o['keyFormat'] !== undefined) {
    const base = formatExpectation(o['keyFormat'], `${where}.keyFormat`);
    const k = isJsonObject(o['keyFormat']) ? o['keyFormat'] : {};
    keyFormat = {
      ...base,
      windowType: k['windowType'] === undefined ? undefined : (optStr(k['windowType'], `${where}.keyFormat.windowType`)?.toUpperCase() ?? null),
      windowSize: k['windowSize'] === undefined ? undefined : (optInt(k['windowSize'], `${where}.keyFormat.windowSize`) ?? null),
    };
  }
  return {
    name: str(o['name'], `${where}.name`),
    type,
    schema: optStr(o['schema'], `${where}.schema`),
    keyFormat,
    valueFormat: o['valueFormat'] === undefined ? undefined : formatExpectation(o['valueFormat'], `${where}.valueFormat`),
    keyFeatures: o['keyFeatures'] === undefined ? undefined : stringList(o['keyFeatures'], `${where}.keyFeatures`),
    valueFeatures: o['valueFeatures'] === undefined ? undefined : stringList(o['valueFeatures'], `${where}.valueFeatures`),
    isSource: o['isSource'] === undefined ? undefined : bool(o['isSource'], `${where}.isSource`),
  };
}

function topicExpectation(raw: JsonValue, where: string): TopicExpectation {
  const o = object(raw, where);
  let keyFormat: TopicKeyFormatExpectation | undefined;
  if (o['keyFormat'] !== undefined) {
    const base = formatExpectation(o['keyFormat'], `${where}.keyFormat`);
    const k = isJsonObject(o['keyFormat']) ? o['keyFormat'] : {};
    let windowInfo: TopicKeyFormatExpectation['windowInfo'];
    if (k['windowInfo'] === null) windowInfo = null;
    else if (k['windowInfo'] !== undefined) {
      const w = object(k['windowInfo'], `${where}.keyFormat.windowInfo`);
      windowInfo = {
        type: str(w['type'], `${where}.keyFormat.windowInfo.type`).toUpperCase(),
        sizeSeconds: w['size'] === undefined ? undefined : (optNumber(w['size'], `${where}.keyFormat.windowInfo.size`) ?? null),
      };
    }
    keyFormat = { ...base, windowInfo };
  }
  return {
    name: str(o['name'], `${where}.name`),
    keyFormat,
    valueFormat: o['valueFormat'] === undefined ? undefined : formatExpectation(o['valueFormat'], `${where}.valueFormat`),
    keySchema: o['keySchema'],
    valueSchema: o['valueSchema'],
    partitions: optInt(o['partitions'], `${where}.partitions`),
  };
}

/** A format given as a name ("JSON") or as an object ({"format": "JSON", "features": [...], "properties": {...}}). */
function formatExpectation(raw: JsonValue, where: string): FormatExpectation {
  if (typeof raw === 'string') return { format: raw.toUpperCase(), properties: undefined, features: undefined };
  const o = object(raw, where);
  let properties: Record<string, string> | undefined;
  if (o['properties'] !== undefined) {
    const p = object(o['properties'], `${where}.properties`);
    properties = {};
    for (const k of Object.keys(p)) properties[k] = scalarText(p[k] as JsonValue);
  }
  return {
    format: optStr(o['format'], `${where}.format`)?.toUpperCase(),
    properties,
    features: o['features'] === undefined ? undefined : stringList(o['features'], `${where}.features`).map((f) => f.toUpperCase()),
  };
}

function scalarText(v: JsonValue): string {
  return typeof v === 'string' ? v : String(v);
}

// ---------------------------------------------------------------------------------------------
// Field readers with messages that say where the file is wrong.

function object(v: JsonValue | undefined, where: string): JsonObject {
  if (!isJsonObject(v)) throw new CaseError(`"${where}" must be an object`);
  return v;
}

function list(v: JsonValue | undefined, where: string): readonly JsonValue[] {
  if (!isJsonArray(v)) throw new CaseError(`"${where}" must be a list`);
  return v;
}

function stringList(v: JsonValue | undefined, where: string): string[] {
  return list(v, where).map((x, i) => str(x, `${where}[${i}]`));
}

function str(v: JsonValue | undefined, where: string): string {
  if (typeof v !== 'string') throw new CaseError(`"${where}" must be a string`);
  return v;
}

function optStr(v: JsonValue | undefined, where: string): string | undefined {
  return v === undefined || v === null ? undefined : str(v, where);
}

function bool(v: JsonValue | undefined, where: string): boolean {
  if (typeof v !== 'boolean') throw new CaseError(`"${where}" must be true or false`);
  return v;
}

function int(v: JsonValue | undefined, where: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new CaseError(`"${where}" must be an integer`);
  return v;
}

function optInt(v: JsonValue | undefined, where: string): number | undefined {
  return v === undefined || v === null ? undefined : int(v, where);
}

function optNumber(v: JsonValue | undefined, where: string): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return v;
  if (v instanceof JsonDecimal) return v.toNumber();
  throw new CaseError(`"${where}" must be a number`);
}
