// Changelog records of state stores (Kafka mode): what a flush wrote, as bytes a compacted topic
// can hold, and back. A stored value is a blob, a number or a text (see state-codec.ts), so the
// value carries a one-byte tag; window and session keys carry their bounds as big-endian longs.

import { KsqlError } from '../errors.js';
import type { StoredValue } from './state-codec.js';

export type ChangelogSink = (key: Buffer, value: Buffer | null) => void;

export function encodeStored(v: StoredValue): Buffer {
  if (Buffer.isBuffer(v)) return Buffer.concat([Buffer.from([0]), v]);
  if (typeof v === 'number') {
    const b = Buffer.allocUnsafe(9);
    b[0] = 1;
    b.writeDoubleBE(v, 1);
    return b;
  }
  return Buffer.concat([Buffer.from([2]), Buffer.from(v, 'utf8')]);
}

export function decodeStored(b: Buffer): StoredValue {
  switch (b[0]) {
    case 0:
      return b.subarray(1);
    case 1:
      return b.readDoubleBE(1);
    case 2:
      return b.subarray(1).toString('utf8');
    default:
      throw new KsqlError('INTERNAL', `Corrupt changelog value (tag ${String(b[0])})`);
  }
}

/** A key with numeric bounds in front: `bounds` longs, then the UTF-8 store key. */
export function boundedKey(bounds: readonly number[], key: string): Buffer {
  const k = Buffer.from(key, 'utf8');
  const out = Buffer.allocUnsafe(8 * bounds.length + k.length);
  bounds.forEach((v, i) => out.writeBigInt64BE(BigInt(v), 8 * i));
  k.copy(out, 8 * bounds.length);
  return out;
}

export function splitBoundedKey(b: Buffer, count: number): { bounds: number[]; key: string } {
  const bounds: number[] = [];
  for (let i = 0; i < count; i++) bounds.push(Number(b.readBigInt64BE(8 * i)));
  return { bounds, key: b.subarray(8 * count).toString('utf8') };
}
