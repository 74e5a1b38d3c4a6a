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
    out.writeBigInt64BE(BigInt(window.end), n);
    out.writeBigInt64BE(BigInt(window.start), n + 8);
  } else out.writeBigInt64BE(BigInt(window.start), n);
  return out;
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
    const end = Number(key.readBigInt64BE(n));
    const start = Number(key.readBigInt64BE(n + 8));
    return { inner, window: { start, end } };
  }
  const start = Number(key.readBigInt64BE(n));
  return { inner, window: { start, end: start + (info.sizeMs ?? 0) } };
}
