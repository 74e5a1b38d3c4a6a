// Compact binary codec for opaque aggregate state: numbers, bigints, Decimals, strings, Buffers,
// booleans, null/undefined, and arrays, Maps, Sets and plain objects of these, nested freely.
// One reusable growable buffer serves every encode (the engine is synchronous), so flushes allocate little.

import { KsqlError } from '../errors.js';
import { DecimalContext, isDecimal } from '../types/values.js';

/** A state value as a store keeps it in SQLite: bytes, or a number or string stored as itself. */
export type StoredValue = Buffer | number | string;

/** How a store turns its values into stored values and back; the default handles any aggregate state. */
export interface StateCodec<V> {
  encode(value: V): StoredValue;
  decode(stored: StoredValue): V;
}

const NULL = 0x00;
const UNDEFINED = 0x01;
const FALSE = 0x02;
const TRUE = 0x03;
const INT32 = 0x04;
const FLOAT64 = 0x05;
const INT64 = 0x06;
const BIGINT_TEXT = 0x07;
const DECIMAL = 0x08;
const SHORT_STRING = 0x09;
const STRING = 0x0a;
const BYTES = 0x0b;
const ARRAY = 0x0c;
const MAP = 0x0d;
const OBJECT = 0x0e;
const SET = 0x0f;

/** Strings this short (UTF-16 units) fit 126 UTF-8 bytes, so their length takes one byte. */
const SHORT_STRING_UNITS = 42;

class Writer {
  buf = Buffer.allocUnsafe(4096);
  pos = 0;

  ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  uint32(n: number): void {
    this.ensure(4);
    this.buf.writeUInt32LE(n, this.pos);
    this.pos += 4;
  }

  /** A string without tag: one length byte for short strings, four otherwise. */
  text(s: string, short: boolean): void {
    if (short) {
      const len = s.length;
      this.ensure(1 + len * 3);
      const { buf, pos } = this;
      // ASCII (field names, most keys) is copied here: a native write costs more than the loop.
      let i = 0;
      for (; i < len; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[pos + 1 + i] = c;
      }
      const n = i === len ? len : buf.write(s, pos + 1, 'utf8');
      buf[pos] = n;
      this.pos = pos + 1 + n;
    } else {
      const n = Buffer.byteLength(s, 'utf8');
      this.ensure(4 + n);
      this.buf.writeUInt32LE(n, this.pos);
      this.buf.write(s, this.pos + 4, 'utf8');
      this.pos += 4 + n;
    }
  }
}

const writer = new Writer();

/** Serializes a state value to a fresh Buffer. */
export function serializeState(value: unknown): Buffer {
  writer.pos = 0;
  write(writer, value);
  const out = Buffer.from(writer.buf.subarray(0, writer.pos));
  // One huge state must not pin a huge scratch buffer for the life of the process.
  if (writer.buf.length > 1 << 20) writer.buf = Buffer.allocUnsafe(4096);
  return out;
}

function write(w: Writer, v: unknown): void {
  switch (typeof v) {
    case 'number':
      if ((v | 0) === v && !Object.is(v, -0)) {
        w.ensure(5);
        w.buf[w.pos] = INT32;
        w.buf.writeInt32LE(v, w.pos + 1);
        w.pos += 5;
      } else {
        w.ensure(9);
        w.buf[w.pos] = FLOAT64;
        w.buf.writeDoubleLE(v, w.pos + 1);
        w.pos += 9;
      }
      return;
    case 'string':
      if (v.length <= SHORT_STRING_UNITS) {
        w.byte(SHORT_STRING);
        w.text(v, true);
      } else {
        w.byte(STRING);
        w.text(v, false);
      }
      return;
    case 'boolean':
      w.byte(v ? TRUE : FALSE);
      return;
    case 'undefined':
      w.byte(UNDEFINED);
      return;
    case 'bigint':
      if (v === BigInt.asIntN(64, v)) {
        w.ensure(9);
        w.buf[w.pos] = INT64;
        w.buf.writeBigInt64LE(v, w.pos + 1);
        w.pos += 9;
      } else {
        w.byte(BIGINT_TEXT);
        w.text(v.toString(), false);
      }
      return;
    case 'object':
      writeObject(w, v);
      return;
    default:
      throw unsupported(v);
  }
}

function writeObject(w: Writer, v: object | null): void {
  if (v === null) {
    w.byte(NULL);
  } else if (Array.isArray(v)) {
    w.byte(ARRAY);
    w.uint32(v.length);
    for (let i = 0; i < v.length; i++) write(w, v[i]);
  } else if (isPlainObject(v)) {
    // Fields counted while written (no array of keys per state); for-in lists own fields in Object.keys' order.
    const o = v as Record<string, unknown>;
    w.byte(OBJECT);
    w.ensure(4);
    const at = w.pos;
    w.pos += 4;
    let n = 0;
    for (const k in o) {
      write(w, k);
      write(w, o[k]);
      n++;
    }
    w.buf.writeUInt32LE(n, at);
  } else if (Buffer.isBuffer(v)) {
    w.byte(BYTES);
    w.uint32(v.length);
    w.ensure(v.length);
    v.copy(w.buf, w.pos);
    w.pos += v.length;
  } else if (isDecimal(v)) {
    w.byte(DECIMAL);
    w.text(v.toString(), false);
  } else if (v instanceof Map) {
    w.byte(MAP);
    w.uint32(v.size);
    for (const [key, value] of v) {
      write(w, key);
      write(w, value);
    }
  } else if (v instanceof Set) {
    w.byte(SET);
    w.uint32(v.size);
    for (const item of v) write(w, item);
  } else {
    throw unsupported(v);
  }
}

function isPlainObject(v: object): boolean {
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

function unsupported(v: unknown): KsqlError {
  const what = typeof v === 'object' && v !== null ? (v.constructor?.name ?? 'object') : typeof v;
  return new KsqlError(
    'INTERNAL',
    `Aggregate state cannot hold a ${what}: use numbers, bigints, Decimals, strings, Buffers, booleans, null, ` +
      'arrays, Maps, Sets or plain objects',
  );
}

// ---- decoding ----

interface Reader {
  readonly buf: Buffer;
  pos: number;
}

/** The value serializeState wrote. */
export function deserializeState(bytes: Buffer): unknown {
  const r: Reader = { buf: bytes, pos: 0 };
  const v = read(r);
  if (r.pos !== bytes.length) throw corrupt();
  return v;
}

function read(r: Reader): unknown {
  const { buf } = r;
  if (r.pos >= buf.length) throw corrupt();
  const tag = buf[r.pos++];
  switch (tag) {
    case NULL:
      return null;
    case UNDEFINED:
      return undefined;
    case FALSE:
      return false;
    case TRUE:
      return true;
    case INT32:
      r.pos += 4;
      return buf.readInt32LE(r.pos - 4);
    case FLOAT64:
      r.pos += 8;
      return buf.readDoubleLE(r.pos - 8);
    case INT64:
      r.pos += 8;
      return buf.readBigInt64LE(r.pos - 8);
    case BIGINT_TEXT:
      return BigInt(readText(r, false));
    case DECIMAL:
      return new DecimalContext(readText(r, false));
    case SHORT_STRING:
      return readText(r, true);
    case STRING:
      return readText(r, false);
    case BYTES: {
      const n = readUint32(r);
      const start = r.pos;
      r.pos += n;
      if (r.pos > buf.length) throw corrupt();
      return Buffer.from(buf.subarray(start, r.pos));
    }
    case ARRAY: {
      const n = readUint32(r);
      const a = new Array<unknown>(n);
      for (let i = 0; i < n; i++) a[i] = read(r);
      return a;
    }
    case MAP: {
      const n = readUint32(r);
      const m = new Map<unknown, unknown>();
      for (let i = 0; i < n; i++) {
        const k = read(r);
        m.set(k, read(r));
      }
      return m;
    }
    case SET: {
      const n = readUint32(r);
      const s = new Set<unknown>();
      for (let i = 0; i < n; i++) s.add(read(r));
      return s;
    }
    case OBJECT: {
      const n = readUint32(r);
      const o: Record<string, unknown> = {};
      for (let i = 0; i < n; i++) {
        const k = read(r);
        if (typeof k !== 'string') throw corrupt();
        const v = read(r);
        // A field named __proto__ must stay a field, not become the prototype.
        if (k === '__proto__') Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
        else o[k] = v;
      }
      return o;
    }
    default:
      throw corrupt();
  }
}

function readUint32(r: Reader): number {
  if (r.pos + 4 > r.buf.length) throw corrupt();
  r.pos += 4;
  return r.buf.readUInt32LE(r.pos - 4);
}

function readText(r: Reader, short: boolean): string {
  const n = short ? r.buf[r.pos++]! : readUint32(r);
  const start = r.pos;
  r.pos += n;
  if (r.pos > r.buf.length) throw corrupt();
  return r.buf.toString('utf8', start, r.pos);
}

function corrupt(): KsqlError {
  return new KsqlError('INTERNAL', 'Corrupt state value in a state store: it was not written by serializeState');
}

/*
 * Scalar states (COUNT, SUM of a DOUBLE, MAX of a STRING...) are stored as SQLite numbers and
 * text, saving an allocation and a copy per write; SQLite would turn NaN into NULL and -0 into 0,
 * so those, and everything else, are serialized.
 */
const anyStateCodec: StateCodec<unknown> = {
  encode: (v) => {
    if (typeof v === 'string') return v;
    if (typeof v === 'number' && v === v && !Object.is(v, -0)) return v;
    return serializeState(v);
  },
  decode: (stored) => (typeof stored === 'object' ? deserializeState(stored) : stored),
};

/** The default codec: any aggregate state (scalars stored as themselves, the rest by serializeState). */
export function defaultStateCodec<V>(): StateCodec<V> {
  return anyStateCodec as StateCodec<V>;
}
