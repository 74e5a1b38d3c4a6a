// Byte-level reading and writing shared by the binary schema-registry formats (AVRO, PROTOBUF):
// a growable output buffer and an input cursor, with the varint, zigzag and IEEE-754 encodings
// both formats use.

import { SerdeError } from './types.js';

const TWO_32 = 4294967296;

/** A growable byte buffer, reused across records by one serde to keep allocation low. */
export class ByteWriter {
  buf: Buffer = Buffer.allocUnsafe(256);
  pos = 0;

  reset(): void {
    this.pos = 0;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  /** Unsigned varint of a non-negative integer below 2^53. */
  uvarint(v: number): void {
    this.ensure(10);
    while (v >= 0x80) {
      this.buf[this.pos++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[this.pos++] = v;
  }

  /** Unsigned varint of a 64-bit value given as a bigint (already reduced to 0..2^64-1). */
  uvarintBig(v: bigint): void {
    this.ensure(10);
    while (v >= 0x80n) {
      this.buf[this.pos++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.pos++] = Number(v);
  }

  /** Zigzag varint of a long (number or bigint), as Avro writes int and long. */
  zigzag(v: number | bigint): void {
    if (typeof v === 'number' && Number.isSafeInteger(v) && Math.abs(v) < 2 ** 52) {
      this.uvarint(v >= 0 ? v * 2 : -v * 2 - 1);
    } else {
      const b = BigInt.asIntN(64, BigInt(v));
      this.uvarintBig(BigInt.asUintN(64, (b << 1n) ^ (b >> 63n)));
    }
  }

  /** A 64-bit two's-complement varint, as Protobuf writes int32 and int64. */
  signedVarint(v: number | bigint): void {
    if (typeof v === 'number' && v >= 0 && Number.isSafeInteger(v)) this.uvarint(v);
    else this.uvarintBig(BigInt.asUintN(64, BigInt(v)));
  }

  doubleLE(v: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(v, this.pos);
    this.pos += 8;
  }

  /** A copy of what was written, so the buffer can be reused. */
  take(): Buffer {
    return Buffer.from(this.buf.subarray(0, this.pos));
  }
}

/** A cursor over a record's bytes; every read checks bounds and throws SerdeError past the end. */
export class ByteReader {
  pos: number;
  constructor(
    readonly buf: Buffer,
    start = 0,
    public end = buf.length,
  ) {
    this.pos = start;
  }

  private need(n: number): void {
    if (this.pos + n > this.end) throw new SerdeError('Unexpected end of data');
  }

  byte(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }

  bytes(n: number): Buffer {
    this.need(n);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** An unsigned varint up to 64 bits: a number when it fits 2^53, a bigint otherwise. */
  uvarint(): number | bigint {
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      const b = this.byte();
      result += (b & 0x7f) * mul;
      if ((b & 0x80) === 0) {
        if (result <= Number.MAX_SAFE_INTEGER) return result;
        return this.slowVarint(i + 1);
      }
      mul *= 128;
    }
    throw new SerdeError('Malformed varint');
  }

  private slowVarint(len: number): bigint {
    let v = 0n;
    for (let i = len - 1; i >= 0; i--) v = (v << 7n) | BigInt(this.buf[this.pos - len + i]! & 0x7f);
    return BigInt.asUintN(64, v);
  }

  uvarintNumber(): number {
    const v = this.uvarint();
    if (typeof v !== 'number') throw new SerdeError('Length out of range');
    return v;
  }

  /** Avro's zigzag long, normalized as BIGINT values are (number when safe). */
  zigzag(): number | bigint {
    const u = this.uvarint();
    if (typeof u === 'number') return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
    const b = BigInt.asIntN(64, (u >> 1n) ^ -(u & 1n));
    return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
  }

  /** Protobuf's two's-complement varint as a signed 64-bit value, normalized. */
  signedVarint64(): number | bigint {
    const u = this.uvarint();
    if (typeof u === 'number') return u;
    const b = BigInt.asIntN(64, u);
    return b >= -9007199254740991n && b <= 9007199254740991n ? Number(b) : b;
  }

  /** Protobuf's int32: the low 32 bits of the varint, signed. */
  signedVarint32(): number {
    const u = this.uvarint();
    const low = typeof u === 'number' ? u % TWO_32 : Number(u & 0xffffffffn);
    return low | 0;
  }

  doubleLE(): number {
    this.need(8);
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }
}

/** A DECIMAL's unscaled value as big-endian two's complement, the bytes Avro and Confluent use. */
export function unscaledBytes(unscaled: bigint): Buffer {
  const bits = bitLength(unscaled);
  // Leading zero bytes matter: they keep a positive value's sign bit clear.
  const hex = BigInt.asUintN(bits, unscaled).toString(16).padStart(bits / 4, '0');
  return Buffer.from(hex, 'hex');
}

function bitLength(v: bigint): number {
  const abs = v < 0n ? -v - 1n : v;
  const bits = abs === 0n ? 0 : abs.toString(2).length;
  return (Math.floor(bits / 8) + 1) * 8;
}

export function unscaledFromBytes(b: Buffer): bigint {
  if (b.length === 0) return 0n;
  const u = BigInt('0x' + b.toString('hex'));
  return BigInt.asIntN(b.length * 8, u);
}
