// The binary framing of a record batch: many records in one blob, so the embedded log stores and
// fetches one SQLite row per produced batch instead of one per record. Plain byte reads and writes
// (no JSON), varint lengths like Kafka's record format; decoding views keys and values in the blob.

import { KsqlError } from '../errors.js';
import type { Header, LogRecord, ProduceRecord } from './types.js';

/*
 * Layout (fixed-width integers little-endian):
 *   batch  := version:u8 attributes:u8 count:u32 baseTimestamp:f64 record*
 *   record := timestamp key:bytes value:bytes headerCount:uvarint header*
 *   header := keyLength:uvarint key(utf8) value:bytes
 *   bytes  := uvarint(length + 1) byte*      (0 means null, so null and empty stay distinct)
 * uvarint is LEB128 (7 bits per byte, low first). A timestamp is its zigzag-encoded delta from the
 * batch's first timestamp (1-3 bytes for nearby times); a batch whose deltas would leave 2^52, where
 * zigzag stops being exact in a double, stores every timestamp as an f64 instead (attribute bit 0).
 * The disk writes every appended byte twice (WAL, then checkpoint), so framing size is append speed.
 */
const VERSION = 1;
const ABSOLUTE_TIMESTAMPS = 1;
const BATCH_HEADER = 14;
const MAX_DELTA = 2 ** 52;
const EMPTY_HEADERS: readonly Header[] = Object.freeze([]);

/**
 * Node's own Buffer subclass (what `Buffer.prototype.subarray` builds). Constructing it directly on
 * the blob's ArrayBuffer is several times faster than `subarray`, which dominates decoding.
 */
const ViewBuffer = resolveViewBuffer();

function resolveViewBuffer(): new (buffer: ArrayBufferLike, byteOffset: number, length: number) => Buffer {
  const species: unknown = (Buffer as unknown as Record<symbol, unknown>)[Symbol.species];
  if (typeof species === 'function' && species !== Buffer) {
    const ctor = species as new (buffer: ArrayBufferLike, byteOffset: number, length: number) => Buffer;
    const probe = new ctor(new ArrayBuffer(2), 1, 1);
    if (Buffer.isBuffer(probe) && probe.byteOffset === 1 && probe.length === 1) return ctor;
  }
  return class {
    constructor(buffer: ArrayBufferLike, byteOffset: number, length: number) {
      return Buffer.from(buffer, byteOffset, length);
    }
  } as unknown as new (buffer: ArrayBufferLike, byteOffset: number, length: number) => Buffer;
}

/** One encoded batch: records `[from, end)` of the input, framed into `data`. */
export interface EncodedBatch {
  readonly data: Buffer;
  readonly end: number;
  readonly maxTimestamp: number;
}

/** Bytes of the LEB128 form of a whole number in [0, 2^53). */
function uvarintSize(v: number): number {
  if (v < 0x80) return 1;
  if (v < 0x4000) return 2;
  if (v < 0x200000) return 3;
  if (v < 0x10000000) return 4;
  let size = 4;
  v = Math.floor(v / 0x10000000);
  while (v > 0) {
    size++;
    v = Math.floor(v / 0x80);
  }
  return size;
}

function zigzag(v: number): number {
  return v >= 0 ? v * 2 : -v * 2 - 1;
}

function bytesSize(b: Buffer | null): number {
  return b === null ? 1 : uvarintSize(b.length + 1) + b.length;
}

function headersSize(headers: readonly Header[]): number {
  let size = uvarintSize(headers.length);
  for (let i = 0; i < headers.length; i++) {
    const h = headers[i]!;
    const keyLength = Buffer.byteLength(h.key, 'utf8');
    size += uvarintSize(keyLength) + keyLength + bytesSize(h.value);
  }
  return size;
}

function checkTimestamp(ts: number): void {
  if (!Number.isSafeInteger(ts)) {
    throw new KsqlError('TOPIC', `Record timestamp must be a whole number of milliseconds, got ${ts}`);
  }
}

/**
 * Frames `records[from..]` into one batch. It stops before the record that would take the blob past
 * `maxBytes` (but always takes at least one), so huge produce calls become several batches and a
 * reader never has to fetch an enormous blob to get a few records.
 */
export function encodeBatch(records: readonly ProduceRecord[], from: number, maxBytes: number): EncodedBatch {
  const baseTimestamp = records[from]!.timestamp;
  checkTimestamp(baseTimestamp);
  let size = BATCH_HEADER;
  let end = from;
  let maxTimestamp = baseTimestamp;
  let absolute = false;
  let deltaBytes = 0;
  while (end < records.length) {
    const r = records[end]!;
    const ts = r.timestamp;
    checkTimestamp(ts);
    const delta = ts - baseTimestamp;
    if (delta > MAX_DELTA || delta < -MAX_DELTA) absolute = true;
    const tsSize = absolute ? 8 : uvarintSize(zigzag(delta));
    const headers = r.headers;
    const s =
      tsSize +
      bytesSize(r.key) +
      bytesSize(r.value) +
      (headers === undefined || headers.length === 0 ? 1 : headersSize(headers));
    if (end > from && size + s > maxBytes) break;
    if (ts > maxTimestamp) maxTimestamp = ts;
    size += s;
    deltaBytes += tsSize;
    end++;
  }
  // Rare: a far-off timestamp switched the batch to f64 timestamps; the byte limit is then approximate.
  if (absolute) size += (end - from) * 8 - deltaBytes;
  const data = Buffer.allocUnsafe(size);
  data[0] = VERSION;
  data[1] = absolute ? ABSOLUTE_TIMESTAMPS : 0;
  data.writeUInt32LE(end - from, 2);
  data.writeDoubleLE(baseTimestamp, 6);
  let pos = BATCH_HEADER;
  for (let i = from; i < end; i++) {
    const r = records[i]!;
    if (absolute) pos = data.writeDoubleLE(r.timestamp, pos);
    else pos = writeUvarint(data, pos, zigzag(r.timestamp - baseTimestamp));
    pos = writeBytes(data, pos, r.key);
    pos = writeBytes(data, pos, r.value);
    const headers = r.headers;
    if (headers === undefined || headers.length === 0) {
      data[pos++] = 0;
    } else {
      pos = writeUvarint(data, pos, headers.length);
      for (let j = 0; j < headers.length; j++) {
        const h = headers[j]!;
        const keyLength = Buffer.byteLength(h.key, 'utf8');
        pos = writeUvarint(data, pos, keyLength);
        pos += data.write(h.key, pos, keyLength, 'utf8');
        pos = writeBytes(data, pos, h.value);
      }
    }
  }
  return { data, end, maxTimestamp };
}

function writeUvarint(data: Buffer, pos: number, v: number): number {
  if (v < 0x80) {
    data[pos] = v;
    return pos + 1;
  }
  if (v < 0x4000) {
    data[pos] = (v & 0x7f) | 0x80;
    data[pos + 1] = v >>> 7;
    return pos + 2;
  }
  while (v >= 0x80) {
    data[pos++] = (v % 0x80) | 0x80;
    v = Math.floor(v / 0x80);
  }
  data[pos] = v;
  return pos + 1;
}

function writeBytes(data: Buffer, pos: number, bytes: Buffer | null): number {
  if (bytes === null) {
    data[pos] = 0;
    return pos + 1;
  }
  const length = bytes.length;
  pos = writeUvarint(data, pos, length + 1);
  if (length < 16) {
    // TypedArray#set has a fixed cost that dominates for short keys.
    for (let i = 0; i < length; i++) data[pos + i] = bytes[i]!;
  } else {
    data.set(bytes, pos);
  }
  return pos + length;
}

/** Decodes the uvarint at `pos`; its length is `uvarintSize` of the result (the encoder writes minimal forms). */
function readUvarint(data: Buffer, pos: number): number {
  let b = data[pos]!;
  if (b < 0x80) return b;
  let v = b & 0x7f;
  let scale = 0x80;
  for (;;) {
    // A corrupt blob must fail, not spin: past the end, data[pos] is undefined.
    if (++pos >= data.length || scale > 2 ** 49) throw corrupt();
    b = data[pos]!;
    v += (b & 0x7f) * scale;
    if (b < 0x80) return v;
    scale *= 0x80;
  }
}

function unzigzag(v: number): number {
  return v % 2 === 0 ? v / 2 : -(v + 1) / 2;
}

function corrupt(): KsqlError {
  return new KsqlError(
    'INTERNAL',
    'Unreadable record batch: a length runs past the end of the blob; the log file is corrupt',
  );
}

function checkVersion(data: Buffer): void {
  if (data.length < BATCH_HEADER || data[0] !== VERSION) {
    throw new KsqlError(
      'INTERNAL',
      `Unreadable record batch (format version ${data[0] ?? 'missing'}, expected ${VERSION}): ` +
        'the log file is corrupt or from a newer ksqlite',
    );
  }
}

/** Number of records framed in a batch. */
export function batchRecordCount(data: Buffer): number {
  checkVersion(data);
  return data.readUInt32LE(2);
}

/**
 * Appends to `out` the records of a batch whose offsets are >= `fromOffset`, at most `maxRecords`,
 * and returns how many it appended. Keys, values and header values are views into `data` (no copy):
 * a record kept alive keeps its whole batch blob alive.
 */
export function decodeBatch(
  data: Buffer,
  topic: string,
  partition: number,
  baseOffset: number,
  fromOffset: number,
  maxRecords: number,
  out: LogRecord[],
): number {
  checkVersion(data);
  const absolute = (data[1]! & ABSOLUTE_TIMESTAMPS) !== 0;
  const count = data.readUInt32LE(2);
  const baseTimestamp = data.readDoubleLE(6);
  const buffer = data.buffer;
  const origin = data.byteOffset;
  // Views are built on the whole ArrayBuffer, which may extend past this blob: check lengths against it.
  const limit = data.length;
  let pos = BATCH_HEADER;
  let i = 0;
  const skip = Math.min(Math.max(fromOffset - baseOffset, 0), count);
  for (; i < skip; i++) pos = skipRecord(data, absolute ? pos + 8 : skipVarint(data, pos));
  const stop = Math.min(count, i + maxRecords);
  const first = i;
  for (; i < stop; i++) {
    let timestamp: number;
    let v = data[pos]!;
    if (absolute) {
      timestamp = data.readDoubleLE(pos);
      pos += 8;
    } else {
      if (v < 0x80) pos++;
      else {
        v = readUvarint(data, pos);
        pos += uvarintSize(v);
      }
      timestamp = baseTimestamp + unzigzag(v);
    }

    // Lengths of one and two bytes inline: keys and typical values take these paths.
    let key: Buffer | null = null;
    v = data[pos]!;
    if (v < 0x80) pos++;
    else if (data[pos + 1]! < 0x80) {
      v = (v & 0x7f) | (data[pos + 1]! << 7);
      pos += 2;
    } else {
      v = readUvarint(data, pos);
      pos += uvarintSize(v);
    }
    if (v !== 0) {
      if (pos + v - 1 > limit) throw corrupt();
      key = new ViewBuffer(buffer, origin + pos, v - 1);
      pos += v - 1;
    }

    let value: Buffer | null = null;
    v = data[pos]!;
    if (v < 0x80) pos++;
    else if (data[pos + 1]! < 0x80) {
      v = (v & 0x7f) | (data[pos + 1]! << 7);
      pos += 2;
    } else {
      v = readUvarint(data, pos);
      pos += uvarintSize(v);
    }
    if (v !== 0) {
      if (pos + v - 1 > limit) throw corrupt();
      value = new ViewBuffer(buffer, origin + pos, v - 1);
      pos += v - 1;
    }

    let headers = EMPTY_HEADERS;
    if (data[pos] === 0) pos++;
    else {
      const headerCount = readUvarint(data, pos);
      pos += uvarintSize(headerCount);
      const list = new Array<Header>(headerCount);
      for (let j = 0; j < headerCount; j++) {
        const keyLength = readUvarint(data, pos);
        pos += uvarintSize(keyLength);
        if (pos + keyLength > limit) throw corrupt();
        const hkey = data.toString('utf8', pos, pos + keyLength);
        pos += keyLength;
        const valueLength = readUvarint(data, pos);
        pos += uvarintSize(valueLength);
        let hvalue: Buffer | null = null;
        if (valueLength !== 0) {
          if (pos + valueLength - 1 > limit) throw corrupt();
          hvalue = new ViewBuffer(buffer, origin + pos, valueLength - 1);
          pos += valueLength - 1;
        }
        list[j] = { key: hkey, value: hvalue };
      }
      headers = list;
    }
    out.push({ topic, partition, offset: baseOffset + i, key, value, timestamp, headers });
  }
  return i - first;
}

function skipVarint(data: Buffer, pos: number): number {
  while (data[pos]! >= 0x80) pos++;
  return pos + 1;
}

function skipBytes(data: Buffer, pos: number): number {
  const v = readUvarint(data, pos);
  return pos + uvarintSize(v) + (v === 0 ? 0 : v - 1);
}

/** Skips a record from just after its timestamp. */
function skipRecord(data: Buffer, pos: number): number {
  pos = skipBytes(data, pos);
  pos = skipBytes(data, pos);
  const headerCount = readUvarint(data, pos);
  pos += uvarintSize(headerCount);
  for (let j = 0; j < headerCount; j++) {
    const keyLength = readUvarint(data, pos);
    pos += uvarintSize(keyLength) + keyLength;
    pos = skipBytes(data, pos);
  }
  return pos;
}
