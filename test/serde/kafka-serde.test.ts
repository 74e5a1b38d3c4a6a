import { describe, expect, it } from 'vitest';
import { createSerde, SerdeError } from '../../src/serde/index.js';
import { BIGINT, BYTES, DOUBLE, INTEGER, STRING, type SqlType } from '../../src/types/sql-type.js';

const KAFKA = { format: 'KAFKA', options: {} } as const;
function serdeOf(type: SqlType, isKey = true) {
  return createSerde(KAFKA, [{ name: 'K', type }], isKey);
}
function hex(b: Buffer | null): string | null {
  return b === null ? null : b.toString('hex');
}

describe('KAFKA serde', () => {
  it('writes INTEGER as 4 big-endian bytes', () => {
    const serde = serdeOf(INTEGER);
    expect(hex(serde.serialize([1]))).toBe('00000001');
    expect(hex(serde.serialize([-2]))).toBe('fffffffe');
    expect(serde.deserialize(Buffer.from('80000000', 'hex'))).toEqual([-2147483648]);
  });

  it('writes BIGINT as 8 big-endian bytes, exact across the whole 64-bit range', () => {
    const serde = serdeOf(BIGINT);
    expect(hex(serde.serialize([1]))).toBe('0000000000000001');
    expect(hex(serde.serialize([-1]))).toBe('ffffffffffffffff');
    expect(hex(serde.serialize([10000000000]))).toBe('00000002540be400');
    expect(hex(serde.serialize([-9223372036854775808n]))).toBe('8000000000000000');
    for (const v of [0, 1, -1, 10000000000, -10000000000, 9007199254740991, -9007199254740991, 9223372036854775807n, -9223372036854775808n]) {
      expect(serde.deserialize(serde.serialize([v]))).toEqual([v]);
    }
    expect(serde.deserialize(Buffer.from('0020000000000000', 'hex'))).toEqual([9007199254740992n]);
  });

  it('writes DOUBLE as an 8-byte IEEE 754 value', () => {
    const serde = serdeOf(DOUBLE);
    expect(hex(serde.serialize([1.5]))).toBe('3ff8000000000000');
    expect(serde.deserialize(Buffer.from('3ff8000000000000', 'hex'))).toEqual([1.5]);
  });

  it('writes STRING as UTF-8 and keeps the empty string apart from null', () => {
    const serde = serdeOf(STRING);
    expect(hex(serde.serialize(['é']))).toBe('c3a9');
    expect(serde.serialize([''])).toEqual(Buffer.alloc(0));
    expect(serde.deserialize(Buffer.alloc(0))).toEqual(['']);
    expect(serde.serialize([null])).toBeNull();
    expect(serde.deserialize(null)).toBeNull();
  });

  it('writes BYTES raw and reads a copy', () => {
    const serde = serdeOf(BYTES, false);
    const raw = Buffer.from([0, 1, 2]);
    expect(serde.serialize([raw])).toEqual(raw);
    const [back] = serde.deserialize(raw)!;
    expect(back).toEqual(raw);
    expect(back).not.toBe(raw);
  });

  it('rejects data of the wrong size with the Kafka deserializer message', () => {
    expect(() => serdeOf(INTEGER).deserialize(Buffer.from([1, 2]))).toThrow(
      new SerdeError('Size of data received by IntegerDeserializer is not 4'),
    );
    expect(() => serdeOf(BIGINT).deserialize(Buffer.from([1]))).toThrow('Size of data received by LongDeserializer is not 8');
    expect(() => serdeOf(DOUBLE).deserialize(Buffer.from([1]))).toThrow('Size of data received by Deserializer is not 8');
  });

  it('ignores key bytes when there are no key columns', () => {
    const serde = createSerde(KAFKA, [], true);
    expect(serde.serialize([])).toBeNull();
    expect(serde.deserialize(Buffer.from('ignored'))).toEqual([]);
  });
});

describe('NONE serde', () => {
  it('writes null bytes and ignores whatever bytes it reads', () => {
    const serde = createSerde({ format: 'NONE', options: {} }, [], true);
    expect(serde.serialize([])).toBeNull();
    expect(serde.deserialize(Buffer.from('data that should be ignored'))).toEqual([]);
    expect(serde.deserialize(null)).toBeNull();
  });
});
