// The AVRO format: Confluent's wire header, then the Avro binary encoding of a record of the
// columns (or of the single column, unwrapped). Writers and readers are compiled once per schema.

import { defaultSchemaRegistry, type SchemaRegistry } from '../schema-registry/memory-registry.js';
import { avroSchemaText } from './avro-schema.js';
import { ByteReader, ByteWriter } from './binary-io.js';
import { optionalReader, optionalWriter } from './avro-codec.js';
import { payloadStart, writeSrHeader } from './sr-wire.js';
import { SerdeError, type Serde, type SerdeColumn } from './types.js';

export interface AvroSerdeOptions {
  readonly unwrapped: boolean;
  readonly fullSchemaName?: string;
  readonly registry?: SchemaRegistry;
}

export function createAvroSerde(columns: readonly SerdeColumn[], options: AvroSerdeOptions): Serde {
  const unwrapped = options.unwrapped && columns.length === 1;
  const registry = options.registry ?? defaultSchemaRegistry;
  let schemaId = -1;
  const idOf = (): number => (schemaId >= 0 ? schemaId : (schemaId = registry.idOf('AVRO', avroSchemaText(columns, unwrapped, options.fullSchemaName))));
  const writers = columns.map((c) => optionalWriter(c.type));
  const readers = columns.map((c) => optionalReader(c.type));
  const out = new ByteWriter();
  return {
    serialize(row) {
      if (row === null) return null;
      if (unwrapped && (row[0] === null || row[0] === undefined)) return null;
      out.reset();
      out.bytes(HEADER_PLACEHOLDER);
      if (unwrapped) {
        // The single column is the optional union itself.
        writers[0]!(out, row[0]);
      } else {
        for (let i = 0; i < writers.length; i++) {
          // Record fields are ["null", T] unions too.
          writers[i]!(out, row[i] ?? null);
        }
      }
      const bytes = out.take();
      writeSrHeader(bytes, idOf());
      return bytes;
    },
    deserialize(bytes) {
      if (bytes === null) return null;
      const r = new ByteReader(bytes, payloadStart(bytes, 'AVRO'));
      try {
        const row = new Array<unknown>(readers.length);
        for (let i = 0; i < readers.length; i++) row[i] = readers[i]!(r);
        return row;
      } catch (e) {
        if (e instanceof SerdeError) throw new SerdeError(`Failed to deserialize data for format AVRO: ${e.message}`);
        throw e;
      }
    },
  };
}

const HEADER_PLACEHOLDER = Buffer.alloc(5);
