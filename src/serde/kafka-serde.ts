// The KAFKA format: one primitive column written with Kafka's own serializers: INTEGER as 4
// big-endian bytes, BIGINT as 8, DOUBLE as an 8-byte IEEE 754 value, STRING as UTF-8, BYTES raw.
// A null value is null bytes. With no columns (a keyless stream's key) the bytes are ignored.

import type { SqlType } from '../types/sql-type.js';
import { normalizeLong } from '../types/values.js';
import { SerdeError, type Serde, type SerdeColumn } from './types.js';

interface KafkaCodec {
  write(v: unknown): Buffer;
  read(b: Buffer): unknown;
}

const TWO_32 = 4294967296;

function sizeError(deserializer: string, size: number): SerdeError {
  return new SerdeError(`Size of data received by ${deserializer} is not ${size}`);
}

const CODECS = {
  INTEGER: {
    write(v) {
      const b = Buffer.allocUnsafe(4);
      b.writeInt32BE(v as number, 0);
      return b;
    },
    read(b) {
      if (b.length !== 4) throw sizeError('IntegerDeserializer', 4);
      return b.readInt32BE(0);
    },
  },
  BIGINT: {
    write(v) {
      const b = Buffer.allocUnsafe(8);
      if (typeof v === 'bigint') b.writeBigInt64BE(v, 0);
      else {
        // Safe integers split into two 32-bit halves without a bigint allocation.
        const n = v as number;
        const hi = Math.floor(n / TWO_32);
        b.writeInt32BE(hi, 0);
        b.writeUInt32BE(n - hi * TWO_32, 4);
      }
      return b;
    },
    read(b) {
      if (b.length !== 8) throw sizeError('LongDeserializer', 8);
      const hi = b.readInt32BE(0);
      // |hi| < 2^21 keeps hi * 2^32 + lo within the safe integers.
      if (hi > -2097152 && hi < 2097152) return hi * TWO_32 + b.readUInt32BE(4);
      return normalizeLong(b.readBigInt64BE(0));
    },
  },
  DOUBLE: {
    write(v) {
      const b = Buffer.allocUnsafe(8);
      b.writeDoubleBE(v as number, 0);
      return b;
    },
    read(b) {
      if (b.length !== 8) throw sizeError('Deserializer', 8);
      return b.readDoubleBE(0);
    },
  },
  STRING: {
    write: (v) => Buffer.from(v as string, 'utf8'),
    read: (b) => b.toString('utf8'),
  },
  BYTES: {
    // A copy, so the row never aliases memory the log may reuse.
    write: (v) => Buffer.from(v as Buffer),
    read: (b) => Buffer.from(b),
  },
} satisfies Record<string, KafkaCodec>;

/** The KAFKA format's supported types, as ksqlDB lists them. */
export function isKafkaType(t: SqlType): t is SqlType & { kind: keyof typeof CODECS } {
  return Object.hasOwn(CODECS, t.kind);
}

export function createKafkaSerde(columns: readonly SerdeColumn[]): Serde {
  if (columns.length === 0) {
    return {
      serialize: () => null,
      deserialize: (bytes) => (bytes === null ? null : []),
    };
  }
  const type = columns[0]!.type;
  if (columns.length > 1 || !isKafkaType(type)) {
    throw new SerdeError(`The 'KAFKA' format does not support type '${type.kind}'`);
  }
  const codec: KafkaCodec = CODECS[type.kind];
  return {
    serialize(row) {
      if (row === null) return null;
      const v = row[0];
      return v === null || v === undefined ? null : codec.write(v);
    },
    deserialize(bytes) {
      return bytes === null ? null : [codec.read(bytes)];
    },
  };
}
