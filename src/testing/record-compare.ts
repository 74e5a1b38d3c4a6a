// Compares the records the engine wrote with a case's expected outputs, per topic and in order,
// the way ksqlDB's TestExecutor does: key (null when the file gives none), value, window, headers
// (none when the file gives none), and the timestamp when the file gives one.

import { findMismatch, show } from './value-compare.js';
import type { JsonValue } from './json-value.js';
import type { RecordSpec } from './qtt-model.js';
import type { TestHeader, TestRecord, TestWindow } from './test-engine.js';

export interface RecordCheckOptions {
  /**
   * ksqlDB skips timestamps when a case has no inputs: its records then come from INSERT VALUES,
   * stamped with the wall clock unless ROWTIME is given.
   */
  readonly checkTimestamps: boolean;
}

/** Topics named by expected outputs, in the order they are first named. */
export function outputTopics(expected: readonly RecordSpec[]): string[] {
  const out: string[] = [];
  for (const r of expected) if (!out.includes(r.topic)) out.push(r.topic);
  return out;
}

/** The first difference between the actual records of each output topic and the expected ones, or null. */
export function compareOutputs(
  expected: readonly RecordSpec[],
  actualByTopic: ReadonlyMap<string, readonly TestRecord[]>,
  options: RecordCheckOptions,
): string | null {
  for (const topic of outputTopics(expected)) {
    const want = expected.filter((r) => r.topic === topic);
    const d = compareTopic(topic, want, actualByTopic.get(topic) ?? [], options);
    if (d !== null) return d;
  }
  return null;
}

/** Compares one topic's records; reports the first record that differs, or a difference in count. */
export function compareTopic(
  topic: string,
  expected: readonly RecordSpec[],
  actual: readonly TestRecord[],
  options: RecordCheckOptions,
): string | null {
  const n = Math.min(expected.length, actual.length);
  const countNote = expected.length === actual.length ? '' : ` (expected ${expected.length} records, got ${actual.length})`;
  for (let i = 0; i < n; i++) {
    const d = compareRecord(expected[i] as RecordSpec, actual[i] as TestRecord, options);
    if (d !== null) {
      return `topic '${topic}', record ${i + 1}${countNote}: ${d}; expected ${showSpec(expected[i] as RecordSpec)} but was ${showRecord(actual[i] as TestRecord)}`;
    }
  }
  if (expected.length > actual.length) {
    return `topic '${topic}': expected ${expected.length} records but got ${actual.length}; first missing: ${showSpec(expected[n] as RecordSpec)}`;
  }
  if (actual.length > expected.length) {
    const extra = actual.slice(n, n + 3).map(showRecord).join(', ');
    return `topic '${topic}': expected ${expected.length} records but got ${actual.length}; unexpected: ${extra}${actual.length - n > 3 ? ', ...' : ''}`;
  }
  return null;
}

/** The first difference between one expected record and one actual record, or null. */
export function compareRecord(expected: RecordSpec, actual: TestRecord, options: RecordCheckOptions): string | null {
  const w = windowMismatch(expected.window, actual.window);
  if (w !== null) return w;
  const k = findMismatch(actual.key, expected.key, 'key');
  if (k !== null) return k;
  const v = findMismatch(actual.value, expected.value, 'value');
  if (v !== null) return v;
  const h = findMismatch(headersJson(actual.headers), headersJson(expected.headers ?? []), 'headers');
  if (h !== null) return h;
  if (options.checkTimestamps && expected.timestamp !== null && expected.timestamp !== actual.timestamp) {
    return `timestamp: expected ${expected.timestamp} but was ${actual.timestamp}`;
  }
  return null;
}

function windowMismatch(expected: TestWindow | null, actual: TestWindow | null): string | null {
  if (expected === null && actual === null) return null;
  if (expected === null) return `window: expected an unwindowed key but was ${showWindow(actual)}`;
  if (actual === null) return `window: expected ${showWindow(expected)} but the key is not windowed`;
  if (expected.start !== actual.start || expected.end !== actual.end || expected.type !== actual.type.toUpperCase()) {
    return `window: expected ${showWindow(expected)} but was ${showWindow(actual)}`;
  }
  return null;
}

function headersJson(headers: readonly TestHeader[]): JsonValue {
  return headers.map((h) => ({ KEY: h.KEY, VALUE: h.VALUE }));
}

function showWindow(w: TestWindow | null): string {
  return w === null ? 'none' : `${w.type} [${w.start}, ${w.end})`;
}

function showSpec(r: RecordSpec): string {
  const ts = r.timestamp === null ? '' : ` @${r.timestamp}`;
  const win = r.window === null ? '' : ` window ${showWindow(r.window)}`;
  const hs = r.headers === null || r.headers.length === 0 ? '' : ` headers ${show(headersJson(r.headers))}`;
  return `<${show(r.key)}, ${show(r.value)}>${ts}${win}${hs}`;
}

/** One line describing an actual record, for failure messages. */
export function showRecord(r: TestRecord): string {
  const win = r.window === null ? '' : ` window ${showWindow(r.window)}`;
  const hs = r.headers.length === 0 ? '' : ` headers ${show(headersJson(r.headers))}`;
  return `<${show(r.key)}, ${show(r.value)}> @${r.timestamp}${win}${hs}`;
}
