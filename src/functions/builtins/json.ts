// JSON functions: EXTRACTJSONFIELD, IS_JSON_STRING, JSON_* and TO_JSON_STRING, printing JSON the
// way ksqlDB's Jackson does (compact, key order kept, dates and times as ISO strings).

import type { SqlType } from '../../types/sql-type.js';
import type { DecimalValue } from '../../types/values.js';
import { sig, sigWith } from '../signature.js';
import type { ScalarFunction } from '../types.js';
import { javaDoubleToString, javaToString } from '../values/java-string.js';
import { formatDate, formatTime, formatTimestamp } from '../values/time-values.js';
import { scalar } from './define.js';
import { followPath, type JsonNode, nodeText, readJson, writeJson } from './json-tree.js';

/** TO_JSON_STRING: a SQL value as JSON text. */
export function toJson(v: unknown, type: SqlType): string {
  if (v === null || v === undefined) return 'null';
  switch (type.kind) {
    case 'BOOLEAN':
    case 'INTEGER':
    case 'BIGINT':
      return String(v);
    case 'DOUBLE':
      return Number.isFinite(v) ? javaDoubleToString(v as number) : JSON.stringify(javaDoubleToString(v as number));
    case 'DECIMAL':
      return (v as DecimalValue).toFixed(type.scale);
    case 'STRING':
      return JSON.stringify(v);
    case 'BYTES':
      return JSON.stringify((v as Buffer).toString('base64'));
    case 'DATE':
      return JSON.stringify(formatDate(v as number));
    case 'TIME':
      return JSON.stringify(formatTime(v as number));
    case 'TIMESTAMP':
      return JSON.stringify(formatTimestamp(v as number));
    case 'ARRAY':
      return `[${(v as unknown[]).map((x) => toJson(x, type.item)).join(',')}]`;
    case 'MAP': {
      const parts: string[] = [];
      for (const [k, x] of v as Map<unknown, unknown>) {
        parts.push(`${JSON.stringify(javaToString(k, type.key, true))}:${toJson(x, type.value)}`);
      }
      return `{${parts.join(',')}}`;
    }
    case 'STRUCT': {
      const s = v as Record<string, unknown>;
      return `{${type.fields.map((f) => `${JSON.stringify(f.name)}:${toJson(s[f.name] ?? null, f.type)}`).join(',')}}`;
    }
  }
}

function arrayContains(json: string | null, val: unknown, type: SqlType | null | undefined): boolean {
  if (json === null) return false;
  const root = readJson(json);
  if (root === undefined || root.t !== 'array') return false;
  for (const item of root.items) {
    if (val === null) {
      if (item.t === 'null') return true;
      continue;
    }
    switch (type?.kind) {
      case 'INTEGER':
      case 'BIGINT':
        if (item.t === 'number' && /^-?\d+$/.test(item.text) && BigInt(item.text) === BigInt(val as number | bigint)) return true;
        break;
      case 'DOUBLE':
        if (item.t === 'number' && !/^-?\d+$/.test(item.text) && Number(item.text) === val) return true;
        break;
      case 'STRING':
        if (item.t === 'string' && item.value === val) return true;
        break;
      case 'BOOLEAN':
        if (item.t === 'boolean' && item.value === val) return true;
        break;
      default:
        break;
    }
  }
  return false;
}

function jsonConcat(...inputs: (string | null)[]): string | null {
  const nodes: JsonNode[] = [];
  for (const s of inputs) {
    if (s === null) return null;
    const n = readJson(s);
    if (n === undefined) return null;
    nodes.push(n);
  }
  if (nodes.length === 0) return null;
  if (nodes.every((n) => n.t === 'object')) {
    const merged = new Map<string, JsonNode>();
    for (const n of nodes) if (n.t === 'object') for (const [k, v] of n.entries) merged.set(k, v);
    return writeJson({ t: 'object', entries: [...merged] });
  }
  const items: JsonNode[] = [];
  for (const n of nodes) {
    if (n.t === 'array') items.push(...n.items);
    else items.push(n);
  }
  return writeJson({ t: 'array', items });
}

export function jsonFunctions(): ScalarFunction[] {
  return [
    scalar('EXTRACTJSONFIELD', 'JSON', 'Extracts the value at a JSONPath ($.a.b[0]) from a JSON string, as a string.', [
      sig('json STRING, path STRING', 'STRING', (json: string, path: string) => {
        const root = readJson(json);
        if (root === undefined) return null;
        const n = followPath(root, path);
        return n === undefined || n.t === 'null' ? null : nodeText(n);
      }),
    ]),
    scalar('IS_JSON_STRING', 'JSON', 'Returns true if the string is valid JSON.', [
      sig('json STRING', 'BOOLEAN', (json: string | null) => json !== null && readJson(json) !== undefined, { nulls: 'pass' }),
    ]),
    scalar('JSON_ARRAY_LENGTH', 'JSON', 'Returns the number of elements of a JSON array, or null.', [
      sig('json STRING', 'INTEGER', (json: string) => {
        const n = readJson(json);
        return n?.t === 'array' ? n.items.length : null;
      }),
    ]),
    scalar('JSON_ARRAY_CONTAINS', 'JSON', 'Returns true if a JSON array contains the value.', [
      sigWith('json STRING, value ANY', 'BOOLEAN', (ctx) => {
        const type = ctx.argTypes[1];
        return (json: unknown, val: unknown) => arrayContains(json as string | null, val, type);
      }, { nulls: 'pass' }),
    ]),
    scalar('JSON_CONCAT', 'JSON', 'Merges JSON objects, or concatenates JSON arrays (other values become elements).', [
      sig('...jsons STRING', 'STRING', jsonConcat, { nulls: 'pass' }),
    ]),
    scalar('JSON_KEYS', 'JSON', 'Returns the keys of a JSON object, or null.', [
      sig('json STRING', 'ARRAY<STRING>', (json: string) => {
        const n = readJson(json);
        return n?.t === 'object' ? n.entries.map(([k]) => k) : null;
      }),
    ]),
    scalar('JSON_RECORDS', 'JSON', 'Returns the entries of a JSON object as a map of strings, or null.', [
      sig('json STRING', 'MAP<STRING, STRING>', (json: string) => {
        const n = readJson(json);
        return n?.t === 'object' ? new Map(n.entries.map(([k, v]) => [k, nodeText(v)])) : null;
      }),
    ]),
    scalar('JSON_ITEMS', 'JSON', 'Returns the elements of a JSON array as JSON strings, or null.', [
      sig('json STRING', 'ARRAY<STRING>', (json: string) => {
        const n = readJson(json);
        return n?.t === 'array' ? n.items.map(writeJson) : null;
      }),
    ]),
    scalar('TO_JSON_STRING', 'JSON', 'Converts any value to its JSON text.', [
      sigWith('value ANY', 'STRING', (ctx) => {
        const type = ctx.argTypes[0];
        return (v: unknown) => (v === null || type === null || type === undefined ? 'null' : toJson(v, type));
      }, { nulls: 'pass' }),
    ]),
  ];
}
