// SQL values -> JSON, in the two shapes the project needs: JSON text (the JSON serde's hot path)
// and JsonValue trees (toJsonForm, for test reports and REST responses). Both come from the one
// table of primitive rules below, so they cannot drift apart.

import type { SqlType, SqlTypeKind } from '../types/sql-type.js';
import { DecimalContext, isDecimal, type Struct } from '../types/values.js';
import { JsonNumber, type JsonValue } from './json-value.js';

/** Writes one non-null value of a type as JSON text. */
export type JsonWriter = (value: unknown) => string;
/** Converts one non-null value of a type to its JSON form. */
export type JsonFormWriter = (value: unknown) => JsonValue;

interface PrimitiveRule {
  /** JSON text; always equal to stringifyJson(form(v)), only faster. */
  readonly text: JsonWriter;
  readonly form: JsonFormWriter;
}

type PrimitiveKind = Exclude<SqlTypeKind, 'ARRAY' | 'MAP' | 'STRUCT' | 'DECIMAL'>;

const numberText: JsonWriter = (v) => String(v);
const identity: JsonFormWriter = (v) => v as JsonValue;

/** DOUBLE NaN and infinities are not JSON numbers: written as strings, as Jackson does. */
function nonFiniteName(d: number): string {
  return Number.isNaN(d) ? 'NaN' : d > 0 ? 'Infinity' : '-Infinity';
}

const PRIMITIVES: Record<PrimitiveKind, PrimitiveRule> = {
  BOOLEAN: { text: (v) => (v ? 'true' : 'false'), form: identity },
  INTEGER: { text: numberText, form: identity },
  // number when safe, bigint beyond 2^53 (see types/values.ts); both print their exact digits.
  BIGINT: { text: numberText, form: identity },
  DOUBLE: {
    text: (v) => (Number.isFinite(v) ? String(v) : `"${nonFiniteName(v as number)}"`),
    form: (v) => (Number.isFinite(v) ? (v as number) : nonFiniteName(v as number)),
  },
  STRING: { text: (v) => JSON.stringify(v), form: identity },
  BYTES: { text: (v) => `"${(v as Buffer).toString('base64')}"`, form: (v) => (v as Buffer).toString('base64') },
  DATE: { text: numberText, form: identity },
  TIME: { text: numberText, form: identity },
  TIMESTAMP: { text: numberText, form: identity },
};

/** A DECIMAL's digits with exactly `scale` decimals (`10.50`), never in exponent notation. */
export function decimalText(v: unknown, scale: number): string {
  const d = isDecimal(v) ? v : new DecimalContext(v as number | string);
  return d.toFixed(scale);
}

export function jsonWriter(type: SqlType): JsonWriter {
  switch (type.kind) {
    case 'DECIMAL': {
      const scale = type.scale;
      return (v) => decimalText(v, scale);
    }
    case 'ARRAY': {
      const item = jsonWriter(type.item);
      return (v) => {
        const a = v as readonly unknown[];
        let s = '[';
        for (let i = 0; i < a.length; i++) {
          const e = a[i];
          s += (i === 0 ? '' : ',') + (e === null || e === undefined ? 'null' : item(e));
        }
        return s + ']';
      };
    }
    case 'MAP': {
      const key = mapKeyText(type.key);
      const value = jsonWriter(type.value);
      return (v) => {
        let s = '{';
        let first = true;
        for (const [k, e] of mapEntries(v)) {
          s += (first ? '' : ',') + JSON.stringify(key(k)) + ':' + (e === null || e === undefined ? 'null' : value(e));
          first = false;
        }
        return s + '}';
      };
    }
    case 'STRUCT': {
      const names = type.fields.map((f) => f.name);
      const prefixes = names.map((n, i) => (i === 0 ? '{' : ',') + JSON.stringify(n) + ':');
      const writers = type.fields.map((f) => jsonWriter(f.type));
      if (names.length === 0) return () => '{}';
      return (v) => {
        const o = v as Struct;
        let s = '';
        for (let i = 0; i < names.length; i++) {
          const e = o[names[i]!];
          s += prefixes[i]! + (e === null || e === undefined ? 'null' : writers[i]!(e));
        }
        return s + '}';
      };
    }
    default:
      return PRIMITIVES[type.kind].text;
  }
}

export function jsonFormWriter(type: SqlType): JsonFormWriter {
  switch (type.kind) {
    case 'DECIMAL': {
      const scale = type.scale;
      return (v) => new JsonNumber(decimalText(v, scale));
    }
    case 'ARRAY': {
      const item = jsonFormWriter(type.item);
      return (v) => (v as readonly unknown[]).map((e) => (e === null || e === undefined ? null : item(e)));
    }
    case 'MAP': {
      const key = mapKeyText(type.key);
      const value = jsonFormWriter(type.value);
      return (v) => {
        const out: { [k: string]: JsonValue } = {};
        for (const [k, e] of mapEntries(v)) setOwn(out, key(k), e === null || e === undefined ? null : value(e));
        return out;
      };
    }
    case 'STRUCT': {
      const fields = type.fields.map((f) => ({ name: f.name, write: jsonFormWriter(f.type) }));
      return (v) => {
        const o = v as Struct;
        const out: { [k: string]: JsonValue } = {};
        for (const f of fields) {
          const e = o[f.name];
          setOwn(out, f.name, e === null || e === undefined ? null : f.write(e));
        }
        return out;
      };
    }
    default:
      return PRIMITIVES[type.kind].form;
  }
}

/** JSON object keys are strings: a non-STRING map key is written as the text of its JSON form. */
function mapKeyText(keyType: SqlType): (k: unknown) => string {
  if (keyType.kind === 'STRING') return (k) => String(k);
  const form = jsonFormWriter(keyType);
  return (k) => {
    if (k === null || k === undefined) return 'null';
    const f = form(k);
    return typeof f === 'string' ? f : String(f);
  };
}

function mapEntries(v: unknown): Iterable<[unknown, unknown]> {
  return v instanceof Map ? (v as Map<unknown, unknown>).entries() : Object.entries(v as object);
}

/** Sets an own property, including one named `__proto__` (which plain assignment would not). */
function setOwn(o: { [k: string]: JsonValue }, k: string, v: JsonValue): void {
  if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}
