// The PROTOBUF and PROTOBUF_NOSR formats: the columns are fields 1..n of one message (keys too,
// even a single one: Protobuf has no bare primitives). PROTOBUF adds Confluent's wire header and
// the message index list (a single 0 for the first message); PROTOBUF_NOSR is the bare message.

import { defaultSchemaRegistry, type SchemaRegistry } from '../schema-registry/memory-registry.js';
import { ByteReader, ByteWriter } from './binary-io.js';
import { messageCodec } from './protobuf-codec.js';
import { protobufSchemaText } from './protobuf-schema.js';
import { payloadStart, writeSrHeader } from './sr-wire.js';
import { SerdeError, type Serde, type SerdeColumn } from './types.js';

export interface ProtobufSerdeOptions {
  /** PROTOBUF: Confluent's header; PROTOBUF_NOSR: none. */
  readonly withHeader: boolean;
  readonly registry?: SchemaRegistry;
}

export function createProtobufSerde(columns: readonly SerdeColumn[], options: ProtobufSerdeOptions): Serde {
  const codec = messageCodec(columns.map((c) => c.type));
  const registry = options.registry ?? defaultSchemaRegistry;
  const format = options.withHeader ? 'PROTOBUF' : 'PROTOBUF_NOSR';
  let schemaId = -1;
  const idOf = (): number => (schemaId >= 0 ? schemaId : (schemaId = registry.idOf('PROTOBUF', protobufSchemaText(columns))));
  const out = new ByteWriter();
  return {
    serialize(row) {
      if (row === null) return null;
      out.reset();
      // Header, then the message-index list [0] written as the single byte 0.
      if (options.withHeader) out.bytes(HEADER_PLACEHOLDER);
      codec.writeFields(out, row);
      const bytes = out.take();
      if (options.withHeader) writeSrHeader(bytes, idOf());
      return bytes;
    },
    deserialize(bytes) {
      if (bytes === null) return null;
      let start = 0;
      const r = new ByteReader(bytes);
      try {
        if (options.withHeader) {
          start = payloadStart(bytes, format);
          r.pos = start;
          // Message indexes: a zigzag count then that many indexes; 0 alone means [0].
          const count = r.zigzag();
          for (let i = 0; i < Number(count); i++) r.zigzag();
        }
        return codec.readFields(r);
      } catch (e) {
        if (e instanceof SerdeError) throw new SerdeError(`Failed to deserialize data for format ${format}: ${e.message}`);
        throw e;
      }
    },
  };
}

const HEADER_PLACEHOLDER = Buffer.alloc(6);
