// Avro binary encoding of SQL values, compiled once per type into closures: every column, array
// item, map value and struct field is an optional union ["null", T], as ksqlDB's Avro schemas
// declare them. Maps with non-STRING keys travel as arrays of {key, value} records.

import type { SqlType } from '../types/sql-type.js';
import { Decimal } from '../types/values.js';
import type { ByteReader, ByteWriter} from './binary-io.js';
import { unscaledBytes, unscaledFromBytes } from './binary-io.js';
import { SerdeError } from './types.js';

export type AvroWrite = (w: ByteWriter, v: unknown) => void;
export type AvroRead = (r: ByteReader) => unknown;

/** Writes `v` as the union ["null", T]: branch 0 for null, branch 1 then the value. */
export function optionalWriter(type: SqlType): AvroWrite {
  const inner = avroWriter(type);
  return (w, v) => {
    if (v === null || v === undefined) {
      w.byte(0);
    } else {
      w.byte(2); // zigzag(1)
      inner(w, v);
    }
  };
}

export function optionalReader(type: SqlType): AvroRead {
  const inner = avroReader(type);
  return (r) => {
    const branch = r.zigzag();
    if (branch === 0) return null;
    if (branch !== 1) throw new SerdeError(`Invalid union branch ${String(branch)}`);
    return inner(r);
  };
}

function writeString(w: ByteWriter, s: string): void {
  const b = Buffer.from(s, 'utf8');
  w.zigzag(b.length);
  w.bytes(b);
}

function readBytes(r: ByteReader): Buffer {
  const n = r.zigzag();
  if (typeof n !== 'number' || n < 0) throw new SerdeError('Invalid length');
  return r.bytes(n);
}

/** Reads Avro's blocked encoding (arrays and maps): counts, negative counts with a byte size, 0 at the end. */
function readBlocks(r: ByteReader, each: () => void): void {
  for (;;) {
    let n = r.zigzag();
    if (typeof n !== 'number') throw new SerdeError('Invalid block count');
    if (n === 0) return;
    if (n < 0) {
      n = -n;
      r.zigzag();
    }
    for (let i = 0; i < n; i++) each();
  }
}

export function decimalToUnscaled(v: unknown, scale: number): bigint {
  const d = v instanceof Decimal ? v : new Decimal(String(v));
  return BigInt(d.times(new Decimal(10).pow(scale)).toFixed(0));
}

export function decimalFromUnscaled(u: bigint, scale: number): Decimal {
  if (scale === 0) return new Decimal(u.toString());
  const neg = u < 0n;
  const digits = (neg ? -u : u).toString().padStart(scale + 1, '0');
  return new Decimal(`${neg ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`);
}

export function avroWriter(type: SqlType): AvroWrite {
  switch (type.kind) {
    case 'BOOLEAN':
      return (w, v) => w.byte(v === true ? 1 : 0);
    case 'INTEGER':
    case 'DATE':
    case 'TIME':
    case 'BIGINT':
    case 'TIMESTAMP':
      return (w, v) => w.zigzag(v as number | bigint);
    case 'DOUBLE':
      return (w, v) => w.doubleLE(v as number);
    case 'STRING':
      return (w, v) => writeString(w, v as string);
    case 'BYTES':
      return (w, v) => {
        const b = v as Buffer;
        w.zigzag(b.length);
        w.bytes(b);
      };
    case 'DECIMAL': {
      const scale = type.scale;
      return (w, v) => {
        const b = unscaledBytes(decimalToUnscaled(v, scale));
        w.zigzag(b.length);
        w.bytes(b);
      };
    }
    case 'ARRAY': {
      const item = optionalWriter(type.item);
      return (w, v) => {
        const a = v as readonly unknown[];
        if (a.length > 0) {
          w.zigzag(a.length);
          for (const x of a) item(w, x);
        }
        w.byte(0);
      };
    }
    case 'MAP': {
      const value = optionalWriter(type.value);
      if (type.key.kind === 'STRING') {
        return (w, v) => {
          const m = v as Map<unknown, unknown>;
          if (m.size > 0) {
            w.zigzag(m.size);
            for (const [k, x] of m) {
              writeString(w, k as string);
              value(w, x);
            }
          }
          w.byte(0);
        };
      }
      const key = optionalWriter(type.key);
      return (w, v) => {
        const m = v as Map<unknown, unknown>;
        if (m.size > 0) {
          w.zigzag(m.size);
          for (const [k, x] of m) {
            key(w, k);
            value(w, x);
          }
        }
        w.byte(0);
      };
    }
    case 'STRUCT': {
      const names = type.fields.map((f) => f.name);
      const writers = type.fields.map((f) => optionalWriter(f.type));
      return (w, v) => {
        const s = v as Record<string, unknown>;
        for (let i = 0; i < writers.length; i++) writers[i]!(w, s[names[i]!] ?? null);
      };
    }
  }
}

export function avroReader(type: SqlType): AvroRead {
  switch (type.kind) {
    case 'BOOLEAN':
      return (r) => r.byte() !== 0;
    case 'INTEGER':
    case 'DATE':
    case 'TIME':
    case 'BIGINT':
    case 'TIMESTAMP':
      return (r) => r.zigzag();
    case 'DOUBLE':
      return (r) => r.doubleLE();
    case 'STRING':
      return (r) => readBytes(r).toString('utf8');
    case 'BYTES':
      return (r) => Buffer.from(readBytes(r));
    case 'DECIMAL': {
      const scale = type.scale;
      return (r) => decimalFromUnscaled(unscaledFromBytes(readBytes(r)), scale);
    }
    case 'ARRAY': {
      const item = optionalReader(type.item);
      return (r) => {
        const out: unknown[] = [];
        readBlocks(r, () => out.push(item(r)));
        return out;
      };
    }
    case 'MAP': {
      const value = optionalReader(type.value);
      const key = type.key.kind === 'STRING' ? (r: ByteReader): unknown => readBytes(r).toString('utf8') : optionalReader(type.key);
      return (r) => {
        const out = new Map<unknown, unknown>();
        readBlocks(r, () => {
          const k = key(r);
          out.set(k, value(r));
        });
        return out;
      };
    }
    case 'STRUCT': {
      const names = type.fields.map((f) => f.name);
      const readers = type.fields.map((f) => optionalReader(f.type));
      return (r) => {
        const s: Record<string, unknown> = {};
        for (let i = 0; i < readers.length; i++) s[names[i]!] = readers[i]!(r);
        return s;
      };
    }
  }
}
