// The batch framing: everything a producer writes comes back byte for byte, null stays distinct
// from empty, and a batch can be read from any offset inside it.

import { describe, expect, it } from 'vitest';
import { KsqlError } from '../../src/errors.js';
import { batchRecordCount, decodeBatch, encodeBatch } from '../../src/log/record-batch.js';
import type { LogRecord, ProduceRecord } from '../../src/log/types.js';

const NO_LIMIT = 1 << 30;

function decodeAll(data: Buffer, baseOffset = 0, fromOffset = 0, max = NO_LIMIT): LogRecord[] {
  const out: LogRecord[] = [];
  decodeBatch(data, 'orders', 2, baseOffset, fromOffset, max, out);
  return out;
}

function rec(key: string | null, value: string | null, timestamp: number): ProduceRecord {
  return { key: key === null ? null : Buffer.from(key), value: value === null ? null : Buffer.from(value), timestamp };
}

describe('record batch framing', () => {
  it('round-trips keys, values, timestamps and offsets of every record', () => {
    const records = [rec('k1', '{"a":1}', 1000), rec('k2', '{"a":2}', 1005), rec('k3', '{"a":3}', 999)];
    const batch = encodeBatch(records, 0, NO_LIMIT);
    expect(batch.end).toBe(3);
    expect(batch.maxTimestamp).toBe(1005);
    expect(batchRecordCount(batch.data)).toBe(3);
    const out = decodeAll(batch.data, 40);
    expect(out.map((r) => [r.topic, r.partition, r.offset, r.key?.toString(), r.value?.toString(), r.timestamp])).toEqual([
      ['orders', 2, 40, 'k1', '{"a":1}', 1000],
      ['orders', 2, 41, 'k2', '{"a":2}', 1005],
      ['orders', 2, 42, 'k3', '{"a":3}', 999],
    ]);
    expect(out.every((r) => r.headers.length === 0)).toBe(true);
  });

  it('keeps a null key or value distinct from an empty one', () => {
    const out = decodeAll(encodeBatch([rec(null, '', 1), rec('', null, 2)], 0, NO_LIMIT).data);
    expect(out[0]!.key).toBeNull();
    expect(out[0]!.value).toEqual(Buffer.alloc(0));
    expect(out[1]!.key).toEqual(Buffer.alloc(0));
    expect(out[1]!.value).toBeNull();
  });

  it('returns keys and values as Node Buffers', () => {
    const [r] = decodeAll(encodeBatch([rec('key', 'value', 1)], 0, NO_LIMIT).data);
    expect(Buffer.isBuffer(r!.key)).toBe(true);
    expect(Buffer.isBuffer(r!.value)).toBe(true);
    expect(r!.value!.toString('utf8', 1, 3)).toBe('al');
  });

  it('round-trips headers with utf8 names, null and binary values', () => {
    const headers = [
      { key: 'trace-id', value: Buffer.from([0, 255, 128]) },
      { key: 'naïve ключ', value: null },
      { key: '', value: Buffer.alloc(0) },
    ];
    const out = decodeAll(encodeBatch([{ ...rec('k', 'v', 5), headers }, rec('k2', 'v2', 6)], 0, NO_LIMIT).data);
    expect(out[0]!.headers).toEqual(headers);
    expect(out[1]!.headers).toEqual([]);
  });

  it('keeps timestamps exact far apart, before 1970 and up to 2^53 - 1', () => {
    const stamps = [1_700_000_000_000, 0, -86_400_000, Number.MAX_SAFE_INTEGER, 1_700_000_000_001, -Number.MAX_SAFE_INTEGER];
    const batch = encodeBatch(stamps.map((t, i) => rec(`k${i}`, 'v', t)), 0, NO_LIMIT);
    expect(decodeAll(batch.data).map((r) => r.timestamp)).toEqual(stamps);
    expect(batch.maxTimestamp).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('keeps mixed timestamps exact when only some records of a batch are far from the first', () => {
    const stamps = [5, 6, 2 ** 52 + 10, 7];
    expect(decodeAll(encodeBatch(stamps.map((t) => rec('k', 'v', t)), 0, NO_LIMIT).data, 0, 2).map((r) => r.timestamp)).toEqual([
      2 ** 52 + 10,
      7,
    ]);
  });

  it('rejects a timestamp that is not a whole number of milliseconds', () => {
    expect(() => encodeBatch([rec('k', 'v', 1.5)], 0, NO_LIMIT)).toThrow(/whole number of milliseconds, got 1.5/);
    expect(() => encodeBatch([rec('k', 'v', Number.NaN)], 0, NO_LIMIT)).toThrow(KsqlError);
  });

  it('round-trips values of several megabytes and lengths at every varint boundary', () => {
    const big = Buffer.alloc(5 * 1024 * 1024 + 3);
    for (let i = 0; i < big.length; i += 4093) big[i] = i & 0xff;
    const sizes = [126, 127, 128, 16382, 16383, 16384, 2097151, 2097152];
    const records: ProduceRecord[] = [{ key: big, value: big, timestamp: 1 }];
    for (const n of sizes) records.push({ key: Buffer.alloc(n, 7), value: Buffer.alloc(n + 1, 9), timestamp: 2 });
    const out = decodeAll(encodeBatch(records, 0, NO_LIMIT).data);
    expect(out[0]!.key!.equals(big)).toBe(true);
    expect(out[0]!.value!.equals(big)).toBe(true);
    expect(out.slice(1).map((r) => [r.key!.length, r.value!.length, r.value![r.value!.length - 1]])).toEqual(
      sizes.map((n) => [n, n + 1, 9]),
    );
  });

  it('reads from an offset inside the batch and stops at the record limit', () => {
    const records = Array.from({ length: 10 }, (_, i) => ({ ...rec(`k${i}`, `v${i}`, i), headers: [{ key: 'h', value: Buffer.from([i]) }] }));
    const data = encodeBatch(records, 0, NO_LIMIT).data;
    const out: LogRecord[] = [];
    expect(decodeBatch(data, 't', 0, 100, 104, 3, out)).toBe(3);
    expect(out.map((r) => [r.offset, r.value?.toString(), r.headers[0]!.value![0]])).toEqual([
      [104, 'v4', 4],
      [105, 'v5', 5],
      [106, 'v6', 6],
    ]);
    expect(decodeAll(data, 100, 50)).toHaveLength(10);
    expect(decodeAll(data, 100, 110)).toHaveLength(0);
  });

  it('splits a produce call into batches at the byte limit, always taking at least one record', () => {
    const records = Array.from({ length: 5 }, (_, i) => ({ key: null, value: Buffer.alloc(400, i), timestamp: i }));
    const first = encodeBatch(records, 0, 1000);
    expect(first.end).toBe(2);
    expect(first.data.length).toBeLessThanOrEqual(1000);
    const second = encodeBatch(records, 2, 1000);
    expect(second.end).toBe(4);
    expect(decodeAll(second.data, 2).map((r) => [r.offset, r.value![0], r.timestamp])).toEqual([
      [2, 2, 2],
      [3, 3, 3],
    ]);
    expect(encodeBatch(records, 0, 10).end).toBe(1);
  });

  it('refuses a blob from an unknown format version or cut short, instead of returning garbage', () => {
    const data = encodeBatch([rec('key', 'a value', 1)], 0, NO_LIMIT).data;
    const future = Buffer.from(data);
    future[0] = 9;
    expect(() => decodeAll(future)).toThrow(/format version 9/);
    expect(() => decodeAll(data.subarray(0, data.length - 3))).toThrow(/corrupt/);
    // Cut inside the value, with the rest of the ArrayBuffer still there: must not read past the blob.
    const inPool = Buffer.concat([data, Buffer.alloc(64)]);
    expect(() => decodeAll(inPool.subarray(0, data.length - 4))).toThrow(/corrupt/);
  });
});
