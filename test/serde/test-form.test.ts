import { describe, expect, it } from 'vitest';
import { bytesToTestForm, createSerde, parseJsonExact, testFormToBytes, type FormatInfo, type SerdeColumn } from '../../src/serde/index.js';
import { BIGINT, BYTES, DOUBLE, INTEGER, STRING } from '../../src/types/sql-type.js';

const fmt = (format: FormatInfo['format'], options: FormatInfo['options'] = {}): FormatInfo => ({ format, options });
const text = (b: Buffer | null): string | null => (b === null ? null : b.toString('utf8'));

describe('test-file records as bytes', () => {
  it('writes JSON inputs as given, so the deserializer coercions are exercised', () => {
    const cols: SerdeColumn[] = [{ name: 'V', type: INTEGER }];
    const json = parseJsonExact('{"v":"12","x":998877665544332211}');
    const bytes = testFormToBytes(fmt('JSON'), cols, false, json);
    expect(text(bytes)).toBe('{"v":"12","x":998877665544332211}');
    expect(createSerde(fmt('JSON'), cols, false).deserialize(bytes)).toEqual([12]);
  });

  it('writes DELIMITED inputs as the raw line and KAFKA inputs with Kafka serializers', () => {
    expect(text(testFormToBytes(fmt('DELIMITED'), [{ name: 'A', type: STRING }], false, '"a,b"'))).toBe('"a,b"');
    expect(testFormToBytes(fmt('KAFKA'), [{ name: 'K', type: INTEGER }], true, 3)!.toString('hex')).toBe('00000003');
    expect(testFormToBytes(fmt('KAFKA'), [{ name: 'V', type: BYTES }], false, 'dmFyaWF0aW9ucw==')!.toString()).toBe('variations');
  });

  it('writes keys of keyless sources as plain bytes, whatever the format', () => {
    expect(text(testFormToBytes(fmt('KAFKA'), [], true, 'should be ignored'))).toBe('should be ignored');
    expect(testFormToBytes(fmt('JSON'), [], true, null)).toBeNull();
  });

  it('reads outputs back into the form test files expect', () => {
    const kafkaKey: SerdeColumn[] = [{ name: 'K', type: BIGINT }];
    const keyBytes = createSerde(fmt('KAFKA'), kafkaKey, true).serialize([998877665544332211n]);
    expect(bytesToTestForm(fmt('KAFKA'), kafkaKey, true, keyBytes)).toBe(998877665544332211n);
    expect(bytesToTestForm(fmt('DELIMITED'), [{ name: 'D', type: DOUBLE }], false, Buffer.from('"-5.0"'))).toBe('"-5.0"');
    expect(bytesToTestForm(fmt('JSON'), [{ name: 'A', type: INTEGER }], false, Buffer.from('{"A":1}'))).toEqual({ A: 1 });
    expect(bytesToTestForm(fmt('NONE'), [], true, Buffer.from('x'))).toBeNull();
    expect(bytesToTestForm(fmt('JSON'), [{ name: 'A', type: INTEGER }], false, null)).toBeNull();
  });
});
