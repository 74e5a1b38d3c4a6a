import { describe, expect, it } from 'vitest';
import { KsqlError } from '../../src/errors.js';
import {
  createSerde,
  formatSupports,
  parseDelimiter,
  parseFormatName,
  type FormatInfo,
  type SerdeColumn,
} from '../../src/serde/index.js';
import { array, BOOLEAN, decimal, DOUBLE, INTEGER, map, STRING, struct } from '../../src/types/sql-type.js';

const fmt = (format: FormatInfo['format'], options: FormatInfo['options'] = {}): FormatInfo => ({ format, options });

describe('formatSupports', () => {
  it('accepts what each format can carry', () => {
    expect(formatSupports(fmt('KAFKA'), [{ name: 'K', type: STRING }], true)).toBeNull();
    expect(formatSupports(fmt('KAFKA'), [], true)).toBeNull();
    expect(formatSupports(fmt('DELIMITED'), [{ name: 'V', type: decimal(4, 2) }], false)).toBeNull();
    expect(formatSupports(fmt('JSON'), [{ name: 'V', type: map(STRING, array(INTEGER)) }], false)).toBeNull();
    expect(formatSupports(fmt('NONE'), [], true)).toBeNull();
    expect(formatSupports(fmt('JSON', { wrapSingleValue: false }), [{ name: 'V', type: INTEGER }], false)).toBeNull();
  });

  it('rejects KAFKA types it has no serializer for, wrapped in ksqlDB schema message', () => {
    expect(formatSupports(fmt('KAFKA'), [{ name: 'K', type: BOOLEAN }], true)).toBe(
      'Key format does not support schema.\nformat: KAFKA\nschema: Persistence{columns=[`K` BOOLEAN KEY], features=[]}\n' +
        "reason: The 'KAFKA' format does not support type 'BOOLEAN'",
    );
    expect(formatSupports(fmt('KAFKA'), [{ name: 'K', type: decimal(21, 19) }], true)).toContain(
      "schema: Persistence{columns=[`K` DECIMAL(21, 19) KEY], features=[]}\nreason: The 'KAFKA' format does not support type 'DECIMAL'",
    );
  });

  it('rejects more than one KAFKA column', () => {
    const cols: SerdeColumn[] = [
      { name: 'V0', type: INTEGER },
      { name: 'V1', type: STRING },
    ];
    expect(formatSupports(fmt('KAFKA'), cols, false)).toContain(
      "reason: The 'KAFKA' format only supports a single field. Got: [`V0` INTEGER, `V1` STRING]",
    );
  });

  it('rejects nested types in DELIMITED, naming the column', () => {
    expect(formatSupports(fmt('DELIMITED'), [{ name: 'K', type: struct([{ name: 'F', type: DOUBLE }]) }], true)).toBe(
      'Key format does not support schema.\nformat: DELIMITED\nschema: Persistence{columns=[`K` STRUCT<`F` DOUBLE> KEY], features=[]}\n' +
        "reason: The 'DELIMITED' format does not support type 'STRUCT', column: `K`",
    );
    expect(formatSupports(fmt('DELIMITED'), [{ name: 'FOO', type: array(INTEGER) }], false)).toContain(
      "The 'DELIMITED' format does not support type 'ARRAY'",
    );
  });

  it('rejects columns under NONE', () => {
    expect(formatSupports(fmt('NONE'), [{ name: 'K', type: STRING }], true)).toContain(
      "The 'NONE' format can only be used when no columns are defined. Got: [`K` STRING KEY]",
    );
    expect(formatSupports(fmt('NONE'), [{ name: 'FOO', type: INTEGER }], false)).toContain(
      "The 'NONE' format can only be used when no columns are defined. Got: [`FOO` INTEGER]",
    );
  });

  it('rejects JSON maps with non-STRING keys, however deeply nested', () => {
    expect(formatSupports(fmt('JSON'), [{ name: 'FOO', type: map(INTEGER, DOUBLE) }], false)).toContain(
      'JSON only supports MAP types with STRING keys',
    );
    expect(formatSupports(fmt('JSON'), [{ name: 'S', type: struct([{ name: 'M', type: map(STRING, map(BOOLEAN, INTEGER)) }]) }], false)).toContain(
      'JSON only supports MAP types with STRING keys',
    );
  });

  it('rejects key columns that contain maps, whatever the format', () => {
    expect(formatSupports(fmt('JSON'), [{ name: 'K', type: array(map(INTEGER, DOUBLE)) }], true)).toBe(
      'Map keys, including types that contain maps, are not supported as they may lead to unexpected behavior due to ' +
        'inconsistent serialization. Key column name: `K`. Column type: ARRAY<MAP<INTEGER, DOUBLE>>. ' +
        'See https://github.com/confluentinc/ksql/issues/6621 for more.',
    );
  });

  it('checks WRAP_SINGLE_VALUE like ksqlDB', () => {
    const two: SerdeColumn[] = [
      { name: 'F0', type: STRING },
      { name: 'F1', type: STRING },
    ];
    expect(formatSupports(fmt('JSON', { wrapSingleValue: true }), two, false)).toBe(
      "'WRAP_SINGLE_VALUE' is only valid for single-field value schemas",
    );
    expect(formatSupports(fmt('JSON', { wrapSingleValue: false }), two, false)).toBe(
      "'WRAP_SINGLE_VALUE' is only valid for single-field value schemas",
    );
    expect(formatSupports(fmt('DELIMITED', { wrapSingleValue: true }), [{ name: 'FOO', type: INTEGER }], false)).toBe(
      "Format 'DELIMITED' does not support 'WRAP_SINGLE_VALUE' set to 'true'.",
    );
    expect(formatSupports(fmt('PROTOBUF', { wrapSingleValue: false }), [{ name: 'FOO', type: INTEGER }], false)).toBe(
      "Format 'PROTOBUF' does not support 'WRAP_SINGLE_VALUE' set to 'false'.",
    );
    expect(formatSupports(fmt('DELIMITED', { wrapSingleValue: false }), [{ name: 'FOO', type: INTEGER }], false)).toBeNull();
  });

  it('rejects a delimiter on formats other than DELIMITED, and bad delimiters', () => {
    expect(formatSupports(fmt('JSON', { delimiter: '|' }), [{ name: 'V', type: INTEGER }], false)).toBe(
      'JSON does not support the following configs: [delimiter]',
    );
    expect(formatSupports(fmt('DELIMITED', { delimiter: '<~>' }), [{ name: 'V', type: INTEGER }], false)).toBe(
      "Configuration VALUE_DELIMITER is invalid: Invalid delimiter value: '<~>'. Delimiter must be a single character or TAB,SPACE\nExample valid value: ';'",
    );
  });
});

describe('createSerde', () => {
  it('refuses a schema its format cannot carry, with the same message', () => {
    expect(() => createSerde(fmt('KAFKA'), [{ name: 'K', type: BOOLEAN }], true)).toThrow(KsqlError);
    expect(() => createSerde(fmt('KAFKA'), [{ name: 'K', type: BOOLEAN }], true)).toThrow(
      "The 'KAFKA' format does not support type 'BOOLEAN'",
    );
  });

  it('refuses AVRO maps with non-STRING keys and field names Avro cannot spell', () => {
    expect(formatSupports(fmt('AVRO'), [{ name: 'M', type: map(INTEGER, INTEGER) }], false)).toContain('reason: Avro only supports MAPs with STRING keys');
    expect(formatSupports(fmt('AVRO'), [{ name: '1A', type: INTEGER }], false)).toContain('reason: Schema is not compatible with Avro: Illegal initial character: 1A');
    expect(formatSupports(fmt('AVRO'), [{ name: '1A', type: INTEGER }], true)).toBeNull();
  });

  it('builds serdes for the schema-registry formats', () => {
    const serde = createSerde(fmt('AVRO'), [{ name: 'V', type: INTEGER }], false);
    expect(serde.deserialize(serde.serialize([5]))).toEqual([5]);
  });
});

describe('parseFormatName and parseDelimiter', () => {
  it('accepts format names in any case and rejects unknown ones', () => {
    expect(parseFormatName('Avro')).toBe('AVRO');
    expect(parseFormatName('delimited')).toBe('DELIMITED');
    expect(() => parseFormatName('FOO')).toThrow('Unknown format: FOO');
  });

  it('accepts single characters and the names TAB and SPACE', () => {
    expect(parseDelimiter(';', 'VALUE_DELIMITER')).toBe(';');
    expect(parseDelimiter('TAB', 'VALUE_DELIMITER')).toBe('\t');
    expect(parseDelimiter('SPACE', 'KEY_DELIMITER')).toBe(' ');
  });

  it('rejects empty, whitespace and multi-character delimiters with ksqlDB messages', () => {
    const empty =
      "Configuration VALUE_DELIMITER is invalid: Delimiter cannot be empty, if you meant to have a tab or space for delimiter, please use the special values 'TAB' or 'SPACE'\nExample valid value: ';'";
    expect(() => parseDelimiter('', 'VALUE_DELIMITER')).toThrow(empty);
    expect(() => parseDelimiter(' ', 'VALUE_DELIMITER')).toThrow(empty);
    expect(() => parseDelimiter('\t', 'VALUE_DELIMITER')).toThrow(empty);
    expect(() => parseDelimiter('<~>', 'KEY_DELIMITER')).toThrow(
      "Configuration KEY_DELIMITER is invalid: Invalid delimiter value: '<~>'. Delimiter must be a single character or TAB,SPACE\nExample valid value: ';'",
    );
  });
});
