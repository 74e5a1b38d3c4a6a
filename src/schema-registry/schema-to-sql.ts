// Turns a registered schema (Avro JSON, .proto text, JSON Schema) into SQL types, for CREATE
// statements without columns (schema inference). A record/message/object becomes its fields;
// anything else is one anonymous field (ksqlDB names it ROWKEY or ROWVAL).

import { KsqlError } from '../errors.js';
import { BIGINT, BOOLEAN, BYTES, DATE, DOUBLE, INTEGER, STRING, TIME, TIMESTAMP, array, decimal, map, struct, type SqlType } from '../types/sql-type.js';
import type { SchemaType } from './memory-registry.js';

export interface InferredSchema {
  /** The fields of a record schema; null for a primitive (or other non-record) schema. */
  readonly fields: readonly { readonly name: string; readonly type: SqlType }[] | null;
  /** The whole schema as one type (a STRUCT for records). */
  readonly type: SqlType;
}

/** `references`: the texts of imported schemas (PROTOBUF), whose messages the schema may use. */
export function inferSchema(schemaType: SchemaType, text: string, references: readonly string[] = []): InferredSchema {
  const type =
    schemaType === 'AVRO' ? avroToSql(JSON.parse(text) as unknown) : schemaType === 'PROTOBUF' ? protobufToSql(text, references) : jsonSchemaToSql(JSON.parse(text) as unknown);
  return { type, fields: type.kind === 'STRUCT' ? type.fields : null };
}

function unsupported(what: string): never {
  throw new KsqlError('INVALID_STATEMENT', `Schema inference does not support ${what}`);
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function avroToSql(s: unknown): SqlType {
  if (Array.isArray(s)) {
    const branches = s.filter((b) => b !== 'null');
    if (branches.length === 1) return avroToSql(branches[0]);
    return struct(branches.map((b, i) => ({ name: `${String(isObj(b) ? b['name'] ?? b['type'] : b).toUpperCase()}`.replace(/^(.*)$/, (m) => m || `F${i}`), type: avroToSql(b) })));
  }
  if (typeof s === 'string') return avroPrimitive(s);
  if (!isObj(s)) return unsupported('this Avro schema');
  const t = s['type'];
  const logical = s['logicalType'];
  if (logical === 'decimal') return decimal(Number(s['precision']), Number(s['scale'] ?? 0));
  if (logical === 'date') return DATE;
  if (logical === 'time-millis') return TIME;
  if (logical === 'timestamp-millis') return TIMESTAMP;
  switch (t) {
    case 'record': {
      const fields = (s['fields'] as Obj[]).map((f) => ({ name: String(f['name']), type: avroToSql(f['type']) }));
      return struct(fields);
    }
    case 'array': {
      const items = s['items'];
      // ksqlDB writes maps with non-string keys as arrays of {key, value} records.
      if (isObj(items) && items['type'] === 'record' && String(items['name'] ?? '').endsWith('MapEntry')) {
        const fs = items['fields'] as Obj[];
        return map(avroToSql(fs[0]!['type']), avroToSql(fs[1]!['type']));
      }
      return array(avroToSql(items));
    }
    case 'map':
      return map(STRING, avroToSql(s['values']));
    case 'enum':
      return STRING;
    case 'fixed':
      return BYTES;
    default:
      return avroToSql(t);
  }
}

function avroPrimitive(name: string): SqlType {
  switch (name) {
    case 'boolean':
      return BOOLEAN;
    case 'int':
      return INTEGER;
    case 'long':
      return BIGINT;
    case 'float':
    case 'double':
      return DOUBLE;
    case 'string':
      return STRING;
    case 'bytes':
      return BYTES;
    default:
      return unsupported(`the Avro type '${name}'`);
  }
}

function jsonSchemaToSql(s: unknown): SqlType {
  if (!isObj(s)) return unsupported('this JSON schema');
  const oneOf = (s['oneOf'] ?? s['anyOf']) as unknown[] | undefined;
  if (oneOf) {
    const rest = oneOf.filter((b) => !(isObj(b) && b['type'] === 'null'));
    if (rest.length === 1) return jsonSchemaToSql(rest[0]);
  }
  const title = s['title'];
  if (title === 'org.apache.kafka.connect.data.Decimal') {
    const p = s['connect.parameters'] as Obj | undefined;
    return decimal(Number(p?.['connect.decimal.precision'] ?? p?.['precision'] ?? 38), Number(p?.['scale'] ?? 0));
  }
  if (title === 'org.apache.kafka.connect.data.Date') return DATE;
  if (title === 'org.apache.kafka.connect.data.Time') return TIME;
  if (title === 'org.apache.kafka.connect.data.Timestamp') return TIMESTAMP;
  let t = s['type'];
  if (Array.isArray(t)) t = t.find((x) => x !== 'null');
  const ct = s['connect.type'];
  switch (t) {
    case 'boolean':
      return BOOLEAN;
    case 'integer':
      return ct === 'int32' || ct === 'int16' || ct === 'int8' ? INTEGER : BIGINT;
    case 'number':
      return DOUBLE;
    case 'string':
      return ct === 'bytes' ? BYTES : STRING;
    case 'array':
      return array(jsonSchemaToSql(s['items']));
    case 'object': {
      const props = s['properties'];
      if (isObj(props)) {
        const entries = Object.entries(props).sort(([, a], [, b]) => Number((a as Obj)['connect.index'] ?? 0) - Number((b as Obj)['connect.index'] ?? 0));
        return struct(entries.map(([name, v]) => ({ name, type: jsonSchemaToSql(v) })));
      }
      return map(STRING, jsonSchemaToSql(s['additionalProperties']));
    }
    default:
      return unsupported(`the JSON schema type '${String(t)}'`);
  }
}

// --- .proto text ---------------------------------------------------------------------------

interface ProtoMessage {
  readonly name: string;
  readonly fields: { name: string; typeName: string; repeated: boolean; mapKey?: string; params: Record<string, string> }[];
  readonly nested: Map<string, ProtoMessage | 'enum'>;
}

function tokenize(text: string): string[] {
  const noComments = text.replace(/\/\/[^\n]*/g, '').replace(/\/\*[\s\S]*?\*\//g, '');
  return noComments.match(/"[^"]*"|[A-Za-z_][\w.]*|\d+|[{}<>;=,[\]()]/g) ?? [];
}

function parseProto(text: string): { messages: ProtoMessage[]; all: Map<string, ProtoMessage | 'enum'> } {
  const toks = tokenize(text);
  const all = new Map<string, ProtoMessage | 'enum'>();
  let i = 0;
  const skipStatement = (): void => {
    while (i < toks.length && toks[i] !== ';') i++;
    i++;
  };
  const skipBlock = (): void => {
    let depth = 0;
    do {
      if (toks[i] === '{') depth++;
      else if (toks[i] === '}') depth--;
      i++;
    } while (depth > 0 && i < toks.length);
  };
  const parseMessage = (): ProtoMessage => {
    const name = toks[i++]!;
    const msg: ProtoMessage = { name, fields: [], nested: new Map() };
    all.set(name, msg);
    i++; // {
    let oneofDepth = 0;
    for (;;) {
      if (i >= toks.length) break;
      if (toks[i] === '}') {
        if (oneofDepth === 0) break;
        oneofDepth--;
        i++;
        continue;
      }
      const t = toks[i]!;
      if (t === 'message') {
        i++;
        const m = parseMessage();
        msg.nested.set(m.name, m);
      } else if (t === 'enum') {
        msg.nested.set(toks[i + 1]!, 'enum');
        all.set(toks[i + 1]!, 'enum');
        i += 2;
        skipBlock();
      } else if (t === 'oneof') {
        i += 3; // oneof name {
        oneofDepth++;
      } else if (t === 'option' || t === 'reserved' || t === 'extensions') {
        skipStatement();
      } else if (t === ';') {
        i++;
      } else {
        let repeated = false;
        if (t === 'repeated') {
          repeated = true;
          i++;
        } else if (t === 'optional' || t === 'required') i++;
        let typeName = toks[i++]!;
        let mapKey: string | undefined;
        if (typeName === 'map') {
          i++; // <
          mapKey = toks[i++]!;
          i++; // ,
          typeName = toks[i++]!;
          i++; // >
        }
        const fieldName = toks[i++]!;
        // Field options may carry ksqlDB's decimal parameters: { key: "precision", value: "4" }.
        const params: Record<string, string> = {};
        let k: string | undefined;
        let v: string | undefined;
        while (i < toks.length && toks[i] !== ';') {
          const tok = toks[i]!;
          if (tok === 'key') k = toks[i + 1]?.replace(/"/g, '');
          else if (tok === 'value') v = toks[i + 1]?.replace(/"/g, '');
          else if (tok === '}' && k !== undefined && v !== undefined) {
            params[k] = v;
            k = v = undefined;
          }
          i++;
        }
        i++;
        msg.fields.push({ name: fieldName, typeName, repeated, params, ...(mapKey === undefined ? {} : { mapKey }) });
      }
    }
    i++; // }
    // A oneof block's closing brace: handled by the loop as a stray '}' of the message otherwise.
    return msg;
  };
  const messages: ProtoMessage[] = [];
  while (i < toks.length) {
    const t = toks[i]!;
    if (t === 'message') {
      i++;
      messages.push(parseMessage());
    } else if (t === 'enum') {
      all.set(toks[i + 1]!, 'enum');
      i += 2;
      skipBlock();
    } else skipStatement();
  }
  return { messages, all };
}

const WRAPPERS: Record<string, SqlType> = {
  'google.protobuf.BoolValue': BOOLEAN,
  'google.protobuf.Int32Value': INTEGER,
  'google.protobuf.UInt32Value': BIGINT,
  'google.protobuf.Int64Value': BIGINT,
  'google.protobuf.UInt64Value': BIGINT,
  'google.protobuf.DoubleValue': DOUBLE,
  'google.protobuf.FloatValue': DOUBLE,
  'google.protobuf.StringValue': STRING,
  'google.protobuf.BytesValue': BYTES,
  'google.protobuf.Timestamp': TIMESTAMP,
  'google.type.Date': DATE,
  'google.type.TimeOfDay': TIME,
};

function protobufToSql(text: string, references: readonly string[]): SqlType {
  const { messages, all } = parseProto(text);
  for (const ref of references) for (const [name, m] of parseProto(ref).all) if (!all.has(name)) all.set(name, m);
  const first = messages[0];
  if (!first) return unsupported('a .proto schema without a message');
  const scalar = (name: string, scope: ProtoMessage): SqlType => {
    switch (name) {
      case 'bool':
        return BOOLEAN;
      case 'int32':
      case 'sint32':
      case 'sfixed32':
        return INTEGER;
      case 'int64':
      case 'sint64':
      case 'sfixed64':
      case 'uint32':
      case 'fixed32':
      case 'uint64':
      case 'fixed64':
        return BIGINT;
      case 'double':
      case 'float':
        return DOUBLE;
      case 'string':
        return STRING;
      case 'bytes':
        return BYTES;
    }
    const wk = WRAPPERS[name];
    if (wk) return wk;
    if (name === 'confluent.type.Decimal') return decimal(38, 0);
    const short = name.slice(name.lastIndexOf('.') + 1);
    const m = scope.nested.get(short) ?? all.get(short);
    if (m === 'enum') return STRING;
    if (m === undefined) return unsupported(`the protobuf type '${name}'`);
    return messageType(m);
  };
  const messageType = (m: ProtoMessage): SqlType =>
    struct(
      m.fields.map((f) => {
        const t =
          f.typeName === 'confluent.type.Decimal' ? decimal(Number(f.params['precision'] ?? 38), Number(f.params['scale'] ?? 0)) : scalar(f.typeName, m);
        return { name: f.name, type: f.mapKey !== undefined ? map(scalar(f.mapKey, m), t) : f.repeated ? array(t) : t };
      }),
    );
  return messageType(first);
}
