// The record batches ksqlite writes itself (src/log/kafka/record-batch.ts) read back with kafkajs's
// own batch decoder: keys, values, tombstones, headers, timestamps and offsets as given.

import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { crc32c, encodeRecordBatch } from '../../src/log/kafka/record-batch.js';
import type { ProduceRecord } from '../../src/log/types.js';

const require = createRequire(import.meta.url);
interface DecodedRecord {
  key: Buffer | null;
  value: Buffer | null;
  timestamp: string;
  offset: string;
  headers: Record<string, Buffer | null | (Buffer | null)[]>;
}
interface DecodedBatch {
  records: DecodedRecord[];
  producerId: string;
  producerEpoch: number;
  firstSequence: number;
}
const Decoder = require('kafkajs/src/protocol/decoder') as new (b: Buffer) => unknown;
const decodeBatch = require('kafkajs/src/protocol/recordBatch/v0/decoder') as (d: unknown) => Promise<DecodedBatch>;

const buf = (s: string): Buffer => Buffer.from(s, 'utf8');

describe('record batches', () => {
  it('computes CRC-32C as Kafka does', () => {
    const data = buf('123456789');
    expect(crc32c(data, 0, data.length)).toBe(0xe3069283);
  });

  it('writes records kafkajs reads back with their keys, values, headers, timestamps and offsets', async () => {
    const records: ProduceRecord[] = [
      { key: buf('k1'), value: buf('{"a":1}'), timestamp: 1_700_000_000_000 },
      { key: null, value: null, timestamp: 1_700_000_000_500, headers: [{ key: 'h', value: buf('x') }, { key: 'ü', value: null }] },
      { key: buf('k3'), value: Buffer.alloc(300, 'v'), timestamp: 1_699_999_999_000 },
    ];
    const batch = encodeRecordBatch(records, Int32Array.from([0, 1, 2]), 0, 3, { producerId: 42n, producerEpoch: 3, baseSequence: 7 });
    expect(batch.readUInt32BE(17)).toBe(crc32c(batch, 21, batch.length));
    const decoded = await decodeBatch(new Decoder(batch));
    expect(decoded.producerId).toBe('42');
    expect(decoded.producerEpoch).toBe(3);
    expect(decoded.firstSequence).toBe(7);
    expect(decoded.records.map((r) => [r.offset, r.timestamp, r.key?.toString() ?? null, r.value?.toString() ?? null])).toEqual([
      ['0', '1700000000000', 'k1', '{"a":1}'],
      ['1', '1700000000500', null, null],
      ['2', '1699999999000', 'k3', 'v'.repeat(300)],
    ]);
    expect(decoded.records[1]!.headers).toEqual({ h: buf('x'), ü: null });
  });

  it('writes only the records the index range picks, in index order', async () => {
    const records: ProduceRecord[] = Array.from({ length: 5 }, (_, i) => ({ key: buf(`k${i}`), value: buf(`v${i}`), timestamp: i }));
    const batch = encodeRecordBatch(records, Int32Array.from([4, 2, 0, 3, 1]), 1, 4, { producerId: -1n, producerEpoch: -1, baseSequence: -1 });
    const decoded = await decodeBatch(new Decoder(batch));
    expect(decoded.records.map((r) => r.key!.toString())).toEqual(['k2', 'k0', 'k3']);
  });
});
