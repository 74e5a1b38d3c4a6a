// The JSON_SR format: Confluent's wire header (magic byte + schema id), then the same JSON text
// the JSON format writes. Reading accepts records without the header, as ksqlDB's JSON_SR
// deserializer does for plain JSON.

import { defaultSchemaRegistry, type SchemaRegistry } from '../schema-registry/memory-registry.js';
import { createJsonSerde } from './json-serde.js';
import { jsonSchemaText } from './json-schema.js';
import { SR_HEADER_LENGTH, writeSrHeader } from './sr-wire.js';
import type { Serde, SerdeColumn } from './types.js';

export function createJsonSrSerde(columns: readonly SerdeColumn[], options: { readonly unwrapped: boolean; readonly registry?: SchemaRegistry }): Serde {
  const json = createJsonSerde(columns, options);
  const registry = options.registry ?? defaultSchemaRegistry;
  let schemaId = -1;
  const idOf = (): number => (schemaId >= 0 ? schemaId : (schemaId = registry.idOf('JSON', jsonSchemaText(columns, options.unwrapped))));
  return {
    serialize(row) {
      const body = json.serialize(row);
      if (body === null) return null;
      const out = Buffer.allocUnsafe(SR_HEADER_LENGTH + body.length);
      writeSrHeader(out, idOf());
      body.copy(out, SR_HEADER_LENGTH);
      return out;
    },
    deserialize(bytes) {
      if (bytes === null) return null;
      return json.deserialize(bytes.length >= SR_HEADER_LENGTH && bytes[0] === 0 ? bytes.subarray(SR_HEADER_LENGTH) : bytes);
    },
  };
}
