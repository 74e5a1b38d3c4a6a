// What the runner tells people and machines: one line per failure, a closing count, counts per
// file, and the `--report` JSON whose shape is fixed by shared/conformance/README.md.

import { stringifyJson } from './json-value.js';
import type { JsonObject, JsonValue } from './json-value.js';
import type { CaseResult } from './runner.js';
import type { TestRecord } from './test-engine.js';

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

export function countResults(results: readonly CaseResult[]): Counts {
  const c: Counts = { passed: 0, failed: 0, skipped: 0 };
  for (const r of results) c[r.status]++;
  return c;
}

/** The closing line: "N passed, N failed, N skipped". */
export function summaryLine(c: Counts): string {
  return `${c.passed} passed, ${c.failed} failed, ${c.skipped} skipped`;
}

function caseLabel(r: CaseResult): string {
  return `${r.file} :: ${r.name}${r.format === null ? '' : ` [${r.format}]`}`;
}

const MAX_REASON = 400;

/** "FAIL file.json :: test name [FORMAT] :: reason", on one line; `full` keeps long reasons whole. */
export function failureLine(r: CaseResult, full = false): string {
  const reason = r.message.replace(/\s*\n\s*/g, ' | ');
  return `FAIL ${caseLabel(r)} :: ${full || reason.length <= MAX_REASON ? reason : `${reason.slice(0, MAX_REASON - 3)}...`}`;
}

/** The line --verbose prints for every case. */
export function resultLine(r: CaseResult): string {
  switch (r.status) {
    case 'failed':
      return failureLine(r, true);
    case 'skipped':
      return `SKIP ${caseLabel(r)} :: ${r.message}`;
    case 'passed':
      return `PASS ${caseLabel(r)} (${r.durationMs} ms)`;
  }
}

/** "file.json: N passed, N failed, N skipped" for each file, in the order the files ran. */
export function summaryByFile(results: readonly CaseResult[]): string[] {
  const byFile = new Map<string, CaseResult[]>();
  for (const r of results) {
    const list = byFile.get(r.file);
    if (list === undefined) byFile.set(r.file, [r]);
    else list.push(r);
  }
  return [...byFile].map(([file, rs]) => `${file}: ${summaryLine(countResults(rs))}`);
}

function recordJson(r: TestRecord): JsonObject {
  return {
    topic: r.topic,
    key: r.key,
    value: r.value,
    timestamp: r.timestamp,
    window: r.window === null ? null : { start: r.window.start, end: r.window.end, type: r.window.type },
    headers: r.headers.map((h) => ({ KEY: h.KEY, VALUE: h.VALUE })),
  };
}

/** One report entry; RQTT cases also carry `responses`. */
export function reportEntry(r: CaseResult): JsonObject {
  const entry: Record<string, JsonValue> = {
    file: r.file,
    name: r.name,
    format: r.format,
    status: r.status,
    message: r.message,
    outputs: r.outputs.map(recordJson),
    exception: r.exception === null ? null : { type: r.exception.type, message: r.exception.message },
  };
  if (r.responses !== null) entry['responses'] = r.responses.map((x) => x as JsonObject);
  return entry;
}

/** The --report file: `{"tests": [...]}`, one entry per line, numbers written exactly. */
export function reportJson(results: readonly CaseResult[]): string {
  if (results.length === 0) return '{"tests": []}\n';
  return `{"tests": [\n${results.map((r) => `  ${stringifyJson(reportEntry(r))}`).join(',\n')}\n]}\n`;
}
