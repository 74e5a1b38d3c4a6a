// Windowed keys as Kafka Streams (and so ksqlDB) writes them, whatever the inner key format: the
// inner key's bytes, then the window as big-endian longs: the start for time windows (TUMBLING,
// HOPPING: the end is start + size), the end then the start for SESSION windows.

import { SerdeError } from './types.js';
import type { WindowInfo } from '../catalog/types.js';

export interface KeyWindow {
  readonly start: number;
  readonly end: number;
}

export function windowSuffixLength(info: WindowInfo): number {
  return info.type === 'SESSION' ? 16 : 8;
}

/** Appends the window to the serialized inner key (an absent inner key counts as empty). */
export function appendWindow(info: WindowInfo, inner: Buffer | null, window: KeyWindow): Buffer {
  const n = inner === null ? 0 : inner.length;
  const out = Buffer.allocUnsafe(n + windowSuffixLength(info));
  if (inner !== null) inner.copy(out, 0);
  if (info.type === 'SESSION') {
    writeLong(out, window.end, n);
    writeLong(out, window.start, n + 8);
  } else writeLong(out, window.start, n);
  return out;
}

const TWO_32 = 4294967296;

/** Writes a safe integer as a big-endian signed long without a BigInt (one per output record otherwise). */
function writeLong(out: Buffer, v: number, at: number): void {
  const hi = Math.floor(v / TWO_32);
  out.writeInt32BE(hi, at);
  out.writeUInt32BE(v - hi * TWO_32, at + 4);
}

/** Reads a big-endian signed long as a number (exact within the safe integer range). */
function readLong(key: Buffer, at: number): number {
  return key.readInt32BE(at) * TWO_32 + key.readUInt32BE(at + 4);
}

/** Splits a windowed key into the inner key's bytes and its window. */
export function splitWindow(info: WindowInfo, key: Buffer): { inner: Buffer; window: KeyWindow } {
  const suffix = windowSuffixLength(info);
  if (key.length < suffix) {
    throw new SerdeError(`Windowed key of ${key.length} bytes is too short for a ${info.type} window (needs at least ${suffix}).`);
  }
  const n = key.length - suffix;
  const inner = key.subarray(0, n);
  if (info.type === 'SESSION') {
    const end = readLong(key, n);
    const start = readLong(key, n + 8);
    return { inner, window: { start, end } };
  }
  const start = readLong(key, n);
  return { inner, window: { start, end: start + (info.sizeMs ?? 0) } };
}
