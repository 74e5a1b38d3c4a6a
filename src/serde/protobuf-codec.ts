// Protobuf (proto3) encoding of SQL values as ksqlDB lays them out: columns and struct fields are
// fields 1..n of a message; DECIMAL, DATE, TIME and TIMESTAMP are the well-known messages
// confluent.type.Decimal, google.type.Date, google.type.TimeOfDay and google.protobuf.Timestamp;
// MAP is a repeated entry message. Scalars equal to their default are not written and absent
// scalars read back as defaults (0, "", false), so null scalars become defaults, as in ksqlDB.

import type { SqlType } from '../types/sql-type.js';
import { decimalFromUnscaled, decimalToUnscaled } from './avro-codec.js';
import { ByteReader, ByteWriter, unscaledBytes, unscaledFromBytes } from './binary-io.js';
import { SerdeError } from './types.js';

const VARINT = 0;
const FIXED64 = 1;
const LEN = 2;
const FIXED32 = 5;

/** How one field is written and read; `read` gets the field's wire type and returns the value. */
interface FieldCodec {
  /** Writes the field with number `num` unless the value is null or the default (scalars). */
  write(w: ByteWriter, num: number, v: unknown): void;
  read(r: ByteReader, wire: number): unknown;
  /** The value of an absent field. */
  absent(): unknown;
  /** Repeated fields accumulate: arrays and maps. */
  readonly repeated: boolean;
}

function tag(w: ByteWriter, num: number, wire: number): void {
  w.uvarint(num * 8 + wire);
}

function readLen(r: ByteReader): ByteReader {
  const n = r.uvarintNumber();
  const start = r.pos;
  r.bytes(n);
  return new ByteReader(r.buf, start, start + n);
}

export function skipField(r: ByteReader, wire: number): void {
  switch (wire) {
    case VARINT:
      r.uvarint();
      return;
    case FIXED64:
      r.bytes(8);
      return;
    case LEN:
      r.bytes(r.uvarintNumber());
      return;
    case FIXED32:
      r.bytes(4);
      return;
    default:
      throw new SerdeError(`Unsupported protobuf wire type ${wire}`);
  }
}

/** A message of fields 1..n: writes a value's fields, reads them back into an array of values. */
export interface MessageCodec {
  writeFields(w: ByteWriter, values: readonly unknown[]): void;
  readFields(r: ByteReader): unknown[];
}

export function messageCodec(types: readonly SqlType[]): MessageCodec {
  const codecs = types.map((t) => fieldCodec(t));
  return {
    writeFields(w, values) {
      for (let i = 0; i < codecs.length; i++) codecs[i]!.write(w, i + 1, values[i] ?? null);
    },
    readFields(r) {
      const out = new Array<unknown>(codecs.length).fill(undefined);
      while (r.pos < r.end) {
        const key = r.uvarintNumber();
        const num = Math.floor(key / 8);
        const wire = key % 8;
        const c = codecs[num - 1];
        if (c === undefined) {
          skipField(r, wire);
          continue;
        }
        const v = c.read(r, wire);
        if (c.repeated && out[num - 1] !== undefined) mergeRepeated(out[num - 1], v);
        else out[num - 1] = v;
      }
      for (let i = 0; i < codecs.length; i++) if (out[i] === undefined) out[i] = codecs[i]!.absent();
      return out;
    },
  };
}

function mergeRepeated(into: unknown, v: unknown): void {
  if (Array.isArray(into)) into.push(...(v as unknown[]));
  else for (const [k, x] of v as Map<unknown, unknown>) (into as Map<unknown, unknown>).set(k, x);
}

function scalar(wire: number, isDefault: (v: unknown) => boolean, write: (w: ByteWriter, v: unknown) => void, read: (r: ByteReader) => unknown, dflt: () => unknown): FieldCodec {
  return {
    repeated: false,
    write(w, num, v) {
      if (v === null || v === undefined || isDefault(v)) return;
      tag(w, num, wire);
      write(w, v);
    },
    read: (r) => read(r),
    absent: dflt,
  };
}

/** A nested message field: written when not null, null when absent. */
function message(toFields: (v: unknown) => readonly unknown[], fromFields: (f: unknown[]) => unknown, types: readonly SqlType[]): FieldCodec {
  const codec = messageCodec(types);
  const scratch = new ByteWriter();
  return {
    repeated: false,
    write(w, num, v) {
      if (v === null || v === undefined) return;
      tag(w, num, LEN);
      writeMessage(w, scratch, codec, toFields(v));
    },
    read: (r) => fromFields(codec.readFields(readLen(r))),
    absent: () => null,
  };
}

function writeMessage(w: ByteWriter, scratch: ByteWriter, codec: MessageCodec, fields: readonly unknown[]): void {
  scratch.reset();
  codec.writeFields(scratch, fields);
  const body = scratch.take();
  w.uvarint(body.length);
  w.bytes(body);
}

const INT32: SqlType = { kind: 'INTEGER' };
const INT64: SqlType = { kind: 'BIGINT' };
const BYTES_T: SqlType = { kind: 'BYTES' };
const MS_PER_DAY = 86400000;

function fieldCodec(t: SqlType): FieldCodec {
  switch (t.kind) {
    case 'BOOLEAN':
      return scalar(VARINT, (v) => v === false, (w, v) => w.byte(v === true ? 1 : 0), (r) => r.uvarint() !== 0, () => false);
    case 'INTEGER':
      return scalar(VARINT, (v) => v === 0, (w, v) => w.signedVarint(v as number), (r) => r.signedVarint32(), () => 0);
    case 'BIGINT':
      return scalar(VARINT, (v) => v === 0, (w, v) => w.signedVarint(v as number | bigint), (r) => r.signedVarint64(), () => 0);
    case 'DOUBLE':
      return scalar(FIXED64, (v) => v === 0 && !Object.is(v, -0), (w, v) => w.doubleLE(v as number), (r) => r.doubleLE(), () => 0);
    case 'STRING':
      return scalar(
        LEN,
        (v) => v === '',
        (w, v) => {
          const b = Buffer.from(v as string, 'utf8');
          w.uvarint(b.length);
          w.bytes(b);
        },
        (r) => r.bytes(r.uvarintNumber()).toString('utf8'),
        () => '',
      );
    case 'BYTES':
      return scalar(
        LEN,
        (v) => (v as Buffer).length === 0,
        (w, v) => {
          w.uvarint((v as Buffer).length);
          w.bytes(v as Buffer);
        },
        (r) => Buffer.from(r.bytes(r.uvarintNumber())),
        () => Buffer.alloc(0),
      );
    case 'DECIMAL': {
      const { precision, scale } = t;
      return message(
        (v) => [unscaledBytes(decimalToUnscaled(v, scale)), precision, scale],
        (f) => decimalFromUnscaled(unscaledFromBytes(f[0] as Buffer), scale),
        [BYTES_T, INT32, INT32],
      );
    }
    case 'DATE':
      return message(
        (v) => {
          const d = new Date((v as number) * MS_PER_DAY);
          return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
        },
        (f) => Math.round(Date.UTC(f[0] as number, (f[1] as number) - 1, f[2] as number) / MS_PER_DAY),
        [INT32, INT32, INT32],
      );
    case 'TIME':
      return message(
        (v) => {
          const ms = v as number;
          return [Math.floor(ms / 3600000), Math.floor(ms / 60000) % 60, Math.floor(ms / 1000) % 60, (ms % 1000) * 1e6];
        },
        (f) => (f[0] as number) * 3600000 + (f[1] as number) * 60000 + (f[2] as number) * 1000 + Math.floor((f[3] as number) / 1e6),
        [INT32, INT32, INT32, INT32],
      );
    case 'TIMESTAMP':
      return message(
        (v) => {
          const ms = v as number;
          const s = Math.floor(ms / 1000);
          return [s, (ms - s * 1000) * 1e6];
        },
        (f) => Number(f[0]) * 1000 + Math.floor((f[1] as number) / 1e6),
        [INT64, INT32],
      );
    case 'STRUCT': {
      const names = t.fields.map((f) => f.name);
      return message(
        (v) => names.map((n) => (v as Record<string, unknown>)[n] ?? null),
        (f) => {
          const s: Record<string, unknown> = {};
          for (let i = 0; i < names.length; i++) s[names[i]!] = f[i];
          return s;
        },
        t.fields.map((f) => f.type),
      );
    }
    case 'ARRAY':
      return repeatedCodec(t.item);
    case 'MAP':
      return mapCodec(t.key, t.value);
  }
}

function isPackable(t: SqlType): boolean {
  return t.kind === 'BOOLEAN' || t.kind === 'INTEGER' || t.kind === 'BIGINT' || t.kind === 'DOUBLE';
}

/** A repeated field: each item written as its own field (packed for numbers, as proto3 does). */
function repeatedCodec(item: SqlType): FieldCodec {
  const one = fieldCodec(item);
  const packed = isPackable(item);
  const itemWire = item.kind === 'DOUBLE' ? FIXED64 : packed ? VARINT : LEN;
  const scratch = new ByteWriter();
  const writeBare = (w: ByteWriter, v: unknown): void => {
    // Write the value without a tag: encode with a dummy field and strip the tag byte (field 1).
    scratch.reset();
    one.write(scratch, 1, v === null ? one.absent() : v);
    if (scratch.pos === 0) writeDefault(w, item);
    else w.bytes(scratch.buf.subarray(1, scratch.pos));
  };
  return {
    repeated: true,
    write(w, num, v) {
      if (v === null || v === undefined) return;
      const a = v as readonly unknown[];
      if (a.length === 0) return;
      if (packed) {
        const body = new ByteWriter();
        for (const x of a) writeBare(body, x);
        tag(w, num, LEN);
        w.uvarint(body.pos);
        w.bytes(body.buf.subarray(0, body.pos));
        return;
      }
      for (const x of a) {
        tag(w, num, itemWire);
        writeBare(w, x);
      }
    },
    read(r, wire) {
      if (packed && wire === LEN) {
        const sub = readLen(r);
        const out: unknown[] = [];
        while (sub.pos < sub.end) out.push(one.read(sub, itemWire));
        return out;
      }
      return [one.read(r, wire)];
    },
    absent: () => [],
  };
}

/** The bytes of a default value without a tag, for items of repeated fields. */
function writeDefault(w: ByteWriter, t: SqlType): void {
  if (t.kind === 'DOUBLE') w.doubleLE(0);
  else if (t.kind === 'BOOLEAN' || t.kind === 'INTEGER' || t.kind === 'BIGINT') w.byte(0);
  else w.byte(0); // empty length-delimited value
}

function mapCodec(key: SqlType, value: SqlType): FieldCodec {
  const entry = messageCodec([key, value]);
  const scratch = new ByteWriter();
  return {
    repeated: true,
    write(w, num, v) {
      if (v === null || v === undefined) return;
      for (const [k, x] of v as Map<unknown, unknown>) {
        tag(w, num, LEN);
        writeMessage(w, scratch, entry, [k, x]);
      }
    },
    read(r) {
      const [k, x] = entry.readFields(readLen(r));
      return new Map([[k, x]]);
    },
    absent: () => new Map(),
  };
}
