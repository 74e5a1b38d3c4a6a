// A benchmark's input records held compactly (all values in one buffer, ends in a typed array), so a
// million records cost their bytes and not a million objects: they are produced to the log in
// batches and read again, unchanged, by the floor measurement.

import type { ProduceRecord } from '../src/log/types.js';

export interface PackedRecords {
  readonly count: number;
  /** Key bytes of all records back to back, or null when every key is null. */
  readonly keys: Buffer | null;
  readonly keyEnds: Uint32Array | null;
  readonly values: Buffer;
  readonly valueEnds: Uint32Array;
  readonly timestamps: Float64Array;
}

/** Appends records to growing buffers; `build()` trims them to size. */
export class PackedBuilder {
  private count = 0;
  private values: Buffer = Buffer.allocUnsafe(1 << 20);
  private valueLength = 0;
  private valueEnds: Uint32Array = new Uint32Array(1024);
  private keys: Buffer | null = null;
  private keyLength = 0;
  private keyEnds: Uint32Array | null = null;
  private timestamps: Float64Array = new Float64Array(1024);

  constructor(private readonly withKeys: boolean) {
    if (withKeys) {
      this.keys = Buffer.allocUnsafe(1 << 16);
      this.keyEnds = new Uint32Array(1024);
    }
  }

  get size(): number {
    return this.count;
  }

  add(key: string | null, value: string, timestamp: number): void {
    if (this.count === this.valueEnds.length) {
      this.valueEnds = grow(this.valueEnds);
      this.timestamps = growF(this.timestamps);
      if (this.keyEnds) this.keyEnds = grow(this.keyEnds);
    }
    this.values = ensure(this.values, this.valueLength, value.length * 3);
    this.valueLength += this.values.write(value, this.valueLength, 'utf8');
    this.valueEnds[this.count] = this.valueLength;
    if (this.withKeys) {
      if (key === null) throw new Error('a keyed record set needs a key for every record');
      this.keys = ensure(this.keys!, this.keyLength, key.length * 3);
      this.keyLength += this.keys.write(key, this.keyLength, 'utf8');
      this.keyEnds![this.count] = this.keyLength;
    }
    this.timestamps[this.count] = timestamp;
    this.count++;
  }

  build(): PackedRecords {
    const n = this.count;
    return {
      count: n,
      keys: this.keys ? Buffer.from(this.keys.subarray(0, this.keyLength)) : null,
      keyEnds: this.keyEnds ? this.keyEnds.slice(0, n) : null,
      values: Buffer.from(this.values.subarray(0, this.valueLength)),
      valueEnds: this.valueEnds.slice(0, n),
      timestamps: this.timestamps.slice(0, n),
    };
  }
}

function ensure(buf: Buffer, used: number, more: number): Buffer {
  if (used + more <= buf.length) return buf;
  const next = Buffer.allocUnsafe(Math.max(buf.length * 2, used + more));
  buf.copy(next, 0, 0, used);
  return next;
}

function grow(a: Uint32Array): Uint32Array {
  const next = new Uint32Array(a.length * 2);
  next.set(a);
  return next;
}

function growF(a: Float64Array): Float64Array {
  const next = new Float64Array(a.length * 2);
  next.set(a);
  return next;
}

/** Records [from, to) as produce records; the buffers are views of the packed bytes (the log copies them). */
export function produceBatch(p: PackedRecords, from: number, to: number): ProduceRecord[] {
  const out: ProduceRecord[] = [];
  for (let i = from; i < to; i++) {
    const vs = i === 0 ? 0 : p.valueEnds[i - 1]!;
    let key: Buffer | null = null;
    if (p.keys && p.keyEnds) key = p.keys.subarray(i === 0 ? 0 : p.keyEnds[i - 1]!, p.keyEnds[i]!);
    out.push({ key, value: p.values.subarray(vs, p.valueEnds[i]!), timestamp: p.timestamps[i]! });
  }
  return out;
}

/** Average value size in bytes. */
export function averageValueBytes(p: PackedRecords): number {
  return p.count === 0 ? 0 : p.values.length / p.count;
}
