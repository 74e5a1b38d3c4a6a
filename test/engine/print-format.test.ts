// How PRINT shows records: formats guessed from the bytes, ksqlDB's line layout.

import { describe, expect, it } from 'vitest';
import { decodeBytes, formatRecord, formatsHeader, guessFormat } from '../../src/engine/print-format.js';

const int32 = (n: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};

describe('PRINT formatting', () => {
  it('guesses JSON, strings, integers and bytes', () => {
    expect(guessFormat(Buffer.from('{"A":1}'))).toBe('JSON');
    expect(guessFormat(Buffer.from('alice'))).toBe('KAFKA_STRING');
    expect(guessFormat(Buffer.from('{not json'))).toBe('KAFKA_STRING');
    expect(guessFormat(int32(7))).toBe('KAFKA_INT');
    expect(guessFormat(Buffer.from([0, 0, 0, 0, 0, 0, 1, 0]))).toBe('KAFKA_BIGINT');
    expect(guessFormat(Buffer.from([0xff, 0x00, 0x01]))).toBe('BYTES');
    expect(guessFormat(null)).toBe('NULL');
    expect(decodeBytes(int32(-3))).toBe('-3');
    expect(decodeBytes(Buffer.from([0xff, 0x00, 0x01]))).toBe('0xff0001');
    expect(decodeBytes(null)).toBe('<null>');
  });

  it("prints a record in ksqlDB's layout, headers included", () => {
    const record = {
      partition: 1,
      offset: 5,
      timestamp: Date.UTC(2024, 0, 1, 10, 0, 0, 5),
      key: int32(42),
      value: Buffer.from('{"PAGE":"/home"}'),
      headers: [{ key: 'source', value: Buffer.from('web') }],
    };
    expect(formatsHeader(record)).toEqual(['Key format: KAFKA_INT', 'Value format: JSON or KAFKA_STRING']);
    expect(formatRecord(record)).toBe('rowtime: 2024/01/01 10:00:00.005 Z, key: 42, value: {"PAGE":"/home"}, headers: [source=web], partition: 1');
  });
});
