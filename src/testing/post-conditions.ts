// Checks a case's `post` conditions against the engine's catalog and topics, like ksqlDB's
// PostConditionsNode: each listed source exists with the given type, schema, formats and serde
// features; no topic matches the blacklist; each listed topic exists with the given settings.
// Only what the file gives is checked.

import { isJsonArray, isJsonObject, JsonDecimal, parseJson } from './json-value.js';
import type { JsonValue } from './json-value.js';
import { schemaMismatch } from './schema-text.js';
import { show } from './value-compare.js';
import type { FormatExpectation, PostConditions, SourceExpectation, TopicExpectation } from './qtt-model.js';
import type { TestFormat, TestSourceInfo, TestTopicInfo } from './test-engine.js';

/** Every way the catalog and topics differ from the post conditions; empty when they match. */
export function postMismatches(post: PostConditions, sources: readonly TestSourceInfo[], topics: readonly TestTopicInfo[]): string[] {
  const out: string[] = [];
  for (const exp of post.sources) out.push(...sourceMismatches(exp, sources));
  if (post.blacklist !== null) {
    let re: RegExp | null = null;
    try {
      re = new RegExp(`^(?:${post.blacklist})$`);
    } catch {
      out.push(`post.topics.blacklist is not a valid regular expression: ${post.blacklist}`);
    }
    const bad = re === null ? [] : topics.filter((t) => re.test(t.name)).map((t) => t.name);
    if (bad.length > 0) out.push(`blacklisted topics found: ${bad.join(', ')}`);
  }
  for (const exp of post.topics) out.push(...topicMismatches(exp, topics));
  return out;
}

function findByName<T extends { readonly name: string }>(items: readonly T[], name: string): T | undefined {
  const exact = items.find((i) => i.name === name);
  if (exact !== undefined) return exact;
  const loose = items.filter((i) => i.name.toUpperCase() === name.toUpperCase());
  return loose.length === 1 ? loose[0] : undefined;
}

function sourceMismatches(exp: SourceExpectation, sources: readonly TestSourceInfo[]): string[] {
  const src = findByName(sources, exp.name);
  if (src === undefined) {
    return [`source ${exp.name} not found (sources: ${sources.map((s) => s.name).join(', ') || 'none'})`];
  }
  const out: string[] = [];
  const where = `source ${src.name}`;
  if (exp.type !== undefined && exp.type !== src.type) out.push(`${where}: expected a ${exp.type} but is a ${src.type}`);
  if (exp.schema !== undefined) {
    const d = schemaMismatch(exp.schema, src.columns);
    if (d !== null) out.push(`${where}: ${d}`);
  }
  if (exp.keyFormat !== undefined) {
    out.push(...formatMismatches(`${where} key format`, exp.keyFormat, src.keyFormat));
    if (exp.keyFormat.windowType !== undefined && exp.keyFormat.windowType !== src.windowType) {
      out.push(`${where}: expected window type ${exp.keyFormat.windowType ?? 'none'} but was ${src.windowType ?? 'none'}`);
    }
    if (exp.keyFormat.windowSize !== undefined && exp.keyFormat.windowSize !== src.windowSizeMs) {
      out.push(`${where}: expected window size ${exp.keyFormat.windowSize ?? 'none'} ms but was ${src.windowSizeMs ?? 'none'}`);
    }
  }
  if (exp.valueFormat !== undefined) out.push(...formatMismatches(`${where} value format`, exp.valueFormat, src.valueFormat));
  if (exp.keyFeatures !== undefined && !sameSet(exp.keyFeatures, src.keyFormat.features)) {
    out.push(`${where}: expected key features [${exp.keyFeatures.join(', ')}] but were [${src.keyFormat.features.join(', ')}]`);
  }
  if (exp.valueFeatures !== undefined && !sameSet(exp.valueFeatures, src.valueFormat.features)) {
    out.push(`${where}: expected value features [${exp.valueFeatures.join(', ')}] but were [${src.valueFormat.features.join(', ')}]`);
  }
  if (exp.isSource !== undefined && exp.isSource !== src.isSource) {
    out.push(`${where}: expected isSource ${exp.isSource} but was ${src.isSource}`);
  }
  return out;
}

function formatMismatches(where: string, exp: FormatExpectation, actual: TestFormat | null): string[] {
  if (actual === null) return [`${where}: expected ${exp.format ?? 'a format'} but none is known`];
  const out: string[] = [];
  if (exp.format !== undefined && exp.format !== actual.format.toUpperCase()) out.push(`${where}: expected ${exp.format} but was ${actual.format}`);
  if (exp.features !== undefined && !sameSet(exp.features, actual.features)) {
    out.push(`${where}: expected features [${exp.features.join(', ')}] but were [${actual.features.join(', ')}]`);
  }
  if (exp.properties !== undefined && !sameProperties(exp.properties, actual.properties)) {
    out.push(`${where}: expected properties ${JSON.stringify(exp.properties)} but were ${JSON.stringify(actual.properties)}`);
  }
  return out;
}

function topicMismatches(exp: TopicExpectation, topics: readonly TestTopicInfo[]): string[] {
  const t = topics.find((x) => x.name === exp.name);
  if (t === undefined) return [`topic ${exp.name} not found (topics: ${topics.map((x) => x.name).join(', ') || 'none'})`];
  const out: string[] = [];
  const where = `topic ${t.name}`;
  if (exp.keyFormat !== undefined) {
    out.push(...formatMismatches(`${where} key format`, exp.keyFormat, t.keyFormat));
    const w = exp.keyFormat.windowInfo;
    const actualType = t.keyFormat?.windowType ?? null;
    if (w === null && actualType !== null) out.push(`${where}: expected an unwindowed key but the key is ${actualType}-windowed`);
    if (w !== null && w !== undefined) {
      if (w.type !== (actualType ?? '').toUpperCase()) out.push(`${where}: expected window type ${w.type} but was ${actualType ?? 'none'}`);
      const actualMs = t.keyFormat?.windowSizeMs ?? null;
      const expectedMs = w.sizeSeconds === undefined ? undefined : w.sizeSeconds === null ? null : w.sizeSeconds * 1000;
      if (expectedMs !== undefined && expectedMs !== actualMs) out.push(`${where}: expected window size ${expectedMs ?? 'none'} ms but was ${actualMs ?? 'none'}`);
    }
  }
  if (exp.valueFormat !== undefined) out.push(...formatMismatches(`${where} value format`, exp.valueFormat, t.valueFormat));
  if (exp.partitions !== undefined && exp.partitions !== t.partitions) out.push(`${where}: expected ${exp.partitions} partitions but has ${t.partitions}`);
  if (exp.keySchema !== undefined && !schemasEqual(exp.keySchema, t.keySchema)) {
    out.push(`${where}: expected key schema ${show(exp.keySchema)} but was ${show(t.keySchema)}`);
  }
  if (exp.valueSchema !== undefined && !schemasEqual(exp.valueSchema, t.valueSchema)) {
    out.push(`${where}: expected value schema ${show(exp.valueSchema)} but was ${show(t.valueSchema)}`);
  }
  return out;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const x = new Set(a.map((s) => s.toUpperCase()));
  const y = new Set(b.map((s) => s.toUpperCase()));
  return x.size === y.size && [...x].every((s) => y.has(s));
}

function sameProperties(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => b[k] === a[k]);
}

/**
 * Registered schemas compare as data: JSON schemas (AVRO, JSON_SR) structurally, object fields
 * in any order; PROTOBUF schema text with whitespace differences ignored.
 */
export function schemasEqual(expected: JsonValue, actual: JsonValue): boolean {
  if (typeof expected === 'string' && typeof actual === 'string') return normalizeSchemaText(expected) === normalizeSchemaText(actual);
  if (typeof expected === 'string' && isJsonObject(actual)) return jsonEqual(tryParse(expected), actual);
  if (isJsonObject(expected) && typeof actual === 'string') return jsonEqual(expected, tryParse(actual));
  return jsonEqual(expected, actual);
}

function tryParse(text: string): JsonValue {
  try {
    return parseJson(text);
  } catch {
    return text;
  }
}

function normalizeSchemaText(s: string): string {
  return s
    .replace(/\s+/g, ' ')
    .replace(/ ?([{}();=,<>]) ?/g, '$1')
    .trim();
}

function numberText(v: JsonValue): string | null {
  if (typeof v === 'number' || typeof v === 'bigint') return String(v);
  return v instanceof JsonDecimal ? v.text : null;
}

function jsonEqual(a: JsonValue, b: JsonValue): boolean {
  const na = numberText(a);
  const nb = numberText(b);
  if (na !== null || nb !== null) return na !== null && nb !== null && Number(na) === Number(nb);
  if (isJsonArray(a)) return isJsonArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i] as JsonValue));
  if (isJsonObject(a)) {
    if (!isJsonObject(b)) return false;
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual(a[k] as JsonValue, b[k] as JsonValue));
  }
  return a === b;
}
