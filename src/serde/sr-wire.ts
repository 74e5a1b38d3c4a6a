// Confluent's schema-registry wire format: a zero magic byte and the schema id (4 bytes, big
// endian) before the payload. AVRO, PROTOBUF and JSON_SR records carry it; PROTOBUF_NOSR does not.

import { SerdeError } from './types.js';

export const SR_HEADER_LENGTH = 5;

export function writeSrHeader(out: Buffer, schemaId: number): void {
  out[0] = 0;
  out.writeInt32BE(schemaId, 1);
}

export function srHeader(schemaId: number): Buffer {
  const b = Buffer.allocUnsafe(SR_HEADER_LENGTH);
  writeSrHeader(b, schemaId);
  return b;
}

/** Checks the header and answers where the payload starts. */
export function payloadStart(bytes: Buffer, format: string): number {
  if (bytes.length < SR_HEADER_LENGTH || bytes[0] !== 0) {
    throw new SerdeError(`Failed to deserialize data for format ${format}: Unknown magic byte!`);
  }
  return SR_HEADER_LENGTH;
}
